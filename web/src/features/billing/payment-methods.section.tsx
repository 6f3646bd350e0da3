import { Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCreditCard, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Section } from '../pods/dashboard.sections';
import { QueryState } from '../pods/query-state';
import { useCards } from './billing.api';
import { cardLabel, formatExpiry } from './billing-format';
import { CardEntry } from './card-entry';

/** The saved cards (the default one marked) and "Add card" with the same form as checkout. */
export function PaymentMethodsSection() {
  const cards = useCards();
  const [adding, setAdding] = useState(false);
  return (
    <Section title="Payment methods" id="payment-methods-title">
      <QueryState
        query={cards}
        loadingLabel="Loading your cards"
        skeletons={[60]}
        errorTitle="Could not load cards"
      >
        {(data) => (
          <Stack gap="sm">
            {data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No card on file. Add one to subscribe and to pay usage invoices.
              </Text>
            ) : (
              <List listStyleType="none" spacing={6} aria-label="Saved cards">
                {data.items.map((card) => (
                  <List.Item key={card.payment_method_id} data-payment-method={card.payment_method_id}>
                    <Group gap="xs">
                      <IconCreditCard size={18} aria-hidden />
                      <Text size="sm">{cardLabel(card)}</Text>
                      <Text size="xs" c="dimmed">
                        expires {formatExpiry(card.exp_month, card.exp_year)}
                      </Text>
                      {card.payment_method_id === data.default_payment_method_id && (
                        <Badge size="xs" variant="light">
                          Default
                        </Badge>
                      )}
                    </Group>
                  </List.Item>
                ))}
              </List>
            )}
            {adding ? (
              <Stack gap="xs">
                <CardEntry onAdded={() => setAdding(false)} />
                <Group>
                  <Button variant="subtle" size="compact-sm" onClick={() => setAdding(false)}>
                    Cancel
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} />}
                  onClick={() => setAdding(true)}
                >
                  Add card
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}
