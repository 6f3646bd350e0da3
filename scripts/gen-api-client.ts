import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { openApiDocument } from './openapi-document.js';

/**
 * `npm run gen:api`: writes the server's OpenAPI document to `web/src/api/openapi.json` and the
 * TypeScript types openapi-fetch needs to `web/src/api/schema.gen.ts`. Both are committed; the
 * e2e drift test fails when they no longer match what the server serves.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_DIR = join(root, 'web', 'src', 'api');
export const DOCUMENT_FILE = join(API_DIR, 'openapi.json');
export const SCHEMA_FILE = join(API_DIR, 'schema.gen.ts');

export interface GeneratedApi {
  document: object;
  /** Source of `schema.gen.ts`. */
  schema: string;
}

/** Builds the document from the real server and the types from the document; writes nothing. */
export async function generateApi(): Promise<GeneratedApi> {
  const document = await openApiDocument();
  // openapi-typescript annotates what it is given; hand it a copy so `document` stays as served.
  const ast = await openapiTS(structuredClone(document) as OpenAPI3, { alphabetize: true });
  return { document, schema: COMMENT_HEADER + astToString(ast) };
}

async function main() {
  const { document, schema } = await generateApi();
  writeFileSync(DOCUMENT_FILE, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(SCHEMA_FILE, schema);
  // Formatted like the rest of the repository so `npm run lint` stays clean.
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', DOCUMENT_FILE], {
    stdio: 'ignore',
  });
  process.stdout.write(`wrote ${DOCUMENT_FILE}\nwrote ${SCHEMA_FILE}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
