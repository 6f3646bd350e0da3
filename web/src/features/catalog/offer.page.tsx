import { Anchor, Button, Card, Container, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconRocket } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { NotFoundPage } from '../../components/not-found.page';
import { usePageTitle } from '../../components/page-title';
import { loginPathFor, useAuth } from '../../lib/auth';
import { FormProblem, hasCode } from '../auth/form-problem';
import { type Offer, useGpus, useOffer, useProviderIndex } from './catalog.api';
import { AvailabilityBadge, ProviderName, SpotBadge } from './catalog-badges';
import { formatLocation, formatPricePerHour, formatTotal } from './catalog-format';
import { GpuSpecs, OfferFacts, ProviderHealth } from './offer-specs';
import { PriceHistorySection } from './price-history.section';

/** One offer: what it is, what it costs (with and without markup), the GPU, the provider, the price over time. */
export function OfferPage() {
  const { id = '' } = useParams();
  const offer = useOffer(id);
  usePageTitle(offer.data ? `${offer.data.gpu_count}× ${offer.data.gpu_model}` : 'Offer');

  if (offer.isError && hasCode(offer.error, 'not_found')) return <NotFoundPage />;
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Anchor component={Link} to="/browse" size="sm" w="fit-content">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            All offers
          </Group>
        </Anchor>
        {offer.isPending ? (
          <Stack gap="md" role="status" aria-label="Loading the offer">
            <Skeleton height={40} width="60%" />
            <Skeleton height={160} />
            <Skeleton height={240} />
          </Stack>
        ) : offer.isError ? (
          <FormProblem error={offer.error} title="Could not load the offer" />
        ) : (
          <OfferDetail offer={offer.data} />
        )}
      </Stack>
    </Container>
  );
}

/** Deploy for a signed-in user; otherwise a link to log in that comes back to the configuration. */
function DeployAction({ offerId }: { offerId: string }) {
  const { status } = useAuth();
  const configure = `/pods/new?offer=${encodeURIComponent(offerId)}`;
  if (status === 'loading') return null;
  if (status === 'anonymous') {
    return (
      <Anchor component={Link} to={loginPathFor(configure)} fw={500}>
        Sign in to deploy
      </Anchor>
    );
  }
  return (
    <Button component={Link} to={configure} leftSection={<IconRocket size={16} />}>
      Deploy
    </Button>
  );
}

function OfferDetail({ offer }: { offer: Offer }) {
  const providers = useProviderIndex();
  const gpus = useGpus();
  const provider = providers.get(offer.provider);
  const gpu = gpus.data?.find((g) => g.model === offer.gpu_model);
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Title order={1} fz={{ base: 26, sm: 34 }}>
          {offer.gpu_count}× {offer.gpu_model}
        </Title>
        <Group gap="sm">
          <ProviderName id={offer.provider} provider={provider} />
          <Text size="sm" c="dimmed">
            {formatLocation(offer.region, offer.country)}
          </Text>
          <SpotBadge spot={offer.spot} />
          <AvailabilityBadge availability={offer.availability} />
        </Group>
      </Stack>

      <Card withBorder padding="lg" component="section" aria-labelledby="offer-price-title">
        <Title id="offer-price-title" order={2} fz="lg" mb="sm">
          Price
        </Title>
        <Group gap="xl" align="flex-end">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              Your price (incl. your plan's markup)
            </Text>
            <Text fz={32} fw={700} lh={1.2} data-testid="price-with-markup">
              {formatPricePerHour(offer.price_per_hour_with_markup)}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              Provider price
            </Text>
            <Text fz="lg" fw={500} data-testid="provider-price">
              {formatPricePerHour(offer.price_per_hour)}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              Per day · per 30-day month
            </Text>
            <Text fz="lg" fw={500}>
              {formatTotal(offer.price_per_hour_with_markup * 24)} ·{' '}
              {formatTotal(offer.price_per_hour_with_markup * 720)}
            </Text>
          </Stack>
        </Group>
        <Text size="xs" c="dimmed" mt="sm">
          For the whole offer ({offer.gpu_count} GPU{offer.gpu_count === 1 ? '' : 's'}):{' '}
          {formatPricePerHour(offer.price_per_hour_with_markup / offer.gpu_count)} per GPU.
        </Text>
        <Group mt="md">
          <DeployAction offerId={offer.id} />
        </Group>
      </Card>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <OfferFacts offer={offer} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="lg">
            <GpuSpecs model={offer.gpu_model} gpu={gpu} />
            <ProviderHealth id={offer.provider} provider={provider} />
          </Stack>
        </Grid.Col>
      </Grid>

      <PriceHistorySection offerId={offer.id} />
    </Stack>
  );
}
