import {
  Alert,
  Anchor,
  Button,
  Card,
  Container,
  Group,
  List,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { NotFoundPage } from '../../components/not-found.page';
import { usePageTitle } from '../../components/page-title';
import { FormProblem, hasCode, problemOf } from '../auth/form-problem';
import { useOffer } from '../catalog/catalog.api';
import { formatGb, formatLocation } from '../catalog/catalog-format';
import { CostBreakdown } from './estimate.panel';
import { type Draft, useDeploy, useDraft, useEstimate } from './pods.api';
import { formatPorts } from './pods-format';
import { QueryState } from './query-state';

/** A fresh Idempotency-Key; `getRandomValues` backs up `randomUUID` where the page is not a secure context. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** `/pods/drafts/:id/review`: what will be deployed and what it costs, then Deploy. */
export function ReviewPage() {
  const { id = '' } = useParams();
  const draft = useDraft(id);
  usePageTitle('Review and deploy');
  if (draft.isError && hasCode(draft.error, 'not_found')) return <NotFoundPage />;
  return (
    <Container size="md">
      <Stack gap="lg" py="lg">
        <Title order={1} fz={{ base: 26, sm: 34 }}>
          Review and deploy
        </Title>
        <QueryState
          query={draft}
          loadingLabel="Loading the draft"
          skeletons={[200, 120]}
          errorTitle="Could not load the draft"
        >
          {(data) => <Review draft={data} />}
        </QueryState>
      </Stack>
    </Container>
  );
}

function Review({ draft }: { draft: Draft }) {
  const navigate = useNavigate();
  // One key per page view: double clicks and retries replay the first deploy (API.md § Idempotency).
  const [idempotencyKey] = useState(newIdempotencyKey);
  const deploy = useDeploy(draft.id, idempotencyKey);
  const offer = useOffer(draft.offer_id);
  const estimate = useEstimate(draft.offer_id, draft.storage_gb);
  const o = offer.data;
  const rows: [string, string][] = [
    ['Name', draft.name],
    [
      'Offer',
      o ? `${o.gpu_count}× ${o.gpu_model} · ${o.provider} · ${formatLocation(o.region, o.country)}` : '…',
    ],
    ['vCPUs', String(draft.vcpus ?? o?.vcpus ?? '…')],
    ['RAM', draft.ram_gb !== null ? formatGb(draft.ram_gb) : o ? formatGb(o.ram_gb) : '…'],
    ['Storage', formatGb(draft.storage_gb)],
    ['Image', draft.image],
    ['Ports', formatPorts(draft.ports)],
    ['SSH key', draft.ssh_key_fingerprint ?? 'none (add one to log in with SSH)'],
  ];
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg" component="section" aria-labelledby="summary-title">
        <Group justify="space-between" mb="sm">
          <Title id="summary-title" order={2} fz="lg">
            Summary
          </Title>
          <Anchor
            component={Link}
            to={`/pods/new?offer=${encodeURIComponent(draft.offer_id)}&draft=${encodeURIComponent(draft.id)}`}
            size="sm"
          >
            <Group gap={4} component="span">
              <IconArrowLeft size={14} aria-hidden />
              Change
            </Group>
          </Anchor>
        </Group>
        <Table aria-label="Pod configuration" verticalSpacing={6} fz="sm">
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w="30%" fw={500} c="dimmed">
                  {label}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <Card withBorder padding="lg" component="section" aria-labelledby="cost-title">
        <Title id="cost-title" order={2} fz="lg" mb="sm">
          Cost
        </Title>
        {estimate.data ? (
          <CostBreakdown estimate={estimate.data} />
        ) : estimate.isError ? (
          <FormProblem error={estimate.error} title="Could not price the pod" />
        ) : (
          <Skeleton height={80} />
        )}
      </Card>

      <DeployProblem error={deploy.error} />
      <Group justify="flex-end">
        <Button
          size="md"
          leftSection={<IconRocket size={18} />}
          loading={deploy.isPending}
          // After a 202 the page is leaving: no second deploy meanwhile.
          disabled={deploy.isSuccess}
          onClick={() =>
            deploy.mutate(undefined, {
              onSuccess: ({ pod }) => navigate(`/pods/${encodeURIComponent(pod.id)}`),
            })
          }
        >
          Deploy
        </Button>
      </Group>
    </Stack>
  );
}

/** The deploy refusals a user can act on, each with what to do next. */
function DeployProblem({ error }: { error: unknown }) {
  const problem = problemOf(error);
  if (!error) return null;
  if (problem?.code === 'plan_limit_reached') {
    return (
      <Alert
        color="orange"
        variant="light"
        role="alert"
        title="Plan limit reached"
        icon={<IconAlertTriangle />}
      >
        <Text size="sm">{problem.detail ?? 'Your plan allows no more running pods.'}</Text>
        <Text size="sm" mt={4}>
          Terminate a pod from{' '}
          <Anchor component={Link} to="/pods">
            My pods
          </Anchor>{' '}
          or{' '}
          <Anchor component={Link} to="/plans">
            upgrade your plan
          </Anchor>
          .
        </Text>
      </Alert>
    );
  }
  if (problem?.status === 503) {
    return (
      <Alert
        color="red"
        variant="light"
        role="alert"
        title="Provider unavailable"
        icon={<IconAlertTriangle />}
      >
        <Text size="sm">{problem.detail ?? 'The provider cannot take new pods right now.'}</Text>
        <Text size="sm" mt={4}>
          Try again in a few minutes or{' '}
          <Anchor component={Link} to="/browse">
            choose another offer
          </Anchor>
          .
        </Text>
      </Alert>
    );
  }
  if (problem?.status === 422 && problem.errors?.length) {
    return (
      <Alert
        color="red"
        variant="light"
        role="alert"
        title="This draft cannot be deployed"
        icon={<IconAlertTriangle />}
      >
        <List size="sm">
          {problem.errors.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>
              {e.path.replace(/^\/body\//, '')}: {e.message}
            </List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  return <FormProblem error={error} title="Could not deploy" />;
}
