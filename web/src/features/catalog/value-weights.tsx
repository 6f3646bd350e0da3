import { Button, Group, Paper, SimpleGrid, Slider, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CRITERIA, type Criterion, DEFAULT_WEIGHTS, type Weights } from './browse-filters';

const LABEL: Record<Criterion, string> = {
  price: 'Price',
  performance: 'Performance',
  vram: 'VRAM',
  availability: 'Availability',
};

export interface ValueWeightsProps {
  /** Undefined = the server's defaults. */
  weights: Weights | undefined;
  onChange(weights: Weights | undefined): void;
}

/**
 * How much each criterion counts in the best-value ranking. The sliders are relative (the server
 * scales them to sum 1); a change is applied when the thumb is released.
 */
export function ValueWeights({ weights, onChange }: ValueWeightsProps) {
  const [draft, setDraft] = useState<Weights>(weights ?? DEFAULT_WEIGHTS);
  useEffect(() => setDraft(weights ?? DEFAULT_WEIGHTS), [weights]);
  const total = CRITERIA.reduce((sum, c) => sum + draft[c], 0);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="value-weights-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Text id="value-weights-title" fw={600} size="sm">
            Best-value weights
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange(undefined)} disabled={!weights}>
            Reset weights
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="lg">
          {CRITERIA.map((c) => {
            const share = total > 0 ? Math.round((draft[c] / total) * 100) : 0;
            return (
              <Stack key={c} gap={4}>
                <Group justify="space-between" gap={4}>
                  <Text size="sm" id={`weight-${c}`}>
                    {LABEL[c]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {share}%
                  </Text>
                </Group>
                <Slider
                  min={0}
                  max={100}
                  step={5}
                  value={draft[c]}
                  thumbLabel={`${LABEL[c]} weight`}
                  label={(v) => `${v}`}
                  onChange={(v) => setDraft((d) => ({ ...d, [c]: v }))}
                  onChangeEnd={(v) => {
                    const next = { ...draft, [c]: v };
                    // All zero ranks nothing (the server refuses it): keep it as a draft until one rises.
                    if (CRITERIA.some((k) => next[k] > 0)) onChange(next);
                  }}
                />
              </Stack>
            );
          })}
        </SimpleGrid>
        {total === 0 && (
          <Text size="xs" c="red" role="alert">
            At least one weight must be above zero.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
