import { Button, Group, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import { type Card, useAddCard } from './billing.api';

/** Stripe's test numbers (https://docs.stripe.com/testing) and what the SANDBOX does with each. */
export const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'Succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'Declined' },
  { number: '4000 0000 0000 9995', outcome: 'Insufficient funds' },
  { number: '4000 0000 0000 0341', outcome: 'Saved, but charges fail' },
] as const;

const digits = (value: string) => value.replace(/\D/g, '');

/**
 * SANDBOX card entry: a test card's number, expiry and CVC go to `POST /billing/payment-methods`.
 * A decline (402) shows Stripe's message above the form; the fields keep their values to correct.
 */
export function SandboxCardForm({ onAdded }: { onAdded(card: Card): void }) {
  const addCard = useAddCard();
  const [number, setNumber] = useState('');
  const [month, setMonth] = useState('');
  const [year, setYear] = useState('');
  const [cvc, setCvc] = useState('');
  const fields = fieldErrors(addCard.error);

  function fill(testNumber: string) {
    setNumber(testNumber);
    // A valid future expiry and CVC, so one click is enough to try a card.
    if (!month) setMonth('12');
    if (!year) setYear(String(new Date().getFullYear() + 3));
    if (!cvc) setCvc('123');
    addCard.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    addCard.mutate(
      {
        card_number: number.trim(),
        exp_month: Number(digits(month)),
        exp_year: Number(digits(year)),
        cvc: digits(cvc),
      },
      {
        onSuccess: (card) => {
          setNumber('');
          setCvc('');
          onAdded(card);
        },
      },
    );
  }

  return (
    <Stack gap="md">
      <form aria-label="Add a card" onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormProblem error={addCard.error} title="The card was not saved" />
          <TextInput
            label="Card number"
            required
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="4242 4242 4242 4242"
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            error={fields.card_number}
          />
          <SimpleGrid cols={3} spacing="sm">
            <TextInput
              label="Month"
              required
              inputMode="numeric"
              autoComplete="cc-exp-month"
              placeholder="MM"
              maxLength={2}
              value={month}
              onChange={(e) => setMonth(e.currentTarget.value)}
              error={fields.exp_month}
            />
            <TextInput
              label="Year"
              required
              inputMode="numeric"
              autoComplete="cc-exp-year"
              placeholder="YYYY"
              maxLength={4}
              value={year}
              onChange={(e) => setYear(e.currentTarget.value)}
              error={fields.exp_year}
            />
            <TextInput
              label="CVC"
              required
              inputMode="numeric"
              autoComplete="cc-csc"
              placeholder="123"
              maxLength={4}
              value={cvc}
              onChange={(e) => setCvc(e.currentTarget.value)}
              error={fields.cvc}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={addCard.isPending}>
              Save card
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap={4}>
        <Text size="sm" fw={600} id="test-cards-title">
          Test cards (sandbox)
        </Text>
        <Table aria-labelledby="test-cards-title" fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>
                <VisuallyHidden>Fill</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {TEST_CARDS.map((card) => (
              <Table.Tr key={card.number}>
                <Table.Td ff="monospace">{card.number}</Table.Td>
                <Table.Td>{card.outcome}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => fill(card.number)}
                    aria-label={`Use ${card.number}`}
                  >
                    Use
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Stack>
  );
}
