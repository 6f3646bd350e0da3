import { Badge, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowRight } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadMore } from '../../components/load-more';
import { FormProblem } from '../auth/form-problem';
import { type AuditAction, type AuditFilter, auditKey, listAudit } from './admin-config.api';
import { displayValue } from './parameter-values';

const ACTIONS: readonly AuditAction[] = [
  'parameter_created',
  'parameter_updated',
  'parameter_deleted',
  'mode_switched',
  'imported',
  'pod_created',
  'pod_updated',
  'pod_deleted',
];

const FILTER_DEBOUNCE_MS = 300;

/** Every configuration change of the POD, newest first, filtered by key, action and actor. */
export function AuditTab({ podId }: { podId: string }) {
  const [key, setKey] = useState('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState<AuditAction | null>(null);
  const [debouncedKey] = useDebouncedValue(key.trim(), FILTER_DEBOUNCE_MS);
  const [debouncedActor] = useDebouncedValue(actor.trim(), FILTER_DEBOUNCE_MS);
  const filter: AuditFilter = {
    key: debouncedKey || undefined,
    actor: debouncedActor || undefined,
    action: action ?? undefined,
  };
  const audit = useInfiniteQuery({
    queryKey: [...auditKey(podId), filter],
    queryFn: ({ pageParam }) => listAudit(podId, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // The table stays while a changed filter loads, instead of flashing a loading line.
    placeholderData: keepPreviousData,
  });
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" role="search" aria-label="Filter the audit history">
        <TextInput
          label="Key"
          placeholder="markup_percent.pro"
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
        />
        <Select
          label="Action"
          placeholder="Any action"
          clearable
          data={[...ACTIONS]}
          value={action}
          onChange={(value) => setAction(value as AuditAction | null)}
        />
        <TextInput
          label="Actor"
          placeholder="admin@example.com"
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
        />
      </Group>
      {audit.isPending ? (
        <Text size="sm" c="dimmed" role="status">
          Loading the history…
        </Text>
      ) : audit.isError ? (
        <FormProblem error={audit.error} />
      ) : entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          No changes recorded{filter.key || filter.actor || filter.action ? ' that match these filters' : ''}.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-label="Audit history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Old → new</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }} title={entry.at}>
                      {new Date(entry.at).toLocaleString()}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.actor}</Text>
                  </Table.Td>
                  <Table.Td>
                    {entry.key ? (
                      <Text ff="monospace" size="sm">
                        {entry.key}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        POD
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      size="sm"
                      color={entry.action === 'mode_switched' ? 'red' : 'indigo'}
                    >
                      {entry.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <AuditChange oldValue={entry.old_value} newValue={entry.new_value} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={audit} justify="flex-start" />
    </Stack>
  );
}

/**
 * Old → new per field that differs: the server records parameter and POD snapshots (objects), so a
 * whole-object diff would bury the one value that changed.
 */
function AuditChange({ oldValue, newValue }: { oldValue: unknown; newValue: unknown }) {
  const rows = diffFields(oldValue, newValue);
  return (
    <Stack gap={2}>
      {rows.map(({ field, before, after }) => (
        <Group key={field ?? ''} gap={6} wrap="nowrap">
          {field && (
            <Text size="xs" c="dimmed" ff="monospace">
              {field}:
            </Text>
          )}
          <AuditValue value={before} />
          <IconArrowRight size={14} aria-label="to" />
          <AuditValue value={after} />
        </Group>
      ))}
    </Stack>
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function diffFields(before: unknown, after: unknown) {
  if ((isRecord(before) || before === null) && (isRecord(after) || after === null) && (before || after)) {
    const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    const changed = fields
      .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
      .filter((d) => JSON.stringify(d.before) !== JSON.stringify(d.after));
    if (changed.length > 0) return changed;
  }
  return [{ field: null, before, after }];
}

function AuditValue({ value }: { value: unknown }) {
  const text = displayValue(value);
  if (text === null) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Code
      style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      title={text}
    >
      {text}
    </Code>
  );
}
