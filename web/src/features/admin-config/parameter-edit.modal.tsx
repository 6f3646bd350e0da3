import { Badge, Button, Code, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import {
  CONFIG_QUERY_KEY,
  createParameter,
  type Parameter,
  type ParameterChange,
  type ParameterType,
  type Pod,
  type PodMode,
  updateParameter,
  validateChanges,
} from './admin-config.api';
import { ConfirmPodId } from './confirm-pod-id';
import { buildChange, hasValueChange, unplaced } from './parameter-change';
import { type Draft, FREE_FORM_KEY, PARAMETER_TYPES, parseDraft, toDraft } from './parameter-values';
import { errorsUnder, pathErrors } from './path-errors';
import { ValueInput } from './value-input';

/** Validation runs this long after the last keystroke. */
const VALIDATE_DEBOUNCE_MS = 300;

export interface ParameterEditModalProps {
  pod: Pod;
  /** The parameter to edit; null to add a free-form one. */
  parameter: Parameter | null;
  opened: boolean;
  onClose(): void;
}

/** Mounted fresh for each parameter (keyed by the caller), so drafts start from its values. */
export function ParameterEditModal({ pod, parameter, opened, onClose }: ParameterEditModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={parameter ? `Edit ${parameter.key}` : 'Add a parameter'}
      centered
      size="lg"
    >
      <ParameterForm pod={pod} parameter={parameter} onDone={onClose} />
    </Modal>
  );
}

