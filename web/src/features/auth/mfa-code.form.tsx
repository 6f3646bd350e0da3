import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormProblem } from './form-problem';

/** Accepts a 6-digit TOTP code or a backup code (`xxxx-xxxx`); spaces are dropped. */
export function normaliseCode(input: string): string {
  return input.replace(/\s+/g, '').toLowerCase();
}

export interface MfaCodeFormProps {
  onSubmit(code: string): void;
  onBack?: () => void;
  pending: boolean;
  error: unknown;
}

/** The second sign-in step for an account with two-factor authentication. */
export function MfaCodeForm({ onSubmit, onBack, pending, error }: MfaCodeFormProps) {
  const [code, setCode] = useState('');
  return (
    <form
      aria-label="Two-factor authentication"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(normaliseCode(code));
      }}
    >
      <Stack gap="md">
        <Text size="sm">
          Your account has two-factor authentication. Enter the 6-digit code from your authenticator app, or
          one of your backup codes.
        </Text>
        <TextInput
          label="Authentication code"
          description="6 digits, or a backup code like abcd-1234"
          autoComplete="one-time-code"
          inputMode="text"
          autoFocus
          required
          maxLength={20}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <FormProblem error={error} />
        <Group justify="space-between">
          {onBack ? (
            <Button variant="subtle" onClick={onBack} disabled={pending}>
              Back
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={pending}>
            Verify
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
