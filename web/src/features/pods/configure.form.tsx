import { Button, Grid, Group, NumberInput, Slider, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import type { Offer } from '../catalog/catalog.api';
import { formatGb } from '../catalog/catalog-format';
import { EstimatePanel } from './estimate.panel';
import { type Draft, type DraftInput, useEstimate, useSaveDraft } from './pods.api';
import { formatPorts, parsePorts } from './pods-format';

/** The storage a new pod starts with (the platform's `pods.default_storage_gb`). */
const DEFAULT_STORAGE_GB = 50;
export const MAX_STORAGE_GB = 2_000;
/** The platform's `pods.default_image`, shown as the placeholder: an empty field deploys it. */
const DEFAULT_IMAGE = 'pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime';
/** Storage typing settles this long before the estimate is asked again. */
export const ESTIMATE_DEBOUNCE_MS = 400;

/** A number field with a slider under it, both bounded by what the offer has. */
function Bounded(props: {
  label: string;
  value: number;
  max: number;
  step: number;
  error?: string;
  unit: string;
  onChange(value: number): void;
}) {
  const { label, value, max, step, error, unit, onChange } = props;
  return (
    <Stack gap={6}>
      <NumberInput
        label={label}
        description={`1 – ${max} ${unit} on this offer`}
        min={1}
        max={max}
        step={step}
        clampBehavior="strict"
        allowNegative={false}
        value={value}
        error={error}
        onChange={(v) => onChange(typeof v === 'number' ? v : Number(v) || 1)}
      />
      {max > 1 && (
        <Slider
          min={1}
          max={max}
          step={step}
          value={value}
          onChange={onChange}
          thumbLabel={`${label} slider`}
          label={(v) => `${v} ${unit}`}
        />
      )}
    </Stack>
  );
}

/** The configuration form with the live estimate; "Review" saves the draft and opens the review page. */
export function ConfigureForm({ offer, draft }: { offer: Offer; draft?: Draft }) {
  const navigate = useNavigate();
  const save = useSaveDraft();
  const [name, setName] = useState(draft?.name ?? `${offer.gpu_model.toLowerCase().replace(/\W+/g, '-')}-1`);
  const [vcpus, setVcpus] = useState(draft?.vcpus ?? offer.vcpus);
  const [ramGb, setRamGb] = useState(draft?.ram_gb ?? offer.ram_gb);
  const [storage, setStorage] = useState<number | ''>(draft?.storage_gb ?? DEFAULT_STORAGE_GB);
  const [image, setImage] = useState(draft?.image ?? '');
  const [ports, setPorts] = useState(draft ? formatPorts(draft.ports).replace('none', '') : '22, 8888');
  const [sshKey, setSshKey] = useState(draft?.ssh_public_key ?? '');
  const [ceiling, setCeiling] = useState<number | ''>(draft?.max_price_per_hour ?? '');
  const [debouncedStorage] = useDebouncedValue(storage, ESTIMATE_DEBOUNCE_MS);
  const estimate = useEstimate(offer.id, debouncedStorage === '' ? undefined : debouncedStorage);
  const errors = fieldErrors(save.error);
  const fieldless = save.error && Object.keys(errors).length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: DraftInput = {
      name: name.trim(),
      offer_id: offer.id,
      vcpus,
      ram_gb: ramGb,
      ...(storage === '' ? {} : { storage_gb: storage }),
      ...(image.trim() ? { image: image.trim() } : {}),
      ports: parsePorts(ports),
      ssh_public_key: sshKey.trim() || null,
      max_price_per_hour: ceiling === '' ? null : ceiling,
    };
    save.mutate(
      { id: draft?.id, body },
      { onSuccess: (saved) => navigate(`/pods/drafts/${encodeURIComponent(saved.id)}/review`) },
    );
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <form onSubmit={submit} aria-label="Configure the pod" noValidate>
          <Stack gap="md">
            <TextInput
              label="Name"
              required
              maxLength={64}
              value={name}
              error={errors.name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Bounded
              label="vCPUs"
              unit="vCPUs"
              value={vcpus}
              max={offer.vcpus}
              step={1}
              error={errors.vcpus}
              onChange={setVcpus}
            />
            <Bounded
              label="RAM (GB)"
              unit="GB"
              value={ramGb}
              max={offer.ram_gb}
              step={1}
              error={errors.ram_gb}
              onChange={setRamGb}
            />
            <NumberInput
              label="Storage (GB)"
              description={`1 – ${MAX_STORAGE_GB} GB${offer.storage_gb > 0 ? `; the offer includes ${formatGb(offer.storage_gb)} of disk` : ''}`}
              min={1}
              max={MAX_STORAGE_GB}
              allowNegative={false}
              allowDecimal={false}
              value={storage}
              error={errors.storage_gb}
              onChange={(v) => setStorage(v === '' ? '' : Number(v))}
            />
            <TextInput
              label="Container image"
              description="Leave empty for the default image"
              placeholder={DEFAULT_IMAGE}
              value={image}
              error={errors.image}
              onChange={(e) => setImage(e.currentTarget.value)}
            />
            <TextInput
              label="Ports"
              description="Comma-separated, e.g. 22, 8888"
              value={ports}
              error={errors.ports}
              onChange={(e) => setPorts(e.currentTarget.value)}
            />
            <Textarea
              label="SSH public key"
              description="One OpenSSH line (ssh-ed25519, ssh-rsa ≥ 2048 bits or ECDSA)"
              placeholder="ssh-ed25519 AAAA… you@laptop"
              autosize
              minRows={3}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              value={sshKey}
              error={errors.ssh_public_key}
              onChange={(e) => setSshKey(e.currentTarget.value)}
            />
            <NumberInput
              label="Price ceiling (USD per hour, optional)"
              description={`If ${offer.provider} has no capacity, the deploy moves to the best equivalent offer up to this price (empty: the platform's margin above this offer's price)`}
              min={0}
              decimalScale={4}
              allowNegative={false}
              value={ceiling}
              error={errors.max_price_per_hour}
              onChange={(v) => setCeiling(v === '' ? '' : Number(v))}
            />
            {fieldless && <FormProblem error={save.error} title="Could not save the draft" />}
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Review
              </Button>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <EstimatePanel
          estimate={estimate.data}
          error={estimate.error}
          loading={estimate.isFetching || storage !== debouncedStorage}
        />
        <Text size="xs" c="dimmed" mt="xs">
          Billed per hour while the pod exists; storage is billed until it is terminated.
        </Text>
      </Grid.Col>
    </Grid>
  );
}
