import { describe, expect, it } from 'vitest';
import { CatalogFileError } from './catalog-file.types.js';
import { parseGpuhuntCatalog } from './gpuhunt.js';

// Hand-written in gpuhunt's documented CSV format (header = the fields of gpuhunt's RawCatalogItem,
// dstackai/gpuhunt src/gpuhunt/_internal/models.py; `spot` as Python's True/False, `flags` space-
// separated, `provider_data` JSON). No real gpuhunt catalog rows exist in the sources available here,
// so the values are illustrative, not a provider's prices.
const V2_HEADER =
  'instance_name,location,price,cpu,memory,gpu_count,gpu_name,gpu_memory,spot,disk_size,gpu_vendor,flags,cpu_arch,provider_data';
const V2_BODY = [
  V2_HEADER,
  'gpu_1x_a10,us-east-1,0.75,30,200.0,1,A10,24.0,False,1400.0,nvidia,,x86,{}', // line 2
  'p4d.24xlarge,us-east-1,32.7726,96,1152.0,8,A100,40.0,True,,nvidia,,x86,"{""zone"": ""use1-az2""}"', // 3
  'c5.large,us-east-1,0.085,2,4.0,0,,,False,,,,x86,{}', // 4: CPU-only
  'v5litepod-8,us-west4-a,9.6,224,384.0,8,tpu-v5litepod-8,16.0,False,,google,tpu-legacy,x86,{}', // 5
  'gpu_1x_a10,us-east-1,0.80,30,200.0,1,A10,24.0,False,1400.0,nvidia,,x86,{}', // 6: same id as line 2
  'gpu_1x_h100,us-east-1,n/a,26,200.0,1,H100,80.0,False,,nvidia,,x86,{}', // 7: price not a number
  'gpu_1x_h100,us-east-1,2.49,26,200.0,1,H100,80.0,maybe,,nvidia,,x86,{}', // 8: spot not a boolean
  'short,row', // 9: too few fields
].join('\r\n');

describe('parseGpuhuntCatalog', () => {
  it('turns each GPU row into one offer, by header name, CRLF', () => {
    const result = parseGpuhuntCatalog(V2_BODY, { provider: 'aws' });
    expect(result.rowsRead).toBe(8);
    expect(result.skippedCpuOnly).toBe(1);
    expect(result.offers.map((o) => o.providerOfferId)).toEqual([
      'gpu_1x_a10:us-east-1',
      'p4d.24xlarge:us-east-1:spot',
      'v5litepod-8:us-west4-a',
    ]);
    expect(result.offers[0]).toEqual({
      providerOfferId: 'gpu_1x_a10:us-east-1',
      gpuName: 'A10',
      gpuCount: 1,
      gpuVramGb: 24,
      vcpus: 30,
      ramGb: 200,
      storageGb: 1400,
      region: 'us-east-1',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 0.75,
    });
    expect(result.offers[1]).toMatchObject({ spot: true, gpuCount: 8, pricePerHour: 32.7726, storageGb: 0 });
    // TPU keeps its tpu- name; a flagged row is still a real offer.
    expect(result.offers[2]).toMatchObject({ gpuName: 'tpu-v5litepod-8', gpuCount: 8, vcpus: 224 });
  });

  it('reports unusable rows with their line', () => {
    const { skippedInvalid } = parseGpuhuntCatalog(V2_BODY, { provider: 'aws' });
    expect(skippedInvalid).toEqual([
      { line: 6, reason: 'duplicate offer id, first on line 2' },
      { line: 7, reason: 'price is not a number: "n/a"' },
      { line: 8, reason: 'spot is not True/False: "maybe"' },
      { line: 9, reason: 'expected 14 fields, found 2' },
    ]);
  });

  it('reads the older 9-column catalogs (no disk_size, vendor, flags …)', () => {
    const text = [
      'instance_name,location,price,cpu,memory,gpu_count,gpu_name,gpu_memory,spot',
      'a2-highgpu-1g,europe-west4-a,1.2,12,85.0,1,A100,40.0,true',
    ].join('\n');
    expect(parseGpuhuntCatalog(text, { provider: 'gcp' }).offers).toEqual([
      {
        providerOfferId: 'a2-highgpu-1g:europe-west4-a:spot',
        gpuName: 'A100',
        gpuCount: 1,
        gpuVramGb: 40,
        vcpus: 12,
        ramGb: 85,
        storageGb: 0,
        region: 'europe-west4-a',
        country: 'NL',
        spot: true,
        availability: 'available',
        pricePerHour: 1.2,
      },
    ]);
  });

  it('throws CatalogFileError naming the missing columns for a file of another format', () => {
    const skypilot = 'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region\n';
    expect(() => parseGpuhuntCatalog(skypilot, { provider: 'aws' })).toThrow(CatalogFileError);
    expect(() => parseGpuhuntCatalog(skypilot, { provider: 'aws' })).toThrow(
      'not a gpuhunt catalog: missing column(s) instance_name, location, price, cpu, memory, gpu_count, gpu_name, gpu_memory, spot',
    );
  });
});
