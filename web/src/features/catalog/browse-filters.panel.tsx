import { MultiSelect, SegmentedControl, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import type { BrowseFilters, SpotFilter } from './browse-filters';
import { useGpus, useProviders } from './catalog.api';
import { DebouncedNumberInput, DebouncedTextInput } from './debounced-inputs';

export interface BrowseFiltersPanelProps {
  filters: BrowseFilters;
  onChange(patch: Partial<BrowseFilters>): void;
}

const SPOT_OPTIONS: { value: SpotFilter; label: string }[] = [
  { value: 'any', label: 'Any' },
  { value: 'on-demand', label: 'On-demand' },
  { value: 'spot', label: 'Spot' },
];

/** Every offer filter; each change is applied at once (typed values once typing pauses). */
export function BrowseFiltersPanel({ filters, onChange }: BrowseFiltersPanelProps) {
  const gpus = useGpus();
  const providers = useProviders();
  const gpuOptions = (gpus.data ?? []).map((g) => ({ value: g.model, label: g.model }));
  // A model from a shared link stays selectable even if the list does not (yet) have it.
  for (const model of filters.gpuModels) {
    if (!gpuOptions.some((o) => o.value === model)) gpuOptions.push({ value: model, label: model });
  }
  const providerOptions = (providers.data ?? [])
    .filter((p) => p.enabled || filters.providers.includes(p.id))
    .map((p) => ({ value: p.id, label: p.name }));
  for (const id of filters.providers) {
    if (!providerOptions.some((o) => o.value === id)) providerOptions.push({ value: id, label: id });
  }

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <MultiSelect
          label="GPU model"
          placeholder={filters.gpuModels.length ? undefined : 'Any GPU'}
          data={gpuOptions}
          value={filters.gpuModels}
          onChange={(gpuModels) => onChange({ gpuModels })}
          searchable
          clearable
          nothingFoundMessage="No such GPU"
          disabled={gpus.isPending}
        />
        <MultiSelect
          label="Provider"
          placeholder={filters.providers.length ? undefined : 'Any provider'}
          data={providerOptions}
          value={filters.providers}
          onChange={(providers) => onChange({ providers })}
          searchable
          clearable
          nothingFoundMessage="No such provider"
          disabled={providers.isPending}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
        <DebouncedNumberInput
          label="Min GPUs"
          min={1}
          value={filters.minGpuCount}
          onCommit={(minGpuCount) => onChange({ minGpuCount })}
          decimalScale={0}
        />
        <DebouncedNumberInput
          label="Max GPUs"
          min={1}
          value={filters.maxGpuCount}
          onCommit={(maxGpuCount) => onChange({ maxGpuCount })}
          decimalScale={0}
        />
        <DebouncedNumberInput
          label="Min VRAM per GPU (GB)"
          value={filters.minVramGb}
          onCommit={(minVramGb) => onChange({ minVramGb })}
        />
        <DebouncedNumberInput
          label="Min price ($/h)"
          value={filters.minPrice}
          onCommit={(minPrice) => onChange({ minPrice })}
          decimalScale={4}
          step={0.1}
        />
        <DebouncedNumberInput
          label="Max price ($/h)"
          value={filters.maxPrice}
          onCommit={(maxPrice) => onChange({ maxPrice })}
          decimalScale={4}
          step={0.1}
        />
        <DebouncedNumberInput
          label="Min vCPUs"
          value={filters.minVcpus}
          onCommit={(minVcpus) => onChange({ minVcpus })}
        />
        <DebouncedNumberInput
          label="Min RAM (GB)"
          value={filters.minRamGb}
          onCommit={(minRamGb) => onChange({ minRamGb })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" style={{ alignItems: 'end' }}>
        <DebouncedTextInput
          label="Region"
          placeholder="e.g. us-east-1"
          value={filters.region}
          onCommit={(region) => onChange({ region })}
          maxLength={100}
        />
        <DebouncedTextInput
          label="Country"
          placeholder="e.g. US"
          value={filters.country}
          onCommit={(country) => onChange({ country })}
          accept={(v) => /^[A-Z]{2}$/.test(v)}
          transform={(v) => v.toUpperCase()}
          maxLength={2}
        />
        <Stack gap={4}>
          <Text component="span" id="spot-filter-label" size="sm" fw={500}>
            Pricing
          </Text>
          <SegmentedControl
            fullWidth
            aria-labelledby="spot-filter-label"
            data={SPOT_OPTIONS}
            value={filters.spot}
            onChange={(spot) => onChange({ spot: spot as SpotFilter })}
          />
        </Stack>
        <Switch
          label="Available only"
          checked={filters.availableOnly}
          onChange={(event) => onChange({ availableOnly: event.currentTarget.checked })}
          mb={8}
        />
      </SimpleGrid>
    </Stack>
  );
}
