import { readdirSync } from 'node:fs';
import { datasetPath, parseSkypilotCatalog, readDatasetText } from '../../src/modules/catalog/index.js';

/**
 * Bench-only: a SkyPilot-format CSV of `n` GPU offers built from the real rows of the 12 shipped
 * catalogs, replicated with a deterministic jitter (price ±10 %, each row's real instance type in a
 * random real region, a unique zone so every offer id differs; no spot column, so one row is one
 * offer): the distribution of GPU models, instance types, counts and prices is the real one at a
 * larger size.
 */
export async function benchCatalogCsv(n: number, seed = 42): Promise<string> {
  const files = readdirSync(datasetPath('catalog')).filter((f) => f.endsWith('.csv'));
  const real: Array<{
    type: string;
    name: string;
    count: number;
    vcpus: number;
    ram: number;
    price: number;
    region: string;
    vramMiB: number;
  }> = [];
  for (const file of files) {
    const provider = file.replace(/\.csv$/, '');
    const { offers } = parseSkypilotCatalog(await readDatasetText('catalog', file), { provider });
    for (const o of offers) {
      real.push({
        type: o.providerOfferId.split(':')[0]!,
        name: o.gpuName,
        count: o.gpuCount,
        vcpus: o.vcpus,
        ram: o.ramGb,
        price: o.pricePerHour,
        region: o.region,
        vramMiB: Math.round((o.gpuVramGb ?? 0) * 1024),
      });
    }
  }
  let state = seed >>> 0;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const lines = [
    'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone',
  ];
  for (let i = 0; i < n; i++) {
    const r = real[i % real.length]!;
    const price = (r.price * (0.9 + random() * 0.2)).toFixed(4);
    const region = real[Math.floor(random() * real.length)]!.region.replace(/"/g, '');
    const info = r.vramMiB
      ? `"{'Gpus': [{'Name': '${r.name}', 'Count': ${r.count}, 'MemoryInfo': {'SizeInMiB': ${r.vramMiB}}}], 'TotalGpuMemoryInMiB': ${r.vramMiB * r.count}}"`
      : r.name;
    // The row's real instance type and a random real region; the zone makes each offer id unique.
    lines.push(
      `"${r.type}",${r.name},${r.count},${r.vcpus},${r.ram},${info},${price},,"${region}",bench-${i}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
