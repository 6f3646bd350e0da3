import { describe, expect, it } from 'vitest';
import { readDatasetText } from '../assets.js';
import type { ProviderOffer } from '../catalog.types.js';
import { parseSkypilotCatalog } from './skypilot.js';

async function offersOf(provider: string): Promise<Map<string, ProviderOffer>> {
  const { offers } = parseSkypilotCatalog(await readDatasetText('catalog', `${provider}.csv`), { provider });
  return new Map(offers.map((o) => [o.providerOfferId, o]));
}

// Every expected value below was read by hand from the quoted catalog line.
describe('parseSkypilotCatalog: offers checked by hand against catalog lines', () => {
  it('lambda.csv line 2 (first row): float count, per-GPU VRAM, CRLF file', async () => {
    // gpu_8x_v100,V100,8.0,92.0,448.0,4.4,australia-southeast-1,"{... 'Count': 8.0, 'SizeInMiB': 16384 ...}",
    const offers = await offersOf('lambda');
    expect(offers.get('gpu_8x_v100:australia-southeast-1')).toEqual({
      providerOfferId: 'gpu_8x_v100:australia-southeast-1',
      gpuName: 'V100',
      gpuCount: 8,
      gpuVramGb: 16,
      vcpus: 92,
      ramGb: 448,
      storageGb: 0,
      region: 'australia-southeast-1',
      country: 'AU',
      spot: false,
      availability: 'available',
      pricePerHour: 4.4,
    });
    expect(offers.has('gpu_8x_v100:australia-southeast-1:spot')).toBe(false);
  });

  it('vast.csv line 3: SizeInMiB is the total of both GPUs, SpotPrice 0.00 gives no spot offer', async () => {
    // 2x-H200-32-65536,H200,2,32,64.0,"{... 'Count': 2, 'SizeInMiB': 287542 ...}",5.18,0.00,"Michigan, US, NA"
    const offers = await offersOf('vast');
    expect(offers.get('2x-H200-32-65536:Michigan, US, NA')).toEqual({
      providerOfferId: '2x-H200-32-65536:Michigan, US, NA',
      gpuName: 'H200',
      gpuCount: 2,
      gpuVramGb: 140.4, // 287542 / 2 / 1024 = 140.40…
      vcpus: 32,
      ramGb: 64,
      storageGb: 0,
      region: 'Michigan, US, NA',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 5.18,
    });
    expect(offers.has('2x-H200-32-65536:Michigan, US, NA:spot')).toBe(false);
  });

  it('runpod.csv line 66: SpotPrice gives a second, spot offer; region is the country', async () => {
    // 1x_A40_SECURE,A40,1.0,9.0,48.0,A40,CA,0.49,0.79   (… Region, SpotPrice, Price)
    const offers = await offersOf('runpod');
    const onDemand: ProviderOffer = {
      providerOfferId: '1x_A40_SECURE:CA',
      gpuName: 'A40',
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 9,
      ramGb: 48,
      storageGb: 0,
      region: 'CA',
      country: 'CA',
      spot: false,
      availability: 'available',
      pricePerHour: 0.79,
    };
    expect(offers.get('1x_A40_SECURE:CA')).toEqual(onDemand);
    expect(offers.get('1x_A40_SECURE:CA:spot')).toEqual({
      ...onDemand,
      providerOfferId: '1x_A40_SECURE:CA:spot',
      spot: true,
      pricePerHour: 0.49,
    });
  });

  it('aws.csv line 20634: p4d.24xlarge per AZ, with its spot price', async () => {
    // p4d.24xlarge,A100,8.0,96.0,1152.0,"{... 'SizeInMiB': 40960 ...}",44.92215,7.345600,ap-northeast-1,apne1-az4
    const offers = await offersOf('aws');
    const onDemand: ProviderOffer = {
      providerOfferId: 'p4d.24xlarge:ap-northeast-1:apne1-az4',
      gpuName: 'A100',
      gpuCount: 8,
      gpuVramGb: 40,
      vcpus: 96,
      ramGb: 1152,
      storageGb: 0,
      region: 'ap-northeast-1',
      country: 'JP',
      spot: false,
      availability: 'available',
      pricePerHour: 44.92215,
    };
    expect(offers.get('p4d.24xlarge:ap-northeast-1:apne1-az4')).toEqual(onDemand);
    expect(offers.get('p4d.24xlarge:ap-northeast-1:apne1-az4:spot')).toEqual({
      ...onDemand,
      providerOfferId: 'p4d.24xlarge:ap-northeast-1:apne1-az4:spot',
      spot: true,
      pricePerHour: 7.3456,
    });
  });

  it('paperspace.csv line 2 and ovhcloud.csv line 2: plain GpuInfo name, zone in the id', async () => {
    // H100,H100,1.0,15.0,80.0,H100,East Coast (NY2),,5.95
    expect((await offersOf('paperspace')).get('H100:East Coast (NY2)')).toMatchObject({
      gpuName: 'H100',
      gpuCount: 1,
      gpuVramGb: null,
      country: 'US',
      pricePerHour: 5.95,
    });
    // a100-180,A100-80GB,1,15,180,3.07,GRA,"{... 'SizeInMiB': 81920 ...}",,GRA11
    expect((await offersOf('ovhcloud')).get('a100-180:GRA:GRA11')).toMatchObject({
      gpuVramGb: 80,
      vcpus: 15,
      ramGb: 180,
      region: 'GRA',
      country: 'FR',
      pricePerHour: 3.07,
    });
  });

  it('gcp.csv: A100 × 1 composed with a2-highgpu-1g of the same zone', async () => {
    // line 14928: ,,,A100,1.0,{'Gpus': [{'MemoryInfo': {'SizeInMiB': 40960}}]},asia-northeast1,asia-northeast1-a,3.10156,1.2406
    // line 2:     a2-highgpu-1g,12.0,85.0,,,,asia-northeast1,asia-northeast1-a,0.94803,0.37928
    const offers = await offersOf('gcp');
    const onDemand: ProviderOffer = {
      providerOfferId: 'a2-highgpu-1g+A100x1:asia-northeast1:asia-northeast1-a',
      gpuName: 'A100',
      gpuCount: 1,
      gpuVramGb: 40,
      vcpus: 12,
      ramGb: 85,
      storageGb: 0,
      region: 'asia-northeast1',
      country: 'JP',
      spot: false,
      availability: 'available',
      pricePerHour: 4.04959, // 3.10156 + 0.94803
    };
    expect(offers.get(onDemand.providerOfferId)).toEqual(onDemand);
    expect(offers.get(`${onDemand.providerOfferId}:spot`)).toEqual({
      ...onDemand,
      providerOfferId: `${onDemand.providerOfferId}:spot`,
      spot: true,
      pricePerHour: 1.61988, // 1.2406 + 0.37928
    });
  });

  it('gcp.csv: T4 × 1 on an n1-highmem-8 host; TPU stands alone', async () => {
    // line 15321: ,,,T4,1.0,{'Gpus': [{'MemoryInfo': {'SizeInMiB': 16384}}]},asia-east1,asia-east1-a,0.35,0.14
    // line 5802:  n1-highmem-8,8.0,52.0,,,,asia-east1,asia-east1-a,0.54793,0.10517
    const offers = await offersOf('gcp');
    expect(offers.get('n1-highmem-8+T4x1:asia-east1:asia-east1-a')).toMatchObject({
      gpuName: 'T4',
      gpuCount: 1,
      gpuVramGb: 16,
      vcpus: 8,
      ramGb: 52,
      country: 'TW',
      pricePerHour: 0.89793, // 0.35 + 0.54793
    });
    expect(offers.get('n1-highmem-8+T4x1:asia-east1:asia-east1-a:spot')?.pricePerHour).toBe(0.24517);
    // line 15547: ,,,tpu-v4-8,1.0,tpu-v4-8,us-central2,us-central2-b,12.88,3.88 (line 15548 repeats it)
    expect(offers.get('tpu-v4-8:us-central2:us-central2-b')).toEqual({
      providerOfferId: 'tpu-v4-8:us-central2:us-central2-b',
      gpuName: 'tpu-v4-8',
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 0,
      ramGb: 0,
      storageGb: 0,
      region: 'us-central2',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 12.88,
    });
    expect(offers.get('tpu-v4-8:us-central2:us-central2-b:spot')?.pricePerHour).toBe(3.88);
  });

  it('reports skipped rows with their file line', async () => {
    const azure = parseSkypilotCatalog(await readDatasetText('catalog', 'azure.csv'), { provider: 'azure' });
    // line 6740: Standard_NV16as_v4,Radeon MI25,1,16.0,56,Radeon MI25,,,westus,"V1,V2"
    expect(azure.skippedInvalid).toContainEqual({ line: 6740, reason: 'Price is empty' });
    // line 6615: Standard_NC40ads_H100_v5,H100,1,40.0,320,H100,0.0,0.0,eastus,V2
    expect(azure.skippedInvalid).toContainEqual({ line: 6615, reason: 'Price is not positive: "0.0"' });
    const gcp = parseSkypilotCatalog(await readDatasetText('catalog', 'gcp.csv'), { provider: 'gcp' });
    expect(gcp.skippedInvalid).toContainEqual({
      line: 15548,
      reason: 'duplicate offer id, first on line 15547',
    });
    // line 15000: ,,,A100,16.0,…,asia-northeast1,asia-northeast1-a,49.62496,19.8496 (no a2-megagpu-16g there)
    expect(gcp.skippedInvalid).toContainEqual({
      line: 15000,
      reason: 'host VM a2-megagpu-16g not listed in asia-northeast1-a',
    });
  });
});
