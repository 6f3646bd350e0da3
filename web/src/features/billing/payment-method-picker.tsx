import { Badge, Button, Group, Radio, Skeleton, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { useCards } from './billing.api';
import { cardLabel, formatExpiry } from './billing-format';
import { CardEntry } from './card-entry';

/**
 * The card to pay with: the saved cards (the default one picked first), or a new one. A card
 * that was just saved becomes the pick.
 */
export function PaymentMethodPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange(paymentMethodId: string | null): void;
}) {
  const cards = useCards();
  const [adding, setAdding] = useState(false);
  const items = cards.data?.items ?? [];
  const preferred = cards.data?.default_payment_method_id ?? items[0]?.payment_method_id ?? null;

  // Pick the default card once the list arrives (and again if the picked card went away).
  useEffect(() => {
    if (!cards.data) return;
    if (value === null || !cards.data.items.some((c) => c.payment_method_id === value)) onChange(preferred);
  }, [cards.data, value, preferred, onChange]);

  if (cards.isPending) return <Skeleton height={120} aria-label="Loading your cards" />;
  if (cards.isError) return <FormProblem error={cards.error} title="Could not load your cards" />;

  const showForm = adding || items.length === 0;
  return (
    <Stack gap="md">
      {items.length > 0 && (
        <Radio.Group label="Pay with" value={value ?? ''} onChange={(id) => onChange(id)}>
          <Stack gap="xs" mt="xs">
            {items.map((card) => (
              <Radio
                key={card.payment_method_id}
                value={card.payment_method_id}
                label={
                  <Group gap="xs">
                    <Text size="sm">{cardLabel(card)}</Text>
                    <Text size="xs" c="dimmed">
                      expires {formatExpiry(card.exp_month, card.exp_year)}
                    </Text>
                    {card.is_default && (
                      <Badge size="xs" variant="light">
                        Default
                      </Badge>
                    )}
                  </Group>
                }
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {showForm ? (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {items.length > 0 ? 'Add another card' : 'Add a card'}
          </Text>
          <CardEntry
            onAdded={(card) => {
              setAdding(false);
              onChange(card.payment_method_id);
            }}
          />
          {items.length > 0 && (
            <Group>
              <Button variant="subtle" size="compact-sm" onClick={() => setAdding(false)}>
                Cancel
              </Button>
            </Group>
          )}
        </Stack>
      ) : (
        <Group>
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            Use another card
          </Button>
        </Group>
      )}
    </Stack>
  );
}
