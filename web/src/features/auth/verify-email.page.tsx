import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconClockExclamation } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { verifyEmail } from './auth.api';
import { AuthCard } from './auth-card';
import { FormProblem, hasCode } from './form-problem';
import { ResendVerificationForm } from './resend-verification.form';

/** Landing page of the confirmation link: confirms once on load, or offers a new link. */
export function VerifyEmailPage() {
  usePageTitle('Confirm your e-mail');
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useMutation({ mutationFn: verifyEmail });
  const { mutate } = verify;

  // Once per token: the link is single-use, and StrictMode runs effects twice in development.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (!token || sent.current === token) return;
    sent.current = token;
    mutate(token);
  }, [token, mutate]);

  if (!token) {
    return (
      <AuthCard
        title="Resend the confirmation e-mail"
        description="Enter the address you signed up with and we will send a new confirmation link."
      >
        <ResendVerificationForm />
      </AuthCard>
    );
  }

  if (verify.isSuccess) {
    const email = verify.data.user.email;
    return (
      <AuthCard title="E-mail confirmed">
        <Stack gap="md">
          <Alert
            color="teal"
            variant="light"
            role="status"
            icon={<IconCircleCheck />}
            title="You are all set"
          >
            {email} is confirmed. Log in to start using GPUBROKER.
          </Alert>
          <Button component={Link} to={`/login?email=${encodeURIComponent(email)}`} fullWidth>
            Log in
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  if (verify.isError) {
    const expired = hasCode(verify.error, 'token_expired');
    return (
      <AuthCard title={expired ? 'This link has expired' : 'Could not confirm your e-mail'}>
        <Stack gap="md">
          {expired ? (
            <Alert color="orange" variant="light" role="alert" icon={<IconClockExclamation />}>
              Confirmation links are valid for a limited time and only once. Ask for a new one below.
            </Alert>
          ) : (
            <FormProblem error={verify.error} />
          )}
          <ResendVerificationForm />
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Confirming your e-mail">
      <Stack align="center" gap="sm" role="status">
        <Loader />
        <Text c="dimmed" size="sm">
          One moment…
        </Text>
      </Stack>
    </AuthCard>
  );
}
