import { Anchor, Skeleton, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Offer, Provider } from './catalog.api';
import { AvailabilityBadge, ProviderName, SpotBadge } from './catalog-badges';
import { formatGb, formatLocation, formatPricePerHour } from './catalog-format';
import { ValueScore } from './value-score';

const COLUMNS = [
  'GPU',
  'GPUs',
  'VRAM / GPU',
  'vCPUs',
  'RAM',
  'Location',
  'Provider',
  'Type',
  'Availability',
  'Price / h',
  'Value',
] as const;

export interface OffersTableProps {
  offers: Offer[];
  providers: Map<string, Provider>;
  /** Dims the rows while the next page or a changed filter loads over them. */
  stale?: boolean;
  /** Offers whose price or availability just changed (live): highlighted for a moment. */
  updated?: ReadonlySet<string>;
}

/** The brief highlight of an offer that just changed. */
export function updatedStyle(updated: boolean | undefined) {
  return {
    backgroundColor: updated ? 'var(--mantine-color-yellow-light)' : undefined,
    transition: 'background-color 600ms',
  };
}

/** One row per offer; horizontally scrollable on narrow screens. Rows carry data attributes for tests and tooling. */
export function OffersTable({ offers, providers, stale, updated }: OffersTableProps) {
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="xs"
        aria-label="GPU offers"
        aria-busy={stale || undefined}
        style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c} style={{ whiteSpace: 'nowrap' }}>
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offers.map((offer) => (
            <Table.Tr
              key={offer.id}
              data-offer-id={offer.id}
              data-gpu-model={offer.gpu_model}
              data-value-score={offer.value_score}
              data-updated={updated?.has(offer.id) || undefined}
              style={updatedStyle(updated?.has(offer.id))}
            >
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={`/offers/${encodeURIComponent(offer.id)}`} fw={600} size="sm">
                  {offer.gpu_model}
                </Anchor>
              </Table.Td>
              <Table.Td>{offer.gpu_count}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatGb(offer.gpu_vram_gb)}</Table.Td>
              <Table.Td>{offer.vcpus}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatGb(offer.ram_gb)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatLocation(offer.region, offer.country)}
              </Table.Td>
              <Table.Td>
                <ProviderName id={offer.provider} provider={providers.get(offer.provider)} />
              </Table.Td>
              <Table.Td>
                <SpotBadge spot={offer.spot} />
              </Table.Td>
              <Table.Td>
                <AvailabilityBadge availability={offer.availability} />
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {formatPricePerHour(offer.price_per_hour_with_markup)}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatPricePerHour(offer.price_per_hour)} provider
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                {offer.value_score === undefined ? (
                  <Text size="sm" c="dimmed" aria-label="No value score (sort by best value)">
                    —
                  </Text>
                ) : (
                  <ValueScore score={offer.value_score} explain={offer.explain} />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Placeholder rows in the table's shape while the first page loads. */
export function OffersTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap="xs" role="status" aria-label="Loading offers">
      <Skeleton height={34} />
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
        <Skeleton key={i} height={44} />
      ))}
    </Stack>
  );
}
