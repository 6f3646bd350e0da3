import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { parseVerdaCredential, verdaAdapter } from './verda.adapter.js';

// The token endpoint has no recorded body: this one follows the SDK's documented token answer
// (access_token, refresh_token, scope, token_type, expires_in).
const TOKEN_BODY = {
  access_token: 'tok-from-oauth',
  refresh_token: 'refresh-1',
  scope: 'cloud-api-v1',
  token_type: 'Bearer',
  expires_in: 3600,
};
// Only the spot availability was recorded; the on-demand list is inline, in the same shape.
const ON_DEMAND_AVAILABILITY = [{ location_code: 'FIN-02', availabilities: ['1V100.6V', 'CPU.4V.16G'] }];

const ROUTES: RecordedRoute[] = [
  { method: 'POST', path: '/oauth2/token', body: TOKEN_BODY },
  { method: 'GET', path: '/instance-types', file: 'verda/instance-types.json' },
  { method: 'GET', path: '/locations', file: 'verda/locations.json' },
  {
    method: 'GET',
    path: '/instance-availability',
    file: 'verda/instance-availability-spot.json',
    when: (r) => r.query.get('is_spot') === 'true',
  },
  {
    method: 'GET',
    path: '/instance-availability',
    body: ON_DEMAND_AVAILABILITY,
    when: (r) => r.query.get('is_spot') === 'false',
  },
];

const OVER = { prefix: '/v1', credential: 'my-client:my-secret' };
const list = (routes: RecordedRoute[]) => listOffersOver(verdaAdapter, routes, OVER);

describe('verdaAdapter.listOffers over recorded bodies', () => {
  it('trades the client credentials for a token and sends it as Bearer on every catalogue call', async () => {
    const { requests } = await list(ROUTES);
    const [token, ...rest] = requests;
    expect(token?.method).toBe('POST');
    expect(token?.path).toBe('/oauth2/token');
    expect(token?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(token!.body)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'my-client',
      client_secret: 'my-secret',
    });
    expect(rest.map((r) => `${r.method} ${r.path}?${r.query}`).sort()).toEqual([
      'GET /instance-availability?is_spot=false',
      'GET /instance-availability?is_spot=true',
      'GET /instance-types?',
      'GET /locations?',
    ]);
    for (const r of rest) expect(r.headers.authorization).toBe('Bearer tok-from-oauth');
  });

  it('lists 3 GPU types × 3 locations × on-demand/spot and skips the CPU type', async () => {
    const { offers } = await list(ROUTES);
    expect(offers).toHaveLength(18);
    expect(offers.some((o) => o.providerOfferId.startsWith('CPU.'))).toBe(false);
    expect(new Set(offers.map((o) => o.providerOfferId)).size).toBe(18);
  });

  it('maps every field of a spot offer from the recorded body', async () => {
    const { offers } = await list(ROUTES);
    // instance-types.json: 2A6000.20V "RTX A6000 48GB", 2 GPUs, 96 GB GPU RAM, 20 cores, 120 GB,
    // storage "dynamic", spot_price "0.70"; FIN-01 (FI) lists 2A6000.20V in the spot availability.
    expect(offers.find((o) => o.providerOfferId === '2A6000.20V:FIN-01:spot')).toEqual({
      providerOfferId: '2A6000.20V:FIN-01:spot',
      gpuName: 'RTX A6000 48GB',
      gpuCount: 2,
      gpuVramGb: 48,
      vcpus: 20,
      ramGb: 120,
      storageGb: 0,
      region: 'FIN-01',
      country: 'FI',
      spot: true,
      availability: 'available',
      pricePerHour: 0.7,
    });
  });

  it('maps an on-demand offer with included storage and per-tier availability', async () => {
    const { offers } = await list(ROUTES);
    expect(offers.find((o) => o.providerOfferId === '1V100.6V:FIN-02')).toEqual({
      providerOfferId: '1V100.6V:FIN-02',
      gpuName: 'Tesla V100 16GB',
      gpuCount: 1,
      gpuVramGb: 16,
      vcpus: 6,
      ramGb: 23,
      storageGb: 225,
      region: 'FIN-02',
      country: 'FI',
      spot: false,
      availability: 'available',
      pricePerHour: 0.89,
    });
    const byId = new Map(offers.map((o) => [o.providerOfferId, o]));
    // 1V100.6V is in FIN-01's spot list but not its on-demand list; H100 is in no list at all.
    expect(byId.get('1V100.6V:FIN-01:spot')?.availability).toBe('available');
    expect(byId.get('1V100.6V:FIN-01')?.availability).toBe('unavailable');
    expect(byId.get('1H100.80S.30V:ICE-01')).toMatchObject({
      availability: 'unavailable',
      pricePerHour: 3.95,
    });
    expect(byId.get('1H100.80S.30V:ICE-01:spot')).toMatchObject({ country: 'IS', pricePerHour: 1.7 });
  });

  it('rejects with ProviderHttpError carrying the status when the token call fails', async () => {
    const routes = [{ method: 'POST', path: '/oauth2/token', status: 401, body: { code: 'unauthorized' } }];
    const requests = await expectProviderHttpError(verdaAdapter, routes, 401, OVER);
    expect(requests).toHaveLength(1);
  });

  it('rejects with ProviderHttpError when a catalogue call answers 503', async () => {
    const routes = [
      { method: 'GET', path: '/instance-types', status: 503, body: { code: 'unavailable' } },
      ...ROUTES,
    ];
    await expect(list(routes)).rejects.toMatchObject({ status: 503 });
  });
});

describe('verda credential and seed', () => {
  it('splits client_id:client_secret and refuses anything else', () => {
    expect(parseVerdaCredential('id:se:cret')).toEqual({ clientId: 'id', clientSecret: 'se:cret' });
    expect(() => parseVerdaCredential('no-colon')).toThrow(/client_id:client_secret/);
    expect(() => parseVerdaCredential(null)).toThrow(/client_id:client_secret/);
  });

  it('seeds the sandbox from the recorded bodies through the same parser', async () => {
    const { source, offers } = await verdaAdapter.seedOffers();
    expect(source).toContain('instance-types');
    expect(offers).toHaveLength(18);
    expect(offers.find((o) => o.providerOfferId === '1V100.6V:FIN-01')?.availability).toBe('available');
  });
});
