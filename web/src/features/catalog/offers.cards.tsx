import { Anchor, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { AvailabilityBadge, ProviderName, SpotBadge } from './catalog-badges';
import { formatGb, formatLocation, formatPricePerHour } from './catalog-format';
import { type OffersTableProps, updatedStyle } from './offers.table';
import { ValueScore } from './value-score';

/** The offers as a list of cards, for phones and tablets: the same facts as the table, price first. */
export function OffersCards({ offers, providers, stale, updated }: OffersTableProps) {
  return (
    <SimpleGrid
      component="ul"
      cols={{ base: 1, sm: 2 }}
      spacing="sm"
      m={0}
      p={0}
      aria-label="GPU offers"
      aria-busy={stale || undefined}
      style={{ listStyle: 'none', opacity: stale ? 0.6 : 1, transition: 'opacity 150ms' }}
    >
      {offers.map((offer) => (
        <Card
          key={offer.id}
          component="li"
          withBorder
          padding="sm"
          data-offer-id={offer.id}
          data-gpu-model={offer.gpu_model}
          data-value-score={offer.value_score}
          data-updated={updated?.has(offer.id) || undefined}
          style={updatedStyle(updated?.has(offer.id))}
        >
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/offers/${encodeURIComponent(offer.id)}`} fw={600}>
                {offer.gpu_count}× {offer.gpu_model}
              </Anchor>
              <Stack gap={0} align="flex-end">
                <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {formatPricePerHour(offer.price_per_hour_with_markup)}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {formatPricePerHour(offer.price_per_hour)} provider
                </Text>
              </Stack>
            </Group>
            <Text size="sm" c="dimmed">
              {formatGb(offer.gpu_vram_gb)} per GPU · {offer.vcpus} vCPUs · {formatGb(offer.ram_gb)} RAM ·{' '}
              {formatLocation(offer.region, offer.country)}
            </Text>
            <Group justify="space-between" gap="xs">
              <Group gap="xs">
                <ProviderName id={offer.provider} provider={providers.get(offer.provider)} />
                <SpotBadge spot={offer.spot} />
                <AvailabilityBadge availability={offer.availability} />
              </Group>
              {offer.value_score !== undefined && (
                <Group gap={4}>
                  <Text size="xs" c="dimmed">
                    Value
                  </Text>
                  <ValueScore score={offer.value_score} explain={offer.explain} />
                </Group>
              )}
            </Group>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
