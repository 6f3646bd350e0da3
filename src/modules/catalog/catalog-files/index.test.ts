import { describe, expect, it } from 'vitest';
import { readDatasetText } from '../assets.js';
import { CATALOG_FORMATS, CatalogFileError, parseCatalogFile } from './index.js';

const HEADER = 'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region';

describe('parseCatalogFile', () => {
  it('lists its formats and dispatches on them', async () => {
    expect(CATALOG_FORMATS).toEqual(['skypilot', 'gpuhunt']);
    const result = parseCatalogFile(await readDatasetText('catalog', 'ibm.csv'), 'skypilot', {
      provider: 'ibm',
    });
    expect(result.offers[0]?.providerOfferId).toBe('gx2-8x64x1v100:us-south:us-south-1');
    expect(() => parseCatalogFile(HEADER, 'gpuhunt', { provider: 'ibm' })).toThrow(CatalogFileError);
  });

  it('throws CatalogFileError naming every missing column', () => {
    const text = 'InstanceType,AcceleratorName,vCPUs,Region\nx,A100,8,us-east-1\n';
    let error: unknown;
    try {
      parseCatalogFile(text, 'skypilot', { provider: 'aws' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogFileError);
    expect((error as CatalogFileError).missingColumns).toEqual(['AcceleratorCount', 'MemoryGiB', 'Price']);
    expect((error as CatalogFileError).message).toBe(
      'not a SkyPilot catalog: missing column(s) AcceleratorCount, MemoryGiB, Price',
    );
  });

  it('throws CatalogFileError for an empty file', () => {
    expect(() => parseCatalogFile('', 'skypilot', { provider: 'aws' })).toThrow('the file is empty');
  });

  it('skips bad rows with their line and keeps the good ones', () => {
    const text = [
      HEADER,
      'g1,A100,1,8,64,,2.5,,us-east-1', // 2: good
      'g2,A100,1,8,64,,abc,,us-east-1', // 3: price not a number
      'g3,A100,one,8,64,,2.5,,us-east-1', // 4: count not a number
      'g4,A100,1,8,64,"{\'Gpus\': [",2.5,,us-east-1', // 5: GpuInfo malformed
      'g5,A100,1,8,64,,2.5,cheap,us-east-1', // 6: spot price not a number
      'g6,A100,1,8,64,,2.5,,', // 7: no region
      'c1,,,2,4,,0.1,,us-east-1', // 8: CPU-only
      'g7,A100,1,8,64,,2.5,,"us-east-1', // 9: unterminated quote (swallows the rest)
      'g8,A100,1,8,64,,2.5,,us-east-1',
    ].join('\n');
    const result = parseCatalogFile(text, 'skypilot', { provider: 'aws' });
    expect(result.offers.map((o) => o.providerOfferId)).toEqual(['g1:us-east-1']);
    expect(result.rowsRead).toBe(8);
    expect(result.skippedCpuOnly).toBe(1);
    expect(result.skippedInvalid.map((s) => s.line)).toEqual([3, 4, 5, 6, 7, 9]);
    expect(result.skippedInvalid[0]).toEqual({ line: 3, reason: 'Price is not a number: "abc"' });
    expect(result.skippedInvalid[1]).toEqual({ line: 4, reason: 'AcceleratorCount is not a number: "one"' });
    expect(result.skippedInvalid[2]?.reason).toMatch(/^GpuInfo is malformed: /);
    expect(result.skippedInvalid[3]).toEqual({ line: 6, reason: 'SpotPrice is not a number: "cheap"' });
    expect(result.skippedInvalid[4]).toEqual({ line: 7, reason: 'Region is empty' });
    expect(result.skippedInvalid[5]).toEqual({
      line: 9,
      reason: 'unterminated quoted field (rest of file unread)',
    });
  });
});
