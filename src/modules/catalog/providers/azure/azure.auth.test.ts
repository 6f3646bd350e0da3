import { afterEach, describe, expect, it } from 'vitest';
import { type ProviderAdapter, ProviderHttpError } from '../../catalog.types.js';
import { createProviderHttp } from '../http.js';
import {
  type RecordedRoute,
  type RecordedServer,
  startRecordedServer,
} from '../recorded-server.test-support.js';
import { createAzureAdapter } from './azure.adapter.js';
import { AZURE_DEFAULT_AUTHORITY, createAzureTokenCache, parseAzureCredential } from './azure.auth.js';
import {
  azureCredential,
  CLIENT_ID,
  CLIENT_SECRET,
  SKUS_PATH,
  TENANT_ID,
  TOKEN_ERROR_INVALID_CLIENT,
  TOKEN_PATH,
  tokenAnswer,
} from './azure.test-support.js';

// The recorded Resource SKUs body (two non-GPU sizes): a sync that ends after the ARM call, so
// these tests see only the token and ARM requests.
const SKUS: RecordedRoute = { method: 'GET', path: SKUS_PATH, file: 'azure/resourceSkus.json' };

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering `routes`, and an adapter whose token cache reads the returned fake clock. */
async function setup(routes: RecordedRoute[]) {
  server = await startRecordedServer(routes);
  const clock = { now: 1_700_000_000_000 };
  const adapter = createAzureAdapter({ tokens: createAzureTokenCache({ now: () => clock.now }) });
  return { srv: server, clock, adapter };
}

function listOffers(
  adapter: ProviderAdapter,
  srv: RecordedServer,
  credential = azureCredential(srv.baseUrl),
) {
  const http = createProviderHttp({ baseUrl: srv.baseUrl });
  return adapter.listOffers({ http, credential, signal: new AbortController().signal, usdPerEur: 1 });
}

const tokenRequests = (srv: RecordedServer) => srv.requests.filter((r) => r.path === TOKEN_PATH);
const bearerOf = (srv: RecordedServer) =>
  srv.requests.filter((r) => r.path === SKUS_PATH).map((r) => r.headers.authorization);

/** Token routes answering `tok-1` (valid `expiresIn` s) first, then `tok-2`: tells a new token from a reused one. */
function tokenRoutes(expiresIn: number): RecordedRoute[] {
  let issued = 0;
  return [
    { method: 'POST', path: TOKEN_PATH, body: tokenAnswer('tok-1', expiresIn), when: () => ++issued === 1 },
    { method: 'POST', path: TOKEN_PATH, body: tokenAnswer('tok-2', expiresIn) },
  ];
}

