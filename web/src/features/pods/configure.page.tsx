import { Anchor, Container, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { FormProblem } from '../auth/form-problem';
import { useOffer } from '../catalog/catalog.api';
import { formatLocation, formatPricePerHour } from '../catalog/catalog-format';
import { ConfigureForm } from './configure.form';
import { useDraft } from './pods.api';

/** `/pods/new?offer=…` (and `&draft=…` when coming back from the review to change something). */
export function ConfigurePage() {
  const [params] = useSearchParams();
  const offerId = params.get('offer') ?? '';
  usePageTitle('Configure a pod');
  if (offerId === '') {
    return (
      <Container size="lg" py="lg">
        <Text>
          Choose an offer first:{' '}
          <Anchor component={Link} to="/browse">
            browse the offers
          </Anchor>
          .
        </Text>
      </Container>
    );
  }
  return <Configure offerId={offerId} draftId={params.get('draft') ?? undefined} />;
}

function Configure({ offerId, draftId }: { offerId: string; draftId: string | undefined }) {
  const offer = useOffer(offerId);
  const draft = useDraft(draftId);

  const loading = offer.isPending || (draftId !== undefined && draft.isPending);
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Anchor component={Link} to={`/offers/${encodeURIComponent(offerId)}`} size="sm" w="fit-content">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            Back to the offer
          </Group>
        </Anchor>
        <Stack gap={4}>
          <Title order={1} fz={{ base: 26, sm: 34 }}>
            Configure a pod
          </Title>
          {offer.data && (
            <Text c="dimmed" data-testid="configure-offer">
              {offer.data.gpu_count}× {offer.data.gpu_model} · {offer.data.provider} ·{' '}
              {formatLocation(offer.data.region, offer.data.country)} ·{' '}
              {formatPricePerHour(offer.data.price_per_hour_with_markup)}
            </Text>
          )}
        </Stack>
        {offer.isError ? (
          <FormProblem error={offer.error} title="Could not load the offer" />
        ) : draft.isError ? (
          <FormProblem error={draft.error} title="Could not load the draft" />
        ) : loading ? (
          <Stack gap="md" role="status" aria-label="Loading the offer">
            <Skeleton height={36} />
            <Skeleton height={240} />
          </Stack>
        ) : (
          <ConfigureForm offer={offer.data} draft={draft.data} />
        )}
      </Stack>
    </Container>
  );
}
