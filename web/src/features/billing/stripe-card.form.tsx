import { Button, Group, Stack } from '@mantine/core';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { type FormEvent, useMemo, useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { type Card, useAddCard } from './billing.api';

// One Stripe.js per publishable key for the page's life; `pure` loads it only when first asked.
const loaded = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string) {
  let stripe = loaded.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey);
    loaded.set(publishableKey, stripe);
  }
  return stripe;
}

function ConfirmForm({ onAdded }: { onAdded(card: Card): void }) {
  const stripe = useStripe();
  const elements = useElements();
  const addCard = useAddCard();
  const [stripeError, setStripeError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setStripeError(null);
    setConfirming(true);
    try {
      const result = await stripe.confirmSetup({ elements, redirect: 'if_required' });
      if (result.error) {
        setStripeError(result.error.message ?? 'The card could not be confirmed.');
        return;
      }
      const method = result.setupIntent.payment_method;
      const id = typeof method === 'string' ? method : method?.id;
      if (!id) {
        setStripeError('Stripe confirmed no payment method.');
        return;
      }
      addCard.mutate({ payment_method_id: id }, { onSuccess: onAdded });
    } finally {
      setConfirming(false);
    }
  }

  return (
    <form aria-label="Add a card" onSubmit={submit}>
      <Stack gap="sm">
        {stripeError && <FormProblem error={new Error(stripeError)} title="The card was not saved" />}
        <FormProblem error={addCard.error} title="The card was not saved" />
        <PaymentElement />
        <Group justify="flex-end">
          <Button type="submit" loading={confirming || addCard.isPending} disabled={!stripe || !elements}>
            Save card
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** LIVE card entry: Stripe Elements confirms the SetupIntent; its payment method is then saved with us. */
export default function StripeCardForm({
  publishableKey,
  clientSecret,
  onAdded,
}: {
  publishableKey: string;
  clientSecret: string;
  onAdded(card: Card): void;
}) {
  const stripe = useMemo(() => stripeFor(publishableKey), [publishableKey]);
  return (
    <Elements stripe={stripe} options={{ clientSecret }}>
      <ConfirmForm onAdded={onAdded} />
    </Elements>
  );
}
