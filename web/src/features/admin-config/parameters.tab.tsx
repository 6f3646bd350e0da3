import {
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { listParameters, type Parameter, type Pod, type PodMode, parametersKey } from './admin-config.api';
import { ParameterDeleteModal } from './parameter-delete.modal';
import { ParameterEditModal } from './parameter-edit.modal';
import { displayValue } from './parameter-values';

/** Badges keep their full text: the table scrolls sideways rather than truncating them. */
const NO_SHRINK = { minWidth: 'max-content' } as const;

type Editing = { parameter: Parameter | null } | null;

/** Every parameter of the POD (well-known ones even when unset), with the value in effect marked. */
export function ParametersTab({ pod }: { pod: Pod }) {
  const parameters = useQuery({
    queryKey: parametersKey(pod.pod_id),
    queryFn: () => listParameters(pod.pod_id),
  });
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Parameter | null>(null);
  const needle = filter.trim().toLowerCase();
  const shown = (parameters.data ?? []).filter(
    (p) =>
      needle === '' ||
      p.key.toLowerCase().includes(needle) ||
      p.parameter_type === needle ||
      (p.description ?? '').toLowerCase().includes(needle),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TextInput
          aria-label="Filter parameters"
          placeholder="Filter by key, type or description"
          leftSection={<IconSearch size={16} />}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          style={{ flex: '1 1 260px', maxWidth: 420 }}
        />
        <Button
          leftSection={<IconPlus size={16} />}
          variant="light"
          onClick={() => setEditing({ parameter: null })}
        >
          Add parameter
        </Button>
      </Group>
      {parameters.isPending ? (
        <Text size="sm" c="dimmed" role="status">
          Loading parameters…
        </Text>
      ) : parameters.isError ? (
        <FormProblem error={parameters.error} />
      ) : shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          No parameter matches “{filter}”.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="xs" aria-label="Parameters" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>SANDBOX value</Table.Th>
                <Table.Th>LIVE value</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((p) => (
                <Table.Tr key={p.key} data-key={p.key}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {p.key}
                    </Text>
                    {p.live_required && (
                      <Badge size="xs" color="red" variant="outline" mt={4}>
                        required for LIVE
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="default" size="sm" style={NO_SHRINK}>
                      {p.parameter_type}
                    </Badge>
                  </Table.Td>
                  <Table.Td data-column="sandbox">
                    <ValueCell
                      value={p.sandbox_value}
                      mode="SANDBOX"
                      effective={p.effective_mode === 'SANDBOX'}
                    />
                  </Table.Td>
                  <Table.Td data-column="live">
                    <ValueCell value={p.live_value} mode="LIVE" effective={p.effective_mode === 'LIVE'} />
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      size="sm"
                      variant={p.source === 'set' ? 'light' : 'outline'}
                      color={p.source === 'set' ? 'indigo' : 'gray'}
                      style={NO_SHRINK}
                    >
                      {p.source}
                    </Badge>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text size="xs" c="dimmed">
                      {p.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing({ parameter: p })}
                        aria-label={`Edit ${p.key}`}
                      >
                        Edit
                      </Button>
                      {p.source === 'set' && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => setDeleting(p)}
                          aria-label={`${p.well_known ? 'Reset' : 'Delete'} ${p.key}`}
                        >
                          {p.well_known ? 'Reset' : 'Delete'}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ParameterEditModal
        key={editing ? (editing.parameter?.key ?? '+new') : 'closed'}
        pod={pod}
        parameter={editing?.parameter ?? null}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <ParameterDeleteModal pod={pod} parameter={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function ValueCell({ value, mode, effective }: { value: unknown; mode: PodMode; effective: boolean }) {
  const text = displayValue(value);
  return (
    <Group gap={6} wrap="nowrap" align="center">
      {text === null ? (
        <Text size="sm" c="dimmed" fs="italic">
          not set
        </Text>
      ) : (
        <Tooltip label={text} disabled={text.length <= 32} multiline maw={360}>
          <Code style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {text}
          </Code>
        </Tooltip>
      )}
      {effective && (
        <Badge
          size="xs"
          color={mode === 'LIVE' ? 'red' : 'yellow'}
          variant="filled"
          title={`In effect (${mode})`}
        >
          in effect
        </Badge>
      )}
    </Group>
  );
}
