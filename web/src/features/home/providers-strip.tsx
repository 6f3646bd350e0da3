import { Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useProviders } from '../catalog/catalog.api';
import { HealthDot } from '../catalog/catalog-badges';

/** The providers we broker, each with its health (`GET /providers`). */
export function ProvidersStrip() {
  const providers = useProviders();
  const enabled = (providers.data ?? []).filter((p) => p.enabled);

  return (
    <Stack component="section" aria-labelledby="providers-title" gap="md">
      <Group gap="sm" align="baseline">
        <Title id="providers-title" order={2} fz={{ base: 24, sm: 30 }}>
          Providers
        </Title>
        {providers.data && (
          <Text c="dimmed" data-testid="providers-count">
            {enabled.length} GPU clouds, one console
          </Text>
        )}
      </Group>
      {providers.isPending ? (
        <Group gap="xs" role="status" aria-label="Loading providers">
          {Array.from({ length: 12 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
            <Skeleton key={i} height={30} width={110} radius="xl" />
          ))}
        </Group>
      ) : providers.isError ? (
        <Text size="sm" c="dimmed" role="alert">
          The provider list could not be loaded right now.
        </Text>
      ) : (
        <Paper withBorder p="md">
          <Group component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Providers">
            {enabled.map((p) => (
              <li key={p.id}>
                <Badge
                  variant="default"
                  size="lg"
                  radius="xl"
                  tt="none"
                  fw={500}
                  leftSection={<HealthDot provider={p} />}
                  data-provider={p.id}
                >
                  {p.name}
                </Badge>
              </li>
            ))}
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