describe('azure OAuth2 client credentials over HTTP', () => {
  it('posts the form to {authority}/{tenant}/oauth2/v2.0/token and sends the token as Bearer to ARM', async () => {
    const { srv, adapter } = await setup([...tokenRoutes(3599), SKUS]);
    await listOffers(adapter, srv);
    const [token, sku] = srv.requests;
    expect(srv.requests).toHaveLength(2);
    expect(token).toMatchObject({ method: 'POST', path: `/${TENANT_ID}/oauth2/v2.0/token` });
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: 'https://management.azure.com/.default',
    });
    expect(sku?.headers.authorization).toBe('Bearer tok-1');
    for (const r of srv.requests) {
      const url = `${r.path}?${r.query.toString()}`;
      expect(url).not.toContain(CLIENT_SECRET);
      expect(url).not.toContain(encodeURIComponent(CLIENT_SECRET));
    }
  });

  it('reuses the token until 60 s before expires_in, then fetches a new one', async () => {
    // expires_in 300 s → reused while now < issued + 240 s.
    const { srv, clock, adapter } = await setup([...tokenRoutes(300), SKUS]);
    await listOffers(adapter, srv);
    clock.now += 239_999;
    await listOffers(adapter, srv);
    expect(tokenRequests(srv)).toHaveLength(1);
    clock.now += 1;
    await listOffers(adapter, srv);
    expect(tokenRequests(srv)).toHaveLength(2);
    expect(bearerOf(srv)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('keeps one token per (authority, tenant, client_id)', async () => {
    const { srv, adapter } = await setup([...tokenRoutes(3599), SKUS]);
    await listOffers(adapter, srv);
    const other = { ...JSON.parse(azureCredential(srv.baseUrl)), client_id: 'other-client' };
    await listOffers(adapter, srv, JSON.stringify(other));
    expect(tokenRequests(srv).map((r) => new URLSearchParams(r.body).get('client_id'))).toEqual([
      CLIENT_ID,
      'other-client',
    ]);
    expect(bearerOf(srv)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('drops the cached token when ARM answers 401 with it', async () => {
    let armCalls = 0;
    const { srv, adapter } = await setup([
      ...tokenRoutes(3599),
      { method: 'GET', path: SKUS_PATH, status: 401, body: {}, when: () => ++armCalls === 1 },
      SKUS,
    ]);
    await expect(listOffers(adapter, srv)).rejects.toMatchObject({ name: 'ProviderHttpError', status: 401 });
    await listOffers(adapter, srv);
    expect(tokenRequests(srv)).toHaveLength(2);
    expect(bearerOf(srv)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it.each([
    [401, TOKEN_ERROR_INVALID_CLIENT],
    [400, { ...TOKEN_ERROR_INVALID_CLIENT, error: 'invalid_scope', error_codes: [70011] }],
  ])(
    'a %i from the token endpoint rejects with ProviderHttpError of that status, before ARM',
    async (status, body) => {
      const { srv, adapter } = await setup([{ method: 'POST', path: TOKEN_PATH, status, body }, SKUS]);
      const error = await listOffers(adapter, srv).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderHttpError);
      expect((error as ProviderHttpError).status).toBe(status);
      expect((error as Error).message).not.toContain(CLIENT_SECRET);
      expect(srv.requests.map((r) => r.path)).toEqual([TOKEN_PATH]);
    },
  );

  it('rejects a 200 token answer without access_token as a bad response', async () => {
    const { srv, adapter } = await setup([
      { method: 'POST', path: TOKEN_PATH, body: { token_type: 'Bearer', expires_in: 3599 } },
    ]);
    await expect(listOffers(adapter, srv)).rejects.toMatchObject({ name: 'ProviderHttpError', status: 200 });
  });

  it('sends nothing when the credential is malformed', async () => {
    const { srv, adapter } = await setup([...tokenRoutes(3599), SKUS]);
    const partial = JSON.stringify({
      tenant_id: TENANT_ID,
      client_secret: CLIENT_SECRET,
      authority: srv.baseUrl,
    });
    await expect(listOffers(adapter, srv, partial)).rejects.toThrow(
      'azure: credential is missing client_id, subscription_id',
    );
    expect(srv.requests).toEqual([]);
  });
});

describe('parseAzureCredential', () => {
  const full = { tenant_id: 't', client_id: 'c', client_secret: 's3cr3t', subscription_id: 'sub' };

  it('reads the four fields, authority defaulting to login.microsoftonline.com', () => {
    expect(parseAzureCredential(JSON.stringify(full))).toEqual({
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's3cr3t',
      subscriptionId: 'sub',
      authority: AZURE_DEFAULT_AUTHORITY,
    });
    expect(AZURE_DEFAULT_AUTHORITY).toBe('https://login.microsoftonline.com');
    const cn = parseAzureCredential(
      JSON.stringify({ ...full, authority: 'https://login.chinacloudapi.cn/' }),
    );
    expect(cn.authority).toBe('https://login.chinacloudapi.cn');
  });

  it('names every missing or empty field, never the values', () => {
    const bad = JSON.stringify({ ...full, client_id: '', client_secret: undefined, subscription_id: 42 });
    const run = () => parseAzureCredential(bad);
    expect(run).toThrow('azure: credential is missing client_id, client_secret, subscription_id');
    expect(() => parseAzureCredential(JSON.stringify({ client_secret: 's3cr3t' }))).toThrow(
      /missing tenant_id, client_id, subscription_id/,
    );
  });

  it('rejects text that is not a JSON object without quoting it (the old "sub:token" format included)', () => {
    for (const text of ['sub-1:s3cr3t-token', '{"client_secret": "s3cr3t"', '["s3cr3t"]', 'null', '', null]) {
      const error = (() => {
        try {
          parseAzureCredential(text);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toMatch(/^azure: credential must be a JSON object \{"tenant_id", "client_id"/);
      expect(error?.message).not.toContain('s3cr3t');
    }
  });

  it('rejects an authority that is not an http(s) URL', () => {
    expect(() =>
      parseAzureCredential(JSON.stringify({ ...full, authority: 'login.microsoftonline.com' })),
    ).toThrow('azure: credential "authority" must be an http(s) URL');
  });
});
