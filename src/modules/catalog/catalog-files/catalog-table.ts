import { CatalogFileError } from './catalog-file.types.js';
import { readCsvRecords } from './csv.js';

/** One well-formed data row: cells by (trimmed) header name, and the line it starts on. */
export interface CatalogRow {
  line: number;
  cells: Record<string, string>;
}

/**
 * Reads a catalog CSV by header name. Throws `CatalogFileError` when the text has no header or
 * lacks a required column (the message names them all). Rows whose field count differs from the
 * header's, and an unterminated quoted field (which swallows the rest of the file), become
 * `invalid` entries; every data record counts in `rowsRead`.
 */
export function readCatalogTable(
  text: string,
  required: readonly string[],
  format: string,
): {
  header: string[];
  rows: CatalogRow[];
  rowsRead: number;
  invalid: Array<{ line: number; reason: string }>;
} {
  const { header, records, unterminatedQuoteLine } = readCsvRecords(text);
  if (header.length === 0) throw new CatalogFileError(`not a ${format} catalog: the file is empty`);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CatalogFileError(`not a ${format} catalog: missing column(s) ${missing.join(', ')}`, missing);
  }
  const rows: CatalogRow[] = [];
  const invalid: Array<{ line: number; reason: string }> = [];
  for (const record of records) {
    if (record.fields.length !== header.length) {
      invalid.push({
        line: record.line,
        reason: `expected ${header.length} fields, found ${record.fields.length}`,
      });
      continue;
    }
    const cells: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) cells[header[i] as string] = (record.fields[i] as string).trim();
    rows.push({ line: record.line, cells });
  }
  if (unterminatedQuoteLine !== null) {
    invalid.push({ line: unterminatedQuoteLine, reason: 'unterminated quoted field (rest of file unread)' });
  }
  return { header, rows, rowsRead: records.length + (unterminatedQuoteLine === null ? 0 : 1), invalid };
}

/**
 * A number cell: `{ ok, value }`, with an empty cell giving `emptyValue` (or a failure when that is
 * undefined). Accepts int, float and exponent text (`8`, `8.0`, `6.2440610733`, `1e-3`).
 */
export function numberCell(
  cells: Record<string, string>,
  column: string,
  emptyValue?: number,
): { ok: true; value: number } | { ok: false; reason: string } {
  const raw = cells[column] ?? '';
  if (raw === '') {
    return emptyValue === undefined
      ? { ok: false, reason: `${column} is empty` }
      : { ok: true, value: emptyValue };
  }
  const value = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, reason: `${column} is not a number: "${raw}"` };
}

/** Rounds to micro-dollars / micro-units, removing float noise from sums and divisions. */
export function roundMicro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
