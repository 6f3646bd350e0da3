import type { CatalogFileOptions, CatalogFileResult } from './catalog-file.types.js';
import { parseGpuhuntCatalog } from './gpuhunt.js';
import { parseSkypilotCatalog } from './skypilot.js';

export { CatalogFileError, type CatalogFileOptions, type CatalogFileResult } from './catalog-file.types.js';
export { parseCsv } from './csv.js';
export { GPUHUNT_REQUIRED_COLUMNS, parseGpuhuntCatalog } from './gpuhunt.js';
export { parseSkypilotCatalog, SKYPILOT_REQUIRED_COLUMNS } from './skypilot.js';

/** Catalog file formats the broker reads: SkyPilot service catalogs and dstack gpuhunt catalogs. */
export const CATALOG_FORMATS = ['skypilot', 'gpuhunt'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

const PARSERS: Record<CatalogFormat, (text: string, opts: CatalogFileOptions) => CatalogFileResult> = {
  skypilot: parseSkypilotCatalog,
  gpuhunt: parseGpuhuntCatalog,
};

/**
 * Parses a catalog file of the given format into GPU offers (USD/hour, provider's GPU names).
 * Row-level problems land in `skippedInvalid` with their line; throws `CatalogFileError` when the
 * text is not a catalog of that format at all (empty, or a required column missing).
 */
export function parseCatalogFile(
  text: string,
  format: CatalogFormat,
  opts: CatalogFileOptions,
): CatalogFileResult {
  return PARSERS[format](text, opts);
}
