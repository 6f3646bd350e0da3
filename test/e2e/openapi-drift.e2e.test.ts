import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FILE, generateApi, SCHEMA_FILE } from '../../scripts/gen-api-client.js';

// STYLE.md §21: the web client is generated from the OpenAPI document the server serves. The
// generated files are committed, so this fails the moment a route or schema changes without
// `npm run gen:api` being run (and the web app therefore type-checked against the new API).

const STALE = 'The web API client is stale: run `npm run gen:api` and commit web/src/api/.';

describe('web API client', () => {
  it('is generated from the OpenAPI document the server serves today', async () => {
    const fresh = await generateApi();
    // Compared as data: the committed JSON is Biome-formatted, the fresh one is not.
    const committed: unknown = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'));
    expect(committed, STALE).toEqual(fresh.document);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), STALE).toBe(fresh.schema);
    // Guard against an empty generation matching an empty file.
    expect(Object.keys((fresh.document as { paths: object }).paths)).toContain('/readyz');
  });
});
