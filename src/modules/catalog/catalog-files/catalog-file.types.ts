import type { ProviderOffer } from '../catalog.types.js';

/** What reading one catalog file produced. */
export interface CatalogFileResult {
  /** GPU/TPU offers, `providerOfferId` unique within the file. */
  offers: ProviderOffer[];
  /** Data rows read (header and blank lines excluded; invalid and CPU-only rows included). */
  rowsRead: number;
  /** Rows without an accelerator (CPU-only instance types; on GCP also the host VMs). */
  skippedCpuOnly: number;
  /** Rows that gave no offer because a value was unusable; `line` is the 1-based line in the file. */
  skippedInvalid: Array<{ line: number; reason: string }>;
}

/** Options every catalog-file parser takes. */
export interface CatalogFileOptions {
  /** Provider id the file belongs to (`aws`, `vast` …): picks region→country and per-cloud quirks. */
  provider: string;
}

/** The text is not a catalog file of the requested format at all (empty, or required columns missing). */
export class CatalogFileError extends Error {
  constructor(
    message: string,
    /** Required columns the header lacks (empty when the problem is something else). */
    readonly missingColumns: string[] = [],
  ) {
    super(message);
    this.name = 'CatalogFileError';
  }
}
