import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { type LoginInput, safeNext, useAuth } from '../../lib/auth';
import { AuthCard } from './auth-card';
import { FormProblem, fieldErrors, hasCode } from './form-problem';
import { MfaCodeForm } from './mfa-code.form';
import { OAuthButtons } from './oauth-buttons';

/** What the OAuth callback's `?error=` means, in words. */
const OAUTH_ERRORS: Record<string, string> = {
  oauth_failed: 'Signing in with that provider did not work. Try again, or use your e-mail and password.',
  oauth_email_unverified:
    'That provider has not verified the e-mail address of your account there, so we cannot sign you in with it. Verify it with the provider first, or use your e-mail and password.',
  oauth_cancelled: 'Sign-in with the provider was cancelled.',
  oauth_account_unconfirmed:
    'Your GPUBROKER account with that e-mail address is not confirmed yet. Open the link in the confirmation e-mail first.',
  oauth_account_disabled: 'This account is disabled.',
};

/** Log in: e-mail and password, then a TOTP or backup code when the account has MFA; OAuth buttons. */
export function LoginPage() {
  usePageTitle('Log in');
  const [params] = useSearchParams();
  const { status, login } = useAuth();
  const next = params.get('next');
  const oauthError = params.get('error');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');

  const attempt = useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onError: (error) => {
      if (hasCode(error, 'mfa_required')) setStep('code');
    },
  });

  // Signed in (just now, or already when the page opened): go where the user was heading.
  if (status === 'authenticated') return <Navigate to={safeNext(next)} replace />;

  if (step === 'code') {
    return (
      <AuthCard title="Two-factor authentication">
        <MfaCodeForm
          pending={attempt.isPending}
          error={hasCode(attempt.error, 'mfa_required') ? null : attempt.error}
          onSubmit={(code) => attempt.mutate({ email: email.trim(), password, totp_code: code })}
          onBack={() => {
            attempt.reset();
            setStep('password');
          }}
        />
      </AuthCard>
    );
  }

  const fields = fieldErrors(attempt.error);
  return (
    <AuthCard
      title="Log in"
      description="Welcome back to GPUBROKER."
      footer={
        <>
          New here?{' '}
          <Anchor component={Link} to="/register" inherit>
            Create an account
          </Anchor>
        </>
      }
    >
      <Stack gap="md">
        {params.get('registered') && (
          <Alert color="teal" variant="light" role="status">
            Your account is ready. Log in to continue.
          </Alert>
        )}
        {oauthError && (
          <Alert color="red" variant="light" role="alert">
            {OAUTH_ERRORS[oauthError] ?? 'Signing in with that provider did not work.'}
          </Alert>
        )}
        <OAuthButtons next={next} />
        <form
          aria-label="Log in"
          onSubmit={(event) => {
            event.preventDefault();
            attempt.mutate({ email: email.trim(), password });
          }}
        >
          <Stack gap="md">
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fields.email}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={fields.password}
            />
            {Object.keys(fields).length === 0 && <FormProblem error={attempt.error} />}
            {hasCode(attempt.error, 'forbidden') && (
              <Anchor component={Link} to="/verify-email" size="sm">
                Not confirmed yet? Send the confirmation e-mail again
              </Anchor>
            )}
            <Button type="submit" loading={attempt.isPending || status === 'loading'} fullWidth>
              Log in
            </Button>
          </Stack>
        </form>
      </Stack>
    </AuthCard>
  );
}
