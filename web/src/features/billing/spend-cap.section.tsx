import { Button, Group, NumberInput, Progress, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import { Section } from '../pods/dashboard.sections';
import { type Summary, useSetSpendCap } from './billing.api';
import { formatMoney } from './billing-format';

const clampPercent = (p: number | null) => Math.min(100, Math.max(0, p ?? 0));

/** The monthly cap: how much of it is spent and projected, and a form to set or clear it. */
export function SpendCapSection({ summary }: { summary: Summary }) {
  const cap = summary.spend_cap;
  const setCap = useSetSpendCap();
  const [value, setValue] = useState<string | number>(cap.monthly_limit ?? '');
  const fields = fieldErrors(setCap.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const amount = typeof value === 'number' ? value : Number.parseFloat(value);
    if (!Number.isFinite(amount)) return;
    setCap.mutate(amount);
  }

  return (
    <Section title="Spend cap" id="spend-cap-title">
      <Stack gap="sm">
        {cap.monthly_limit === null ? (
          <Text size="sm" c="dimmed" data-testid="spend-cap">
            No cap set. With a cap, deploys that would go over it are refused and you are warned as it nears.
          </Text>
        ) : (
          <Stack gap={6}>
            <Text size="sm" data-testid="spend-cap">
              {formatMoney(summary.month_to_date)} of {formatMoney(cap.monthly_limit)} this month (
              {cap.used_percent ?? 0}%); projected {cap.projected_percent ?? 0}%.
            </Text>
            <Progress.Root size="lg" aria-label="Spend against the cap">
              <Progress.Section
                value={clampPercent(cap.used_percent)}
                color={(cap.used_percent ?? 0) >= 100 ? 'red' : 'teal'}
                aria-label={`Used ${cap.used_percent ?? 0}%`}
              />
              <Progress.Section
                value={Math.max(0, clampPercent(cap.projected_percent) - clampPercent(cap.used_percent))}
                color={(cap.projected_percent ?? 0) >= 100 ? 'orange' : 'teal.2'}
                aria-label={`Projected ${cap.projected_percent ?? 0}%`}
              />
            </Progress.Root>
            <Text size="xs" c="dimmed">
              Dark: spent so far. Light: projected by the end of the month at the current rate.
            </Text>
          </Stack>
        )}
        <form aria-label="Spend cap" onSubmit={submit}>
          <Stack gap="xs">
            <FormProblem error={setCap.error} />
            <Group align="flex-end" gap="xs">
              <NumberInput
                label="Monthly cap (USD)"
                min={0}
                max={10_000_000}
                decimalScale={2}
                prefix="$"
                thousandSeparator=","
                value={value}
                onChange={setValue}
                error={fields.monthly_limit}
                style={{ flex: '1 1 160px' }}
              />
              <Button type="submit" loading={setCap.isPending && setCap.variables !== null}>
                Save cap
              </Button>
              {cap.monthly_limit !== null && (
                <Button
                  variant="default"
                  loading={setCap.isPending && setCap.variables === null}
                  onClick={() => setCap.mutate(null, { onSuccess: () => setValue('') })}
                >
                  Clear cap
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Stack>
    </Section>
  );
}
