import { Alert, Anchor, Button, Card, Container, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload, IconPrinter } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { FormProblem } from '../auth/form-problem';
import { QueryState } from '../pods/query-state';
import { type InvoiceDetail, useInvoice, usePayInvoice } from './billing.api';
import { formatDateTime, formatMoney, formatPeriod, formatQuantity, kindLabel } from './billing-format';
import { useDownloadInvoice } from './invoice-download';
import classes from './invoice-print.module.css';
import { InvoiceStatusBadge } from './invoices.section';

function Lines({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-label="Invoice lines" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Th>Quantity</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoice.lines.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text size="sm" c="dimmed">
                  No lines.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            invoice.lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id and never reorder
              <Table.Tr key={i} data-kind={line.kind}>
                <Table.Td>{line.description}</Table.Td>
                <Table.Td>{formatQuantity(line.quantity, line.unit)}</Table.Td>
                <Table.Td ta="right">{formatMoney(line.amount)}</Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={2}>Subtotal</Table.Th>
            <Table.Td ta="right">{formatMoney(invoice.subtotal)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th colSpan={2}>Total</Table.Th>
            <Table.Td ta="right" fw={700} data-testid="invoice-total">
              {formatMoney(invoice.total)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function InvoiceView({ invoice }: { invoice: InvoiceDetail }) {
  const download = useDownloadInvoice();
  const pay = usePayInvoice();
  return (
    <Stack gap="md">
      <Group gap="xs" className={classes.noPrint}>
        <Button leftSection={<IconPrinter size={16} />} variant="default" onClick={() => window.print()}>
          Print
        </Button>
        <Button
          leftSection={<IconDownload size={16} />}
          variant="default"
          loading={download.isPending}
          onClick={() => download.mutate({ id: invoice.id, number: invoice.number })}
        >
          Download
        </Button>
        {invoice.status === 'open' && (
          <Button color="orange" loading={pay.isPending} onClick={() => pay.mutate(invoice.id)}>
            Pay now
          </Button>
        )}
      </Group>
      <div className={classes.noPrint}>
        <Stack gap="xs">
          <FormProblem error={download.error} title="Could not download the invoice" />
          <FormProblem error={pay.error} title="The payment did not go through" />
        </Stack>
      </div>
      <Card withBorder padding="lg" className={classes.document} data-invoice-print>
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" gap="sm">
            <Stack gap={2}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                GPUBROKER · {kindLabel(invoice.kind)} invoice
              </Text>
              <Title order={1} fz={{ base: 22, sm: 28 }} data-testid="invoice-number">
                Invoice {invoice.number}
              </Title>
            </Stack>
            <InvoiceStatusBadge status={invoice.status} />
          </Group>
          <Stack gap={2}>
            <Text size="sm">Period: {formatPeriod(invoice.period_start, invoice.period_end)}</Text>
            <Text size="sm">Issued: {formatDateTime(invoice.issued_at)} UTC</Text>
            {invoice.paid_at && <Text size="sm">Paid: {formatDateTime(invoice.paid_at)} UTC</Text>}
          </Stack>
          {invoice.failure_message && (
            <Alert color="red" variant="light" title="Payment failed">
              {invoice.failure_message}
              {invoice.next_attempt_at && ` Next attempt: ${formatDateTime(invoice.next_attempt_at)} UTC.`}
            </Alert>
          )}
          <Lines invoice={invoice} />
        </Stack>
      </Card>
    </Stack>
  );
}

/** `/billing/invoices/:id`: one invoice, printable, with Download and (when open) Pay now. */
export function InvoicePage() {
  const { id = '' } = useParams();
  const invoice = useInvoice(id);
  usePageTitle(invoice.data ? `Invoice ${invoice.data.number}` : 'Invoice');
  return (
    <Container size="md">
      <Stack gap="md" py="lg">
        <Anchor component={Link} to="/billing" size="sm" className={classes.noPrint}>
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden /> Billing
          </Group>
        </Anchor>
        <QueryState
          query={invoice}
          loadingLabel="Loading the invoice"
          skeletons={[60, 300]}
          errorTitle="Could not load the invoice"
        >
          {(data) => <InvoiceView invoice={data} />}
        </QueryState>
      </Stack>
    </Container>
  );
}
