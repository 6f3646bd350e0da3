import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { resendVerification } from './auth.api';
import { FormProblem, fieldErrors } from './form-problem';

/** "Send the confirmation link again" — the answer is the same whether or not the address has an account. */
export function ResendVerificationForm({ defaultEmail = '' }: { defaultEmail?: string }) {
  const [email, setEmail] = useState(defaultEmail);
  const resend = useMutation({ mutationFn: resendVerification });
  const fields = fieldErrors(resend.error);

  if (resend.isSuccess) {
    return (
      <Alert color="teal" variant="light" role="status" title="Link sent">
        If {email} belongs to an account that is not confirmed yet, a new confirmation link is on its way.
      </Alert>
    );
  }
  return (
    <form
      aria-label="Resend the confirmation e-mail"
      onSubmit={(event) => {
        event.preventDefault();
        resend.mutate(email.trim());
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="E-mail"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fields.email}
        />
        {!fields.email && <FormProblem error={resend.error} />}
        <Button type="submit" variant="light" loading={resend.isPending}>
          Resend confirmation e-mail
        </Button>
      </Stack>
    </form>
  );
}
