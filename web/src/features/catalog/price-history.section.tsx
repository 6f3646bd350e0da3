import { Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { usePriceHistory } from './catalog.api';
import { formatPricePerHour } from './catalog-format';
import { PriceHistoryChart } from './price-history.chart';

/** Rows of the table shown before "Show all". */
const TABLE_ROWS = 10;

/** The offer's price observations (provider price): a chart over time and the newest ones as a table. */
export function PriceHistorySection({ offerId }: { offerId: string }) {
  const history = usePriceHistory(offerId);
  const [showAll, setShowAll] = useState(false);
  const points = history.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = showAll ? points : points.slice(0, TABLE_ROWS);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="price-history-title">
      <Stack gap="md">
        <Title id="price-history-title" order={2} fz="lg">
          Price history
        </Title>
        {history.isPending ? (
          <Skeleton height={220} role="status" aria-label="Loading the price history" />
        ) : history.isError ? (
          <FormProblem error={history.error} title="Could not load the price history" />
        ) : points.length === 0 ? (
          <Text size="sm" c="dimmed">
            No price observations yet.
          </Text>
        ) : (
          <>
            <PriceHistoryChart points={points} now={history.dataUpdatedAt} />
            <Table aria-label="Price history" verticalSpacing={4} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Observed</Table.Th>
                  <Table.Th ta="right">Provider price</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.at} data-price={p.price_per_hour}>
                    <Table.Td>
                      <time dateTime={p.at}>{new Date(p.at).toLocaleString()}</time>
                    </Table.Td>
                    <Table.Td ta="right">{formatPricePerHour(p.price_per_hour)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group gap="xs">
              {points.length > TABLE_ROWS && (
                <Button variant="subtle" size="compact-sm" onClick={() => setShowAll(!showAll)}>
                  {showAll ? 'Show fewer' : `Show all ${points.length}`}
                </Button>
              )}
              {history.hasNextPage && (
                <Button
                  variant="default"
                  size="compact-sm"
                  loading={history.isFetchingNextPage}
                  onClick={() => {
                    setShowAll(true);
                    void history.fetchNextPage();
                  }}
                >
                  Load older prices
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
