import { Alert, Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { FormProblem } from '../auth/form-problem';
import { type Card, useSetupIntent } from './billing.api';
import { SandboxCardForm } from './sandbox-card.form';

// Stripe's React bindings load only for LIVE card entry; the SANDBOX never fetches them.
const StripeCardForm = lazy(() => import('./stripe-card.form'));

/**
 * Adding a card, in whichever form the server's mode asks for (`POST /billing/setup-intent`):
 * SANDBOX takes a Stripe test number, LIVE takes the card in Stripe Elements.
 */
export function CardEntry({ onAdded }: { onAdded(card: Card): void }) {
  const intent = useSetupIntent();
  if (intent.isPending) return <Skeleton height={220} aria-label="Preparing the card form" />;
  if (intent.isError) return <FormProblem error={intent.error} title="Card entry is unavailable" />;
  if (intent.data.mode === 'sandbox') return <SandboxCardForm onAdded={onAdded} />;
  if (!intent.data.publishable_key)
    return (
      <Alert color="red" variant="light" role="alert" title="Card entry is unavailable">
        Stripe is not configured on this server (no publishable key).
      </Alert>
    );
  return (
    <Suspense fallback={<Skeleton height={220} aria-label="Loading Stripe" />}>
      <StripeCardForm
        publishableKey={intent.data.publishable_key}
        clientSecret={intent.data.client_secret}
        onAdded={onAdded}
      />
    </Suspense>
  );
}
