import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { datasetPath, readDatasetText } from '../assets.js';
import { parseCsv } from '../catalog-files/csv.js';
import { type GpuResolution, resolveGpu } from './index.js';

const CSV_FILES = [
  'aws.csv',
  'azure.csv',
  'cudo.csv',
  'fluidstack.csv',
  'gcp.csv',
  'ibm.csv',
  'lambda.csv',
  'ovhcloud.csv',
  'paperspace.csv',
  'runpod.csv',
  'scp.csv',
  'vast.csv',
];

interface AcceleratorRow {
  file: string;
  row: Record<string, string>;
  result: GpuResolution;
}

/**
 * VRAM per GPU from SkyPilot's Python-literal GpuInfo
 * (`{'Gpus': [{… 'MemoryInfo': {'SizeInMiB': 16384}}]…}`).
 * SizeInMiB is per GPU everywhere except vast.csv (schema v8), where it is the total across the offer's
 * GPUs. GCP accelerator rows carry one fixed per-GPU figure whatever the count (A100: 40960 on 1–16 GPUs).
 */
function vramGbOf(file: string, row: Record<string, string>): number | null {
  const mib = /'SizeInMiB':\s*([\d.]+)/.exec(row.GpuInfo ?? '');
  if (!mib) return null;
  const perGpuMib = file === 'vast.csv' ? Number(mib[1]) / Number(row.AcceleratorCount) : Number(mib[1]);
  return perGpuMib / 1024;
}

async function acceleratorRows(): Promise<AcceleratorRow[]> {
  const out: AcceleratorRow[] = [];
  for (const file of CSV_FILES) {
    const { rows } = parseCsv(await readDatasetText('catalog', file));
    for (const row of rows) {
      if ((row.AcceleratorName ?? '') === '') continue;
      const result = resolveGpu(row.AcceleratorName!, {
        provider: file.replace(/\.csv$/, ''),
        vramGb: vramGbOf(file, row),
        hint: row.InstanceType,
      });
      out.push({ file, row, result });
    }
  }
  return out;
}

const rowsPromise = acceleratorRows();

function modelOf(rows: AcceleratorRow[], file: string, match: (r: Record<string, string>) => boolean) {
  const hits = rows.filter((r) => r.file === file && match(r.row));
  expect(hits.length).toBeGreaterThan(0);
  return [...new Set(hits.map((h) => h.result.model?.model ?? null))];
}

