import { Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { FormProblem } from '../auth/form-problem';
import { formatPricePerHour, formatTotal, formatUsd } from '../catalog/catalog-format';
import type { Estimate } from './pods.api';

/** Per hour / day / month and what the hourly price is made of (provider, plan markup, storage). */
export function CostBreakdown({ estimate }: { estimate: Estimate }) {
  const { breakdown } = estimate;
  return (
    <Stack gap="sm">
      <Group gap="xl" align="flex-end">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Per hour
          </Text>
          <Text fz={28} fw={700} lh={1.2} data-testid="estimate-per-hour">
            {formatPricePerHour(estimate.per_hour)}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Per day
          </Text>
          <Text fz="lg" fw={500} data-testid="estimate-per-day">
            {formatTotal(estimate.per_day)}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Per month (730 h)
          </Text>
          <Text fz="lg" fw={500} data-testid="estimate-per-month">
            {formatTotal(estimate.per_month)}
          </Text>
        </Stack>
      </Group>
      <Table aria-label="Hourly price breakdown" withRowBorders={false} verticalSpacing={2} fz="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>Provider</Table.Td>
            <Table.Td ta="right" data-testid="breakdown-provider">
              {formatUsd(breakdown.provider)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Plan markup</Table.Td>
            <Table.Td ta="right" data-testid="breakdown-markup">
              {formatUsd(breakdown.markup)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Storage ({estimate.storage_gb} GB)</Table.Td>
            <Table.Td ta="right" data-testid="breakdown-storage">
              {formatUsd(breakdown.storage)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

interface EstimatePanelProps {
  estimate: Estimate | undefined;
  error: unknown;
  loading: boolean;
}

/** The live estimate beside the configuration form; dimmed while the next answer is on its way. */
export function EstimatePanel({ estimate, error, loading }: EstimatePanelProps) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="estimate-title" aria-busy={loading}>
      <Group justify="space-between" mb="sm">
        <Title id="estimate-title" order={2} fz="lg">
          Estimated cost
        </Title>
        {loading && <Loader size="xs" aria-label="Updating the estimate" />}
      </Group>
      {error ? (
        <FormProblem error={error} title="Could not estimate the cost" />
      ) : estimate ? (
        <div style={{ opacity: loading ? 0.6 : 1, transition: 'opacity 150ms' }}>
          <CostBreakdown estimate={estimate} />
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          Calculating…
        </Text>
      )}
    </Card>
  );
}
