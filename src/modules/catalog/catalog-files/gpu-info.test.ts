import { describe, expect, it } from 'vitest';
import { parseGpuInfo, parsePythonLiteral } from './gpu-info.js';

describe('parseGpuInfo', () => {
  it('reads name and per-GPU MiB from a SkyPilot dict (aws.csv p4d.24xlarge cell)', () => {
    const cell =
      "{'Gpus': [{'Name': 'A100', 'Manufacturer': 'NVIDIA', 'Count': 8, 'MemoryInfo': {'SizeInMiB': 40960}}], 'TotalGpuMemoryInMiB': 327680}";
    expect(parseGpuInfo(cell)).toEqual({ name: 'A100', sizeInMiB: 40960 });
  });

  it('accepts a quoted float Count (cudo.csv) and a dict without a Name (gcp.csv)', () => {
    expect(
      parseGpuInfo(
        "{'Gpus': [{'Name': 'RTX3080', 'Manufacturer': 'NVIDIA', 'Count': '1.0', 'MemoryInfo': {'SizeInMiB': 12288}}], 'TotalGpuMemoryInMiB': 12288}",
      ),
    ).toEqual({ name: 'RTX3080', sizeInMiB: 12288 });
    expect(parseGpuInfo("{'Gpus': [{'MemoryInfo': {'SizeInMiB': 24576}}]}")).toEqual({
      name: null,
      sizeInMiB: 24576,
    });
  });

  it('takes a plain cell as the GPU name and an empty one as nothing', () => {
    expect(parseGpuInfo('Radeon MI25')).toEqual({ name: 'Radeon MI25', sizeInMiB: null });
    expect(parseGpuInfo('')).toEqual({ name: null, sizeInMiB: null });
  });

  it('throws on a malformed dict', () => {
    expect(() => parseGpuInfo("{'Gpus': [{'Name': 'A100'")).toThrow(SyntaxError);
  });
});

describe('parsePythonLiteral', () => {
  it('reads dicts, lists, tuples, both quote styles, escapes, numbers and constants', () => {
    expect(
      parsePythonLiteral(`{'a': [1, 2.5, -3e2], "b": ('x', None), 'c': True, 'd': False, 'e': 'it\\'s'}`),
    ).toEqual({
      a: [1, 2.5, -300],
      b: ['x', null],
      c: true,
      d: false,
      e: "it's",
    });
  });

  it('rejects trailing characters and unknown words', () => {
    expect(() => parsePythonLiteral("{'a': 1} x")).toThrow('trailing characters');
    expect(() => parsePythonLiteral("{'a': nan}")).toThrow('unexpected character');
  });
});
