import { HoverCard, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import type { ValueExplanation } from './catalog.api';
import { formatScore } from './catalog-format';

const CRITERION_LABEL: Record<string, string> = {
  price: 'Price',
  performance: 'Performance',
  vram: 'VRAM',
  availability: 'Availability',
};

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));

/**
 * The TOPSIS closeness coefficient of an offer; hovering or focusing it explains the score: each
 * criterion's raw value, weight and weighted normalized value, and the distances to the ideal and
 * anti-ideal offers that the score is made of (score = d⁻ / (d⁺ + d⁻)).
 */
export function ValueScore({ score, explain }: { score: number; explain: ValueExplanation | undefined }) {
  const text = formatScore(score);
  if (!explain) {
    return (
      <Text size="sm" fw={600} data-value-score={score}>
        {text}
      </Text>
    );
  }
  return (
    <HoverCard width={340} shadow="md" withArrow openDelay={100} position="left">
      <HoverCard.Target>
        <UnstyledButton
          aria-label={`Value score ${text}: how it is computed`}
          data-value-score={score}
          fz="sm"
          fw={600}
          td="underline dotted"
        >
          {text}
        </UnstyledButton>
      </HoverCard.Target>
      <HoverCard.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Best-value score (TOPSIS)
          </Text>
          <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label="Value score breakdown">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Criterion</Table.Th>
                <Table.Th ta="right">Value</Table.Th>
                <Table.Th ta="right">Weight</Table.Th>
                <Table.Th ta="right">Weighted</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {explain.criteria.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>
                    {CRITERION_LABEL[c.name] ?? c.name}
                    <Text span c="dimmed" fz="xs">
                      {' '}
                      ({c.kind === 'cost' ? 'lower is better' : 'higher is better'})
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{round(c.raw)}</Table.Td>
                  <Table.Td ta="right">{Math.round(c.weight * 100)}%</Table.Td>
                  <Table.Td ta="right">{c.weighted.toFixed(4)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Distance to the ideal offer {explain.distance_to_ideal.toFixed(4)}, to the worst{' '}
            {explain.distance_to_anti_ideal.toFixed(4)}. Score = worst ÷ (ideal + worst) ={' '}
            {formatScore(explain.score)}; 1 is the best offer on every criterion.
          </Text>
        </Stack>
      </HoverCard.Dropdown>
    </HoverCard>
  );
}
