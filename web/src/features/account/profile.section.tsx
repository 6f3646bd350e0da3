import { Badge, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { type User, useAuth } from '../../lib/auth';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import { updateProfile } from './account.api';
import { AccountSection } from './account-section';
import { ChangePasswordForm } from './change-password.form';
import { formatDate } from './format';

const ROLE_LABEL: Record<User['role'], string> = {
  user: 'User',
  pro: 'Pro',
  enterprise: 'Enterprise',
  pod_admin: 'POD admin',
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} lts="0.04em">
        {label}
      </Text>
      <Text size="sm" mt={2} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Who you are: name (editable), e-mail, role, plan; and the password change. */
export function ProfileSection({ user }: { user: User }) {
  const { setUser } = useAuth();
  const [name, setName] = useState(user.name);
  const save = useMutation({ mutationFn: updateProfile, onSuccess: setUser });
  const fields = fieldErrors(save.error);
  const changed = name.trim() !== user.name && name.trim() !== '';

  return (
    <AccountSection id="account-profile" title="Profile">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Field label="E-mail">{user.email}</Field>
        <Field label="Member since">{formatDate(user.created_at)}</Field>
        <Field label="Role">{ROLE_LABEL[user.role]}</Field>
        <Field label="Plan">
          <Badge variant="light" component="span">
            {user.plan.toUpperCase()}
          </Badge>
        </Field>
      </SimpleGrid>
      <form
        aria-label="Profile"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ name: name.trim() });
        }}
      >
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Name"
              autoComplete="name"
              required
              maxLength={200}
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                save.reset();
              }}
              error={fields.name}
              style={{ flex: '1 1 220px' }}
            />
            <Button type="submit" variant="light" loading={save.isPending} disabled={!changed}>
              Save name
            </Button>
          </Group>
          {!fields.name && <FormProblem error={save.error} />}
          {save.isSuccess && (
            <Text size="sm" c="teal" role="status">
              Name saved.
            </Text>
          )}
        </Stack>
      </form>
      <ChangePasswordForm />
    </AccountSection>
  );
}
