import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { safeNext, useAuth } from '../../lib/auth';
import { oauthExchange } from './auth.api';
import { AuthCard } from './auth-card';
import { FormProblem, hasCode } from './form-problem';
import { MfaCodeForm } from './mfa-code.form';

/**
 * Where the OAuth callback lands (`/login/oauth?code=…&next=…`): trades the one-time code for a
 * session, asking for the MFA code first when the account has it.
 */
export function OAuthCallbackPage() {
  usePageTitle('Signing in');
  const [params] = useSearchParams();
  const { status, signIn } = useAuth();
  const code = params.get('code');
  const next = params.get('next');

  const exchange = useMutation({
    mutationFn: oauthExchange,
    onSuccess: (pair) => signIn(pair),
  });
  const { mutate } = exchange;

  // The code is single-use; StrictMode runs effects twice in development.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (!code || sent.current === code) return;
    sent.current = code;
    mutate({ code });
  }, [code, mutate]);

  if (exchange.isSuccess || (status === 'authenticated' && !exchange.isPending && !exchange.isError)) {
    return <Navigate to={safeNext(next)} replace />;
  }

  const needsCode = exchange.variables?.totp_code !== undefined || hasCode(exchange.error, 'mfa_required');
  if (code && needsCode && !hasCode(exchange.error, 'token_expired')) {
    return (
      <AuthCard title="Two-factor authentication">
        <MfaCodeForm
          pending={exchange.isPending}
          error={hasCode(exchange.error, 'mfa_required') ? null : exchange.error}
          onSubmit={(totp) => mutate({ code, totp_code: totp })}
        />
      </AuthCard>
    );
  }

  if (!code || exchange.isError) {
    const expired = hasCode(exchange.error, 'token_expired');
    return (
      <AuthCard title="Sign-in did not complete">
        <Stack gap="md">
          {!code ? (
            <Alert color="red" variant="light" role="alert">
              This address is missing its sign-in code. Start again from the log-in page.
            </Alert>
          ) : expired ? (
            <Alert color="orange" variant="light" role="alert">
              The sign-in took too long and its link has expired. Start again from the log-in page.
            </Alert>
          ) : (
            <FormProblem error={exchange.error} />
          )}
          <Button component={Link} to={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>
            Back to log in
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Signing you in">
      <Stack align="center" gap="sm" role="status">
        <Loader />
        <Text c="dimmed" size="sm">
          Finishing sign-in with your provider…
        </Text>
      </Stack>
    </AuthCard>
  );
}
