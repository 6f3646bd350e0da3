import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Gpu, Offer, Provider } from './catalog.api';
import { AvailabilityBadge, HealthDot, SpotBadge } from './catalog-badges';
import { formatGb, HEALTH_LABEL } from './catalog-format';

/** A labelled list of facts (a description list, so each value is read with its name). */
export function Facts({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <SimpleGrid component="dl" cols={2} spacing="xs" verticalSpacing={6} m={0}>
      {items.map(([label, value]) => (
        <Stack key={label} gap={0}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" size="sm" m={0} fw={500} style={{ overflowWrap: 'anywhere' }}>
            {value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title id={id} order={2} fz="lg" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function OfferFacts({ offer }: { offer: Offer }) {
  return (
    <Section id="offer-facts" title="Offer">
      <Facts
        items={[
          ['GPUs', `${offer.gpu_count} × ${offer.gpu_model}`],
          [
            'VRAM',
            `${formatGb(offer.gpu_vram_gb)} per GPU · ${formatGb(offer.gpu_vram_gb * offer.gpu_count)} total`,
          ],
          ['vCPUs', offer.vcpus],
          ['RAM', formatGb(offer.ram_gb)],
          ['Storage', offer.storage_gb > 0 ? formatGb(offer.storage_gb) : 'Not included'],
          ['Region', offer.region],
          ['Country', offer.country ?? 'Unknown'],
          ['Pricing', <SpotBadge key="spot" spot={offer.spot} />],
          ['Availability', <AvailabilityBadge key="availability" availability={offer.availability} />],
          ['Performance', `${offer.performance_score.toLocaleString()} FP16 TFLOPS`],
          ["Provider's offer id", offer.provider_offer_id],
          ['Updated', new Date(offer.updated_at).toLocaleString()],
        ]}
      />
    </Section>
  );
}

/** A datasheet figure with its unit, or a dash when the vendor does not publish it. */
const published = (value: number | null, unit: string) =>
  value === null ? '—' : `${value.toLocaleString()} ${unit}`;

export function GpuSpecs({ model, gpu }: { model: string; gpu: Gpu | undefined }) {
  return (
    <Section id="gpu-specs" title="GPU specifications">
      {gpu ? (
        <Facts
          items={[
            ['Model', gpu.model],
            ['Vendor', gpu.vendor],
            ['Family', gpu.family],
            ['Architecture', gpu.architecture],
            ['Form factor', gpu.form_factor],
            ['Memory', formatGb(gpu.vram_gb)],
            ['Memory bandwidth', published(gpu.memory_bandwidth_gbps, 'GB/s')],
            ['FP16', published(gpu.fp16_tflops, 'TFLOPS')],
            ['BF16', published(gpu.bf16_tflops, 'TFLOPS')],
          ]}
        />
      ) : (
        <Text size="sm" c="dimmed">
          No published specifications for “{model}”: the provider's GPU name is not mapped to a canonical
          model yet.
        </Text>
      )}
    </Section>
  );
}

export function ProviderHealth({ id, provider }: { id: string; provider: Provider | undefined }) {
  return (
    <Section id="provider-health" title="Provider">
      {provider ? (
        <Facts
          items={[
            ['Name', provider.name],
            [
              'Health',
              <Group key="health" gap={6} component="span">
                <HealthDot provider={provider} />
                {HEALTH_LABEL[provider.status]}
              </Group>,
            ],
            ['Circuit', provider.circuit.replace('_', ' ')],
            ['Last sync', provider.last_sync_at ? new Date(provider.last_sync_at).toLocaleString() : 'Never'],
            ['Offers', `${provider.available_offers_count} available of ${provider.offers_count}`],
            ['Deploy through GPUBROKER', provider.supports_provisioning ? 'Supported' : 'Not yet'],
          ]}
        />
      ) : (
        <Text size="sm" c="dimmed">
          {id}
        </Text>
      )}
    </Section>
  );
}
