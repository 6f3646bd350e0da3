import { Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import { FormProblem } from '../auth/form-problem';
import { type FeaturedItem, type Provider, useFeatured, useProviderIndex } from '../catalog/catalog.api';
import { AvailabilityBadge, ProviderName } from '../catalog/catalog-badges';
import { formatGb, formatPricePerHour } from '../catalog/catalog-format';
import classes from './home.module.css';

const browseLink = (model: string) => `/browse?${new URLSearchParams({ gpu_model: model })}`;

/** The best current price of each featured GPU (`GET /providers/featured`), refreshed every minute. */
export function LivePricesSection() {
  const featured = useFeatured();
  const providers = useProviderIndex();

  return (
    <Stack component="section" aria-labelledby="live-prices-title" gap="lg">
      <Group justify="space-between" align="flex-end" gap="xs">
        <Stack gap={4}>
          <Title id="live-prices-title" order={2} fz={{ base: 24, sm: 30 }}>
            Live GPU prices
          </Title>
          <Text c="dimmed" size="sm">
            The best price right now for popular GPUs across every provider, including your plan's markup.
          </Text>
        </Stack>
        {featured.data && (
          <Text size="xs" c="dimmed">
            Updated{' '}
            <time dateTime={featured.data.generated_at}>
              {new Date(featured.data.generated_at).toLocaleTimeString()}
            </time>
          </Text>
        )}
      </Group>
      {featured.isPending ? (
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="lg" role="status" aria-label="Loading prices">
          {['a', 'b', 'c', 'd'].map((k) => (
            <Skeleton key={k} height={190} radius="md" />
          ))}
        </SimpleGrid>
      ) : featured.isError ? (
        <Stack gap="sm" align="flex-start">
          <FormProblem error={featured.error} title="Live prices are unavailable" />
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void featured.refetch()}
          >
            Retry
          </Button>
        </Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="lg">
          {featured.data.items.map((item) => (
            <FeaturedCard
              key={item.gpu_model}
              item={item}
              provider={item.best ? providers.get(item.best.provider) : undefined}
            />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function FeaturedCard({ item, provider }: { item: FeaturedItem; provider: Provider | undefined }) {
  const { best } = item;
  return (
    <Card
      withBorder
      padding="lg"
      className={classes.card}
      component="article"
      aria-labelledby={`featured-${item.gpu_model}`}
      data-gpu-model={item.gpu_model}
    >
      <Stack gap="xs" h="100%">
        <Stack gap={0}>
          <Title id={`featured-${item.gpu_model}`} order={3} fz="md">
            {item.gpu_model}
          </Title>
          {item.gpu && (
            <Text size="xs" c="dimmed">
              {item.gpu.vendor} {item.gpu.architecture} · {formatGb(item.gpu.vram_gb)}
            </Text>
          )}
        </Stack>
        {best ? (
          <>
            <Stack gap={0}>
              <Text fz={28} fw={700} lh={1.2} data-testid="featured-price">
                {formatPricePerHour(best.price_per_hour_with_markup)}
              </Text>
              <Text size="xs" c="dimmed">
                incl. markup{best.gpu_count > 1 ? ` · ${best.gpu_count} GPUs` : ''}
              </Text>
            </Stack>
            <Group justify="space-between" gap="xs">
              <ProviderName id={best.provider} provider={provider} />
              <AvailabilityBadge availability={best.availability} />
            </Group>
            <Group justify="space-between" gap="xs" mt="auto">
              <Anchor component={Link} to={`/offers/${encodeURIComponent(best.id)}`} size="sm">
                View offer
              </Anchor>
              <Anchor component={Link} to={browseLink(item.gpu_model)} size="sm" c="dimmed">
                All {item.offers_count} offers
              </Anchor>
            </Group>
          </>
        ) : (
          <Text size="sm" c="dimmed" mt="auto">
            No offers right now.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
