import { Badge, Box, Group, Text, Tooltip } from '@mantine/core';
import type { Availability, Provider } from './catalog.api';
import { AVAILABILITY_COLOR, AVAILABILITY_LABEL, HEALTH_COLOR, HEALTH_LABEL } from './catalog-format';

/** Badges are one or two words: in a squeezed table cell they should widen the cell, not turn into "UNAVAIL…". */
const NO_TRUNCATION = { minWidth: 'max-content' } as const;

export function AvailabilityBadge({ availability }: { availability: Availability }) {
  return (
    <Badge
      variant="light"
      size="sm"
      color={AVAILABILITY_COLOR[availability]}
      data-availability={availability}
    >
      {AVAILABILITY_LABEL[availability]}
    </Badge>
  );
}

/** Spot (interruptible, cheaper) or on-demand. */
export function SpotBadge({ spot }: { spot: boolean }) {
  return spot ? (
    <Badge variant="outline" size="sm" color="orange" style={NO_TRUNCATION}>
      Spot
    </Badge>
  ) : (
    <Badge variant="outline" size="sm" color="gray" style={NO_TRUNCATION}>
      On-demand
    </Badge>
  );
}

/** A coloured dot for a provider's health; the status is in its label, not only in the colour. */
export function HealthDot({ provider }: { provider: Provider | undefined }) {
  const status = provider?.status;
  const label = status ? `${HEALTH_LABEL[status]}` : 'Health unknown';
  return (
    <Tooltip label={label} withArrow>
      <Box
        component="span"
        role="img"
        aria-label={label}
        data-health={status ?? 'unknown'}
        style={{
          display: 'inline-block',
          flex: 'none',
          width: 10,
          height: 10,
          borderRadius: '50%',
          backgroundColor: status
            ? `var(--mantine-color-${HEALTH_COLOR[status]}-6)`
            : 'var(--mantine-color-gray-5)',
        }}
      />
    </Tooltip>
  );
}

/** Provider name with its health dot (falls back to the id while the provider list loads). */
export function ProviderName({ id, provider }: { id: string; provider: Provider | undefined }) {
  return (
    <Group gap={6} wrap="nowrap">
      <HealthDot provider={provider} />
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {provider?.name ?? id}
      </Text>
    </Group>
  );
}
