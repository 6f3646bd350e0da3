import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { Link } from 'react-router';
import { LoadMore } from '../../components/load-more';
import { FormProblem } from '../auth/form-problem';
import { Section } from '../pods/dashboard.sections';
import { QueryState } from '../pods/query-state';
import { useInvoices, usePayInvoice } from './billing.api';
import { formatMoney, formatPeriod, INVOICE_STATUS_COLOR, kindLabel, statusLabel } from './billing-format';
import { useDownloadInvoice } from './invoice-download';

export function InvoiceStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={INVOICE_STATUS_COLOR[status] ?? 'gray'} data-status={status}>
      {statusLabel(status)}
    </Badge>
  );
}

/** Invoices, newest first: view, download, and pay the open ones. */
export function InvoicesSection() {
  const invoices = useInvoices();
  const download = useDownloadInvoice();
  const pay = usePayInvoice();
  return (
    <Section title="Invoices" id="invoices-title">
      <QueryState
        query={invoices}
        loadingLabel="Loading invoices"
        skeletons={[120]}
        errorTitle="Could not load invoices"
      >
        {(data) => {
          const rows = data.pages.flatMap((p) => p.items);
          if (rows.length === 0)
            return (
              <Text c="dimmed" size="sm">
                No invoices yet. Subscriptions are invoiced when they start; usage at the end of each month.
              </Text>
            );
          return (
            <>
              <FormProblem error={download.error} title="Could not download the invoice" />
              <FormProblem error={pay.error} title="The payment did not go through" />
              <Table.ScrollContainer minWidth={680}>
                <Table aria-label="Invoices" striped fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Number</Table.Th>
                      <Table.Th>Kind</Table.Th>
                      <Table.Th>Period</Table.Th>
                      <Table.Th ta="right">Total</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((inv) => (
                      <Table.Tr key={inv.id} data-invoice-id={inv.id} data-status={inv.status}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{inv.number}</Table.Td>
                        <Table.Td>{kindLabel(inv.kind)}</Table.Td>
                        <Table.Td>{formatPeriod(inv.period_start, inv.period_end)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(inv.total)}</Table.Td>
                        <Table.Td>
                          <InvoiceStatusBadge status={inv.status} />
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            {inv.status === 'open' && (
                              <Button
                                size="compact-sm"
                                color="orange"
                                loading={pay.isPending && pay.variables === inv.id}
                                onClick={() => pay.mutate(inv.id)}
                                aria-label={`Pay invoice ${inv.number} now`}
                              >
                                Pay now
                              </Button>
                            )}
                            <Button
                              component={Link}
                              to={`/billing/invoices/${encodeURIComponent(inv.id)}`}
                              size="compact-sm"
                              variant="light"
                              aria-label={`View invoice ${inv.number}`}
                            >
                              View
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              leftSection={<IconDownload size={14} />}
                              loading={download.isPending && download.variables?.id === inv.id}
                              onClick={() => download.mutate({ id: inv.id, number: inv.number })}
                              aria-label={`Download invoice ${inv.number}`}
                            >
                              Download
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <LoadMore query={invoices} />
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}
