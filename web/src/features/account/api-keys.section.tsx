import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import {
  API_KEYS_QUERY_KEY,
  type ApiKey,
  type CreatedApiKey,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from './account.api';
import { AccountSection } from './account-section';
import { formatDate } from './format';

/** API keys: the list (name, created, last used), create (key shown once), revoke with a confirmation. */
export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: API_KEYS_QUERY_KEY, queryFn: listApiKeys });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: API_KEYS_QUERY_KEY });

  return (
    <AccountSection
      id="account-api-keys"
      title="API keys"
      description={
        <>
          For scripts and the CLI: send a key as <Code>Authorization: Bearer gpb_…</Code>. A key acts as you.
        </>
      }
    >
      {created && <CreatedKey apiKey={created} onDone={() => setCreated(null)} />}
      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          void invalidate();
        }}
      />
      {keys.isPending ? (
        <Text size="sm" c="dimmed" role="status">
          Loading your keys…
        </Text>
      ) : keys.isError ? (
        <FormProblem error={keys.error} />
      ) : keys.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          You have no API keys yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label="Your API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>
                    <Code>gpb_{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDate(key.created_at)}</Table.Td>
                  <Table.Td>{formatDate(key.last_used_at)}</Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      color="red"
                      variant="subtle"
                      onClick={() => setRevoking(key)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RevokeKeyModal apiKey={revoking} onClose={() => setRevoking(null)} onRevoked={invalidate} />
    </AccountSection>
  );
}

function CreateKeyForm({ onCreated }: { onCreated(key: CreatedApiKey): void }) {
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: createApiKey,
    onSuccess: (key) => {
      setName('');
      onCreated(key);
    },
  });
  const fields = fieldErrors(create.error);
  return (
    <form
      aria-label="Create an API key"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(name.trim());
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="New key name"
            placeholder="e.g. laptop CLI"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fields.name}
            style={{ flex: '1 1 220px' }}
          />
          <Button type="submit" loading={create.isPending} leftSection={<IconKey size={16} />}>
            Create key
          </Button>
        </Group>
        {!fields.name && <FormProblem error={create.error} />}
      </Stack>
    </form>
  );
}

function CreatedKey({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone(): void }) {
  return (
    <Alert color="orange" variant="light" role="alert" title={`Key “${apiKey.name}” created`}>
      <Stack gap="sm">
        <Text size="sm">Copy it now: it is shown only once, and we cannot show it again.</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code data-testid="created-api-key" style={{ overflowWrap: 'anywhere' }}>
            {apiKey.key}
          </Code>
          <CopyButton value={apiKey.key}>
            {({ copied, copy }) => (
              <Button
                size="compact-sm"
                variant="light"
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              >
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="compact-sm" variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function RevokeKeyModal({
  apiKey,
  onClose,
  onRevoked,
}: {
  apiKey: ApiKey | null;
  onClose(): void;
  onRevoked(): Promise<void>;
}) {
  const revoke = useMutation({
    mutationFn: revokeApiKey,
    onSuccess: async () => {
      await onRevoked();
      onClose();
    },
  });
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={apiKey !== null} onClose={close} title="Revoke API key?" centered>
      <Stack gap="md">
        <Text size="sm">
          <strong>{apiKey?.name}</strong> stops working at once. Scripts that use it will get 401 errors.
        </Text>
        <FormProblem error={revoke.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => apiKey && revoke.mutate(apiKey.id)}>
            Revoke key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
