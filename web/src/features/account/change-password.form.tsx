import { Button, Divider, Group, PasswordInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useAuth } from '../../lib/auth';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import { changePassword } from './account.api';

/** Current + new password; the answer is a new session, and every other session is ended. */
export function ChangePasswordForm() {
  const { signIn } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: (pair) => {
      signIn(pair);
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });
  const fields = fieldErrors(change.error);
  const mismatch = confirm !== '' && confirm !== next;

  return (
    <form
      aria-label="Change password"
      onSubmit={(event) => {
        event.preventDefault();
        if (mismatch) return;
        change.mutate({ current_password: current, new_password: next });
      }}
    >
      <Stack gap="sm">
        <Divider label="Change password" labelPosition="left" />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(event) => setCurrent(event.currentTarget.value)}
          error={fields.current_password}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            error={fields.new_password}
          />
          <PasswordInput
            label="Repeat new password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.currentTarget.value)}
            error={mismatch ? 'The two new passwords differ.' : undefined}
          />
        </SimpleGrid>
        {!fields.current_password && !fields.new_password && <FormProblem error={change.error} />}
        {change.isSuccess && (
          <Text size="sm" c="teal" role="status">
            Password changed. Every other session of your account has been logged out.
          </Text>
        )}
        <Group>
          <Button type="submit" variant="light" loading={change.isPending} disabled={mismatch}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
