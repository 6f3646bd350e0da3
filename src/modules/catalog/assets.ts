import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real public data shipped with the product (`assets/datasets/`, attribution in its README): the
 * provider catalogs and recorded API bodies that seed the SANDBOX twins and the tests.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../assets/datasets');

export function datasetPath(...segments: string[]): string {
  return join(ROOT, ...segments);
}

export async function readDatasetText(...segments: string[]): Promise<string> {
  return readFile(datasetPath(...segments), 'utf8');
}

export async function readDatasetJson<T = unknown>(...segments: string[]): Promise<T> {
  return JSON.parse(await readDatasetText(...segments)) as T;
}
