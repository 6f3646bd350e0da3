import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { LoadMore } from '../../components/load-more';
import { Section } from '../pods/dashboard.sections';
import { QueryState } from '../pods/query-state';
import { useUsage } from './billing.api';
import { formatDateTime, formatDuration, formatMoney } from './billing-format';

/** This month's metered intervals, newest first, a page at a time ("Load more"). */
export function UsageSection() {
  const usage = useUsage();
  return (
    <Section title="Usage this month" id="usage-title">
      <QueryState
        query={usage}
        loadingLabel="Loading usage"
        skeletons={[120]}
        errorTitle="Could not load usage"
      >
        {(data) => {
          const rows = data.pages.flatMap((p) => p.items);
          if (rows.length === 0)
            return (
              <Text c="dimmed" size="sm">
                No metered usage this month yet. Running pods are billed per second.
              </Text>
            );
          return (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table aria-label="Usage records" striped fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Pod</Table.Th>
                      <Table.Th>GPU</Table.Th>
                      <Table.Th>Provider</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Start</Table.Th>
                      <Table.Th>Duration</Table.Th>
                      <Table.Th ta="right">Amount</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.id} data-usage-id={r.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/pods/${encodeURIComponent(r.pod_id)}`} size="sm">
                            {r.pod_name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          {r.gpu_count}× {r.gpu_model}
                        </Table.Td>
                        <Table.Td>{r.provider}</Table.Td>
                        <Table.Td>
                          <Badge size="sm" variant="light" color={r.status === 'running' ? 'teal' : 'gray'}>
                            {r.status}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <time dateTime={r.started_at}>{formatDateTime(r.started_at)}</time>
                        </Table.Td>
                        <Table.Td>{formatDuration(r.seconds)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(r.amount)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <LoadMore query={usage} />
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}
