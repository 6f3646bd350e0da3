import { Alert, Anchor, Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { parsePlan, register } from './auth.api';
import { AuthCard } from './auth-card';
import { FormProblem, fieldErrors } from './form-problem';
import { ResendVerificationForm } from './resend-verification.form';

const PLAN_LABEL = { free: 'FREE', pro: 'PRO', enterprise: 'ENTERPRISE' } as const;

/** Sign-up. Carries `?plan=` from the plans page; then "check your e-mail", or straight to log in. */
export function RegisterPage() {
  usePageTitle('Create an account');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const plan = parsePlan(params.get('plan'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showResend, setShowResend] = useState(false);

  const signUp = useMutation({
    mutationFn: register,
    onSuccess: (result) => {
      if (result.verification === 'auto_confirmed') {
        navigate(`/login?registered=1&email=${encodeURIComponent(result.user.email)}`);
      }
    },
  });
  const fields = fieldErrors(signUp.error);

  if (signUp.data?.verification === 'email_sent') {
    return (
      <AuthCard title="Check your e-mail">
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status" icon={<IconMailForward />} title="Almost there">
            We sent a confirmation link to <strong>{signUp.data.user.email}</strong>. Open it to activate your
            account, then log in.
          </Alert>
          {showResend ? (
            <ResendVerificationForm defaultEmail={signUp.data.user.email} />
          ) : (
            <Text size="sm" c="dimmed">
              No e-mail after a few minutes? Check your spam folder, or{' '}
              <Anchor component="button" type="button" onClick={() => setShowResend(true)} inherit>
                send the link again
              </Anchor>
              .
            </Text>
          )}
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      description="Compare GPU offers across clouds, deploy in one call, pay one bill."
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/login" inherit>
            Log in
          </Anchor>
        </>
      }
    >
      <form
        aria-label="Create an account"
        onSubmit={(event) => {
          event.preventDefault();
          signUp.mutate({ name: name.trim(), email: email.trim(), password, ...(plan ? { plan } : {}) });
        }}
      >
        <Stack gap="md">
          {plan && (
            <Stack gap={2}>
              <Group gap="xs">
                <Text size="sm">Chosen plan</Text>
                <Badge variant="light">{PLAN_LABEL[plan]}</Badge>
                <Anchor component={Link} to="/plans" size="sm">
                  Change
                </Anchor>
              </Group>
              {plan !== 'free' && (
                <Text size="xs" c="dimmed">
                  Your account starts on FREE; {PLAN_LABEL[plan]} begins when you add a payment method.
                </Text>
              )}
            </Stack>
          )}
          <TextInput
            label="Name"
            autoComplete="name"
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fields.name}
          />
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fields.email}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters; a passphrase works well."
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fields.password}
          />
          {Object.keys(fields).length === 0 && <FormProblem error={signUp.error} />}
          <Button type="submit" loading={signUp.isPending} fullWidth>
            Create account
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            Did not get the confirmation e-mail of an earlier sign-up?{' '}
            <Anchor component={Link} to="/verify-email" inherit>
              Send it again
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