describe('GPU resolution over the SkyPilot catalogs', () => {
  it('covers exactly the 12 catalog files shipped in assets/datasets/catalog', async () => {
    const shipped = (await readdir(datasetPath('catalog'))).filter((f) => f.endsWith('.csv')).sort();
    expect(shipped).toEqual(CSV_FILES);
  });

  it('maps every accelerator row of every catalog to a canonical model', async () => {
    const rows = await rowsPromise;
    // README: 3,511 rows carry an accelerator across the 12 files.
    expect(rows).toHaveLength(3511);
    const unmapped = [
      ...new Set(
        rows.filter((r) => r.result.model === null).map((r) => `${r.file}: ${r.row.AcceleratorName}`),
      ),
    ];
    expect(unmapped).toEqual([]);
  });

  it('picks the right variant from memory, instance type and provider spelling', async () => {
    const rows = await rowsPromise;
    const type = (t: string) => (r: Record<string, string>) => r.InstanceType === t;
    expect(modelOf(rows, 'lambda.csv', type('gpu_8x_a100_80gb_sxm4'))).toEqual(['A100-80GB-SXM']);
    expect(modelOf(rows, 'lambda.csv', type('gpu_1x_a100'))).toEqual(['A100-40GB-PCIE']);
    expect(modelOf(rows, 'lambda.csv', type('gpu_8x_a100'))).toEqual(['A100-40GB-SXM']);
    expect(modelOf(rows, 'lambda.csv', type('gpu_1x_h100_pcie'))).toEqual(['H100-80GB-PCIE']);
    expect(modelOf(rows, 'lambda.csv', type('gpu_8x_h100_sxm5'))).toEqual(['H100-80GB-SXM']);
    expect(modelOf(rows, 'lambda.csv', type('gpu_1x_rtx6000'))).toEqual(['QUADRO-RTX-6000']);
    expect(modelOf(rows, 'lambda.csv', type('gpu_1x_a6000'))).toEqual(['RTX-A6000']);
    expect(modelOf(rows, 'aws.csv', type('p4d.24xlarge'))).toEqual(['A100-40GB-SXM']);
    expect(modelOf(rows, 'aws.csv', type('p4de.24xlarge'))).toEqual(['A100-80GB-SXM']);
    expect(modelOf(rows, 'aws.csv', type('p3dn.24xlarge'))).toEqual(['V100-32GB-SXM']);
    expect(modelOf(rows, 'aws.csv', type('p3.2xlarge'))).toEqual(['V100-16GB-SXM']);
    expect(modelOf(rows, 'aws.csv', type('inf1.2xlarge'))).toEqual(['INFERENTIA-8GB']);
    expect(modelOf(rows, 'aws.csv', type('trn1.32xlarge'))).toEqual(['TRAINIUM-32GB']);
    expect(modelOf(rows, 'aws.csv', type('dl1.24xlarge'))).toEqual(['GAUDI-32GB']);
    expect(modelOf(rows, 'aws.csv', type('dl2q.24xlarge'))).toEqual(['AI100-16GB']);
    expect(modelOf(rows, 'aws.csv', type('f1.2xlarge'))).toEqual(['VU9P-64GB']);
    expect(modelOf(rows, 'aws.csv', type('g4ad.2xlarge'))).toEqual(['RADEON-PRO-V520-8GB']);
    expect(modelOf(rows, 'aws.csv', type('g5g.2xlarge'))).toEqual(['T4G-16GB']);
    expect(modelOf(rows, 'aws.csv', type('g5.16xlarge'))).toEqual(['A10G-24GB']);
    expect(modelOf(rows, 'aws.csv', type('g6.16xlarge'))).toEqual(['L4-24GB']);
    expect(modelOf(rows, 'aws.csv', type('p5.48xlarge'))).toEqual(['H100-80GB-SXM']);
    const name = (n: string) => (r: Record<string, string>) => r.AcceleratorName === n;
    expect(modelOf(rows, 'runpod.csv', name('A100-80GB'))).toEqual(['A100-80GB-PCIE']);
    expect(modelOf(rows, 'runpod.csv', name('A100-80GB-SXM'))).toEqual(['A100-80GB-SXM']);
    expect(modelOf(rows, 'runpod.csv', name('H100'))).toEqual(['H100-80GB-PCIE']);
    expect(modelOf(rows, 'runpod.csv', name('H100-SXM'))).toEqual(['H100-80GB-SXM']);
    expect(modelOf(rows, 'runpod.csv', name('RTX4000-Ada'))).toEqual(['RTX-4000-ADA']);
    expect(modelOf(rows, 'runpod.csv', name('RTX4090'))).toEqual(['RTX-4090']);
    expect(modelOf(rows, 'gcp.csv', name('tpu-v4-8'))).toEqual(['TPU-V4-32GB']);
    expect(modelOf(rows, 'gcp.csv', name('tpu-v2-512'))).toEqual(['TPU-V2-16GB']);
    expect(modelOf(rows, 'gcp.csv', name('A100'))).toEqual(['A100-40GB-SXM']);
    expect(modelOf(rows, 'gcp.csv', name('A100-80GB'))).toEqual(['A100-80GB-SXM']);
    expect(modelOf(rows, 'gcp.csv', name('P100'))).toEqual(['P100-16GB-PCIE']);
    expect(modelOf(rows, 'fluidstack.csv', name('RTX4000'))).toEqual(['QUADRO-RTX-4000']);
    expect(modelOf(rows, 'azure.csv', type('Standard_NC40ads_H100_v5'))).toEqual(['H100-94GB-NVL']);
    expect(modelOf(rows, 'azure.csv', type('Standard_NC24ads_A100_v4'))).toEqual(['A100-80GB-PCIE']);
    expect(modelOf(rows, 'azure.csv', name('Radeon MI25'))).toEqual(['MI25-16GB']);
    expect(modelOf(rows, 'azure.csv', name('V100-32GB'))).toEqual(['V100-32GB-SXM']);
    expect(modelOf(rows, 'vast.csv', type('1x-A100_PCIE-32-65536'))).toEqual(['A100-80GB-PCIE']);
    expect(modelOf(rows, 'vast.csv', type('1x-A100_SXM4-32-65536'))).toEqual(['A100-40GB-SXM']);
    expect(modelOf(rows, 'vast.csv', type('1x-H100_NVL-32-65536'))).toEqual(['H100-94GB-NVL']);
    expect(modelOf(rows, 'vast.csv', name('H200'))).toEqual(['H200-141GB-SXM']);
    expect(modelOf(rows, 'vast.csv', name('B200'))).toEqual(['B200-180GB']);
    expect(modelOf(rows, 'vast.csv', name('RTXPRO6000S'))).toEqual(['RTX-PRO-6000']);
    expect(modelOf(rows, 'vast.csv', name('RTXA2000'))).toEqual(['RTX-A2000']);
    expect(modelOf(rows, 'scp.csv', name('A100-80GB'))).toEqual(['A100-80GB-SXM']);
    expect(modelOf(rows, 'ovhcloud.csv', name('V100'))).toEqual(['V100-16GB-SXM']);
    expect(modelOf(rows, 'cudo.csv', name('RTXA4500'))).toEqual(['RTX-A4500']);
    expect(modelOf(rows, 'paperspace.csv', type('A100-80Gx8'))).toEqual(['A100-80GB-SXM']);
  });
});