function ParameterForm({
  pod,
  parameter,
  onDone,
}: {
  pod: Pod;
  parameter: Parameter | null;
  onDone(): void;
}) {
  const queryClient = useQueryClient();
  const creating = parameter === null;
  const [key, setKey] = useState(parameter?.key ?? '');
  const [type, setType] = useState<ParameterType | null>(parameter?.parameter_type ?? null);
  const [description, setDescription] = useState(parameter?.description ?? '');
  const [sandbox, setSandboxDraft] = useState<Draft>(toDraft(type ?? 'string', parameter?.sandbox_value));
  const [live, setLiveDraft] = useState<Draft>(toDraft(type ?? 'string', parameter?.live_value));
  // Only what the admin touched is a change (an unset bool shows as "off" without being false).
  const [touched, setTouched] = useState({ sandbox_value: false, live_value: false });
  const setSandbox = (draft: Draft) => {
    setSandboxDraft(draft);
    setTouched((t) => ({ ...t, sandbox_value: true }));
  };
  const setLive = (draft: Draft) => {
    setLiveDraft(draft);
    setTouched((t) => ({ ...t, live_value: true }));
  };
  const [confirm, setConfirm] = useState('');

  const effectiveType = type ?? 'string';
  const parsed = {
    sandbox_value: parseDraft(effectiveType, sandbox),
    live_value: parseDraft(effectiveType, live),
  };
  const change = buildChange(parameter, key.trim(), type, parsed, touched);
  const descriptionChanged = !creating && description !== (parameter?.description ?? '');
  const localErrors: Record<string, string> = {};
  for (const field of ['sandbox_value', 'live_value'] as const) {
    const p = parsed[field];
    if (!p.ok) localErrors[field] = p.message;
  }
  if (creating && key !== '' && !FREE_FORM_KEY.test(key.trim())) {
    localErrors.key = 'Dotted lower-case segments, e.g. feature.beta_banner';
  }

  // Ask the server (debounced) whether the change would be accepted: same rules as the save. What is
  // debounced is the request itself (null = nothing to ask), so a stale draft is never sent.
  const checkable = change.key !== '' && type !== null && Object.keys(localErrors).length === 0;
  const request = checkable && hasValueChange(change, creating) ? JSON.stringify(change) : null;
  const [debounced] = useDebouncedValue(request, VALIDATE_DEBOUNCE_MS);
  const validation = useQuery({
    queryKey: ['admin-config-validate', pod.pod_id, debounced],
    queryFn: () => validateChanges(pod.pod_id, [JSON.parse(debounced ?? '{}') as ParameterChange]),
    enabled: debounced !== null && debounced === request,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const settled = debounced === request;
  const serverErrors = settled && validation.data ? errorsUnder(validation.data.errors, '/changes/0') : {};

  const needsConfirm = pod.mode === 'LIVE' && 'live_value' in change;

  const save = useMutation({
    mutationFn: () => {
      const confirmed = needsConfirm ? confirm : undefined;
      const { sandbox_value, live_value } = change;
      if (creating) {
        return createParameter(pod.pod_id, {
          key: change.key,
          parameter_type: type ?? undefined,
          sandbox_value: sandbox_value ?? undefined,
          live_value: live_value ?? undefined,
          description: description.trim() || undefined,
          confirm: confirmed,
        });
      }
      return updateParameter(pod.pod_id, change.key, {
        ...('sandbox_value' in change ? { sandbox_value } : {}),
        ...('live_value' in change ? { live_value } : {}),
        ...(descriptionChanged ? { description } : {}),
        confirm: confirmed,
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY });
      onDone();
    },
  });
  const saveErrors = errorsUnder(pathErrors(save.error), '/body');
  const fieldError = (field: string) => localErrors[field] ?? serverErrors[field] ?? saveErrors[field];
  const otherServerErrors = settled && validation.data ? unplaced(validation.data.errors) : [];

  const nothingChanged = !creating && !hasValueChange(change, false) && !descriptionChanged;
  const blocked =
    Object.keys(localErrors).length > 0 ||
    Object.keys(serverErrors).length > 0 ||
    (creating && (change.key === '' || type === null)) ||
    nothingChanged ||
    (needsConfirm && confirm !== pod.pod_id);

  const valueLabel = (mode: PodMode) => (
    <Group gap={6} component="span">
      {mode} value
      {parameter && pod.mode === mode && (
        <Badge size="xs" color={mode === 'LIVE' ? 'red' : 'yellow'} variant="light" component="span">
          in effect
        </Badge>
      )}
    </Group>
  );
  const secretSet = (value: unknown) => parameter?.parameter_type === 'secret' && value !== null;

  return (
    <form
      aria-label={creating ? 'Add a parameter' : `Edit ${parameter.key}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!blocked) save.mutate();
      }}
    >
      <Stack gap="md">
        {creating ? (
          <Group grow align="flex-start">
            <TextInput
              label="Key"
              required
              data-autofocus
              placeholder="feature.beta_banner"
              value={key}
              onChange={(e) => setKey(e.currentTarget.value)}
              error={fieldError('key')}
              spellCheck={false}
            />
            <Select
              label="Type"
              required
              data={[...PARAMETER_TYPES]}
              value={type}
              onChange={(value) => {
                const next = (value as ParameterType | null) ?? null;
                setType(next);
                setSandboxDraft(toDraft(next ?? 'string', null));
                setLiveDraft(toDraft(next ?? 'string', null));
              }}
              error={fieldError('parameter_type')}
              allowDeselect={false}
            />
          </Group>
        ) : (
          <Group gap="xs">
            <Badge variant="default">{parameter.parameter_type}</Badge>
            {parameter.live_required && (
              <Badge color="red" variant="light">
                required for LIVE
              </Badge>
            )}
            {parameter.validation && (
              <Text size="sm" c="dimmed">
                Rule: {parameter.validation}
              </Text>
            )}
          </Group>
        )}
        {type !== null && (
          <>
            <ValueInput
              type={type}
              name="SANDBOX value"
              label={valueLabel('SANDBOX')}
              value={sandbox}
              onChange={setSandbox}
              error={fieldError('sandbox_value')}
              secretSet={secretSet(parameter?.sandbox_value)}
            />
            <ValueInput
              type={type}
              name="LIVE value"
              label={valueLabel('LIVE')}
              value={live}
              onChange={setLive}
              error={fieldError('live_value')}
              secretSet={secretSet(parameter?.live_value)}
            />
          </>
        )}
        <TextInput
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError('description')}
          disabled={parameter?.well_known}
        />
        <ValidationStatus
          checking={request !== null && (!settled || validation.isFetching)}
          errors={otherServerErrors}
          valid={settled && validation.data?.valid === true}
          error={validation.error}
        />
        {needsConfirm && (
          <>
            <Text size="sm" c="red">
              <Code>{pod.pod_id}</Code> is LIVE: this changes what customers get right now.
            </Text>
            <ConfirmPodId
              podId={pod.pod_id}
              value={confirm}
              onChange={setConfirm}
              error={saveErrors.confirm}
            />
          </>
        )}
        {Object.keys(saveErrors).length === 0 && <FormProblem error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={blocked}>
            {creating ? 'Add parameter' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ValidationStatus(props: { checking: boolean; valid: boolean; errors: string[]; error: unknown }) {
  if (props.checking) {
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Checking…
        </Text>
      </Group>
    );
  }
  if (props.error) return <FormProblem error={props.error} title="Could not check the change" />;
  if (props.errors.length > 0) {
    return (
      <Text size="sm" c="red" role="alert">
        {props.errors.join(' ')}
      </Text>
    );
  }
  if (props.valid) {
    return (
      <Text size="sm" c="teal" role="status">
        Looks good.
      </Text>
    );
  }
  return null;
}
