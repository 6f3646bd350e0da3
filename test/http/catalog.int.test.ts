import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetText } from '../../src/modules/catalog/index.js';
import { createManualClock } from '../../src/platform/clock/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { logIn, signUp } from '../support/authz-matrix.js';

// The catalog through HTTP on the embedded database, fed by the providers' SANDBOX twins (real
// public data) and by catalog-file imports. Ranking and filter semantics in depth: query/*.test.ts.
const ADMIN = { email: 'catalog-admin@example.com', password: 'catalog admin passphrase' };
const clock = createManualClock(Date.UTC(2026, 10, 2, 10, 0, 0));
let t: TestApp;
// The clock moves past the 15-minute token lifetime in these tests: a fresh token per admin call.
const adminToken = async () => (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token;

const get = (url: string, token?: string) =>
  t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
const setParameter = async (key: string, value: unknown) => {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v2/config/pods/local/parameters/${key}`,
    headers: { authorization: `Bearer ${await adminToken()}` },
    payload: { sandbox_value: value },
  });
  expect(res.statusCode, res.body).toBe(200);
};
const importCsv = async (provider: string, csv: string, format = 'skypilot', token?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v2/admin/catalog/import?provider=${provider}&format=${format}`,
    headers: { authorization: `Bearer ${token ?? (await adminToken())}`, 'content-type': 'text/csv' },
    payload: csv,
  });
type ProviderView = {
  id: string;
  offers_count: number;
  available_offers_count: number;
  last_error: string | null;
  [key: string]: unknown;
};
const providers = async () =>
  new Map(((await get('/api/v2/providers')).json().items as ProviderView[]).map((p) => [p.id, p]));

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  await signUp(t.app, 'catalog-user@example.com', 'catalog user passphrase');
  for (const id of ['lambda', 'runpod', 'vast']) {
    const report = await t.modules.catalog.sync.syncProvider(id);
    expect(report, id).toMatchObject({ ok: true, status: 'healthy' });
    expect(report.inserted, id).toBeGreaterThan(0);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('providers and GPU models', () => {
  it('lists every provider with health, circuit, counts and last sync', async () => {
    const list = await providers();
    expect(list.size).toBeGreaterThanOrEqual(20);
    expect(list.get('lambda')).toMatchObject({
      name: expect.any(String),
      status: 'healthy',
      circuit: 'closed',
      enabled: true,
      last_sync_at: clock.now().toISOString(),
    });
    expect(list.get('lambda')?.offers_count).toBeGreaterThan(0);
    expect(list.get('aws')).toMatchObject({ kind: 'catalog', offers_count: 0, last_sync_at: null });
  });

  it('serves canonical GPU models and resolves provider names', async () => {
    const gpus = (await get('/api/v2/gpus')).json().items as Array<{ model: string; fp16_tflops: number }>;
    for (const model of ['H100-80GB-SXM', 'A100-80GB-SXM', 'L40S-48GB', 'RTX-4090'])
      expect(gpus.find((g) => g.model === model)?.fp16_tflops).toBeGreaterThan(0);
    const resolved = (
      await get('/api/v2/gpus/resolve?name=NVIDIA%20A100%2080GB%20PCIe&provider=runpod')
    ).json();
    expect(resolved).toMatchObject({ mapped: true, model: 'A100-80GB-PCIE' });
    const unknown = (await get('/api/v2/gpus/resolve?name=Zorblax%209000')).json();
    expect(unknown).toMatchObject({ mapped: false, model: null, reason: expect.any(String) });
  });
});

describe('offers', () => {
  it('filters by repeated gpu_model and provider, sorted by price, and pages with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = 0;
    do {
      const res = await get(
        `/api/v2/offers?provider=lambda&provider=runpod&available=true&sort=price&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      for (const o of res.json().items) {
        expect(['lambda', 'runpod']).toContain(o.provider);
        expect(o.availability).not.toBe('unavailable');
        expect(o.price_per_hour).toBeGreaterThanOrEqual(previous);
        previous = o.price_per_hour;
        seen.push(o.id);
      }
      cursor = res.json().next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const lambdaCount = (await providers()).get('lambda')?.available_offers_count ?? 0;
    expect(seen.length).toBeGreaterThan(lambdaCount);
  });

  it('ranks by value with an explanation, and refuses bad weights and cursors', async () => {
    const res = await get(
      '/api/v2/offers?sort=value&weights=price:0.7,performance:0.3&explain=true&limit=20',
    );
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    const scores = items.map((o: { value_score: number }) => o.value_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(items[0].explain.criteria.map((c: { name: string }) => c.name).sort()).toEqual(
      ['availability', 'performance', 'price', 'vram'].sort(),
    );
    expect(items[0].explain.score).toBeCloseTo(items[0].value_score, 6);
    const bad = await get('/api/v2/offers?sort=value&weights=price:0.5,karma:0.5');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('/weights');
    expect((await get('/api/v2/offers?cursor=not-a-cursor')).statusCode).toBe(400);
    expect((await get('/api/v2/offers?weights=price:1')).statusCode).toBe(422);
    expect((await get('/api/v2/offers?min_price=5&max_price=1')).statusCode).toBe(422);
  });

  it("shows a signed-in user its plan's markup", async () => {
    const anon = (await get('/api/v2/offers?provider=lambda&limit=1')).json().items[0];
    await t.database.executeSql(`update users set plan = 'pro' where email = 'catalog-user@example.com'`);
    const pro = (
      await get(
        `/api/v2/offers/${anon.id}`,
        (
          await logIn(t.app, 'catalog-user@example.com', 'catalog user passphrase')
        ).access_token,
      )
    ).json();
    const free = t.modules.platformConfig.settings.number('markup_percent.free');
    const proMarkup = t.modules.platformConfig.settings.number('markup_percent.pro');
    expect(free).not.toBe(proMarkup);
    expect(anon.price_per_hour_with_markup).toBeCloseTo(anon.price_per_hour * (1 + free / 100), 3);
    expect(pro.price_per_hour_with_markup).toBeCloseTo(anon.price_per_hour * (1 + proMarkup / 100), 3);
    expect((await get('/api/v2/offers', 'not-a-token')).statusCode).toBe(401);
  });

  it('records price history as the provider prices drift, and 404s unknown offers', async () => {
    const offer = (await get('/api/v2/offers?provider=vast&limit=1')).json().items[0];
    const before = (await get(`/api/v2/offers/${offer.id}/price-history`)).json().items;
    expect(before).toHaveLength(1);
    expect(before[0].price_per_hour).toBe(offer.price_per_hour);
    clock.advanceMs(30 * 60_000);
    const report = await t.modules.catalog.sync.syncProvider('vast', { fresh: true });
    expect(report.priceChanges).toBeGreaterThan(0);
    const ids = (await get('/api/v2/offers?provider=vast&limit=200'))
      .json()
      .items.map((o: { id: string }) => o.id);
    let grown = 0;
    for (const id of ids)
      if ((await get(`/api/v2/offers/${id}/price-history`)).json().items.length === 2) grown++;
    expect(grown).toBe(report.priceChanges);
    expect((await get('/api/v2/offers/ofr_01JUNKNOWN0000000000000000')).statusCode).toBe(404);
    expect((await get('/api/v2/offers/ofr_01JUNKNOWN0000000000000000/price-history')).statusCode).toBe(404);
  });

  it('featured prices carry Cache-Control max-age=60 and the cheapest available offer per model', async () => {
    const res = await get('/api/v2/providers/featured');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    for (const item of res.json().items) {
      if (!item.best) continue;
      const cheapest = (
        await get(`/api/v2/offers?gpu_model=${item.gpu_model}&available=true&spot=false&sort=price&limit=1`)
      ).json().items[0];
      expect(item.best.price_per_hour).toBe(cheapest.price_per_hour);
    }
  });

  it('hides a disabled provider at once and shows it again when enabled', async () => {
    await setParameter('providers.runpod.enabled', false);
    expect((await get('/api/v2/offers?provider=runpod')).json().items).toEqual([]);
    expect((await providers()).get('runpod')).toMatchObject({ enabled: false, offers_count: 0 });
    await setParameter('providers.runpod.enabled', true);
    await expect
      .poll(async () => (await get('/api/v2/offers?provider=runpod')).json().items.length)
      .toBeGreaterThan(0);
  });
});

describe('catalog-file imports', () => {
  it('imports a real SkyPilot catalog for a provider, replacing its offers', async () => {
    const csv = await readDatasetText('catalog', 'paperspace.csv');
    const res = await importCsv('paperspace', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      provider: 'paperspace',
      registered_provider: false,
      rows_read: 15,
      skipped_cpu_only: 5,
      unmapped_gpus: [],
    });
    expect(res.json().imported).toBe((await providers()).get('paperspace')?.offers_count);
  });

  it('registers an unknown provider as catalog-only and lists unmapped GPU names', async () => {
    const csv =
      'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
      'h100x8,H100,8,208,1800,19.92,us-east-1,H100,9.5\n' +
      'cpu-only,,,16,64,0.4,us-east-1,,\n' +
      'zx,Zorblax 9000,1,8,32,0.99,eu-west-1,,\n';
    const res = await importCsv('acme-gpu', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      registered_provider: true,
      rows_read: 3,
      imported: 3,
      skipped_cpu_only: 1,
      unmapped_gpus: [{ name: 'Zorblax 9000', offers: 1 }],
    });
    expect((await providers()).get('acme-gpu')).toMatchObject({
      kind: 'catalog_only',
      supports_provisioning: false,
    });
    const offers = (await get('/api/v2/offers?provider=acme-gpu&sort=-price')).json().items;
    expect(
      offers.map((o: Record<string, unknown>) => [o.gpu_model, o.gpu_mapped, o.spot, o.price_per_hour]),
    ).toEqual([
      ['H100-80GB-SXM', true, false, 19.92],
      ['H100-80GB-SXM', true, true, 9.5],
      ['Zorblax 9000', false, false, 0.99],
    ]);
    const unmapped = await t.app.inject({
      method: 'GET',
      url: '/api/v2/admin/catalog/unmapped',
      headers: { authorization: `Bearer ${await adminToken()}` },
    });
    expect(unmapped.json().items).toContainEqual(
      expect.objectContaining({ provider: 'acme-gpu', raw_name: 'Zorblax 9000', offers_count: 1 }),
    );
  });

  it('refuses a file that is not a catalog, a bad provider id and non-admins', async () => {
    const notCsv = await importCsv('acme-gpu', 'hello,world\n1,2\n');
    expect(notCsv.statusCode).toBe(422);
    expect(notCsv.json().detail).toMatch(/AcceleratorName|column/i);
    expect((await importCsv('Bad_Id', 'x')).statusCode).toBe(422);
    expect((await importCsv('acme-gpu', 'x', 'csv')).statusCode).toBe(422);
    const userToken = (await logIn(t.app, 'catalog-user@example.com', 'catalog user passphrase'))
      .access_token;
    expect((await importCsv('acme-gpu', 'x', 'skypilot', userToken)).statusCode).toBe(403);
    // The refused imports changed nothing.
    expect((await get('/api/v2/offers?provider=acme-gpu')).json().items).toHaveLength(3);
  });
});

describe('faults', () => {
  it('a provider timing out or failing opens its breaker; the others keep syncing and /offers keeps answering', async () => {
    await setParameter('catalog.provider_timeout_ms', 150);
    await setParameter('providers.vast.sim.timeout_rate', 1);
    await setParameter('providers.lambda.sim.error_rate', 1);
    const vastOffers = (await providers()).get('vast')?.offers_count;
    for (let i = 0; i < 6; i++) {
      const [vast, lambda, runpod] = await Promise.all([
        t.modules.catalog.sync.syncProvider('vast', { fresh: true }),
        t.modules.catalog.sync.syncProvider('lambda', { fresh: true }),
        t.modules.catalog.sync.syncProvider('runpod', { fresh: true }),
      ]);
      expect(vast.ok).toBe(false);
      expect(lambda.ok).toBe(false);
      expect(runpod.ok).toBe(true);
      expect((await get('/api/v2/offers?limit=5')).statusCode).toBe(200);
    }
    const list = await providers();
    expect(list.get('vast')).toMatchObject({ circuit: 'open', status: 'down', offers_count: vastOffers });
    expect(list.get('lambda')).toMatchObject({ circuit: 'open', status: 'down' });
    expect(list.get('vast')?.last_error).toEqual(expect.any(String));
    expect(list.get('runpod')).toMatchObject({ circuit: 'closed', status: 'healthy', last_error: null });
    expect((await get('/api/v2/offers?provider=vast&limit=1')).json().items).toHaveLength(1);
    // What the operator's dashboard and alerts see.
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/gpubroker_catalog_circuit_open\{provider="vast"[^}]*\} 1/);
    expect(metrics).toMatch(/gpubroker_catalog_circuit_open\{provider="runpod"[^}]*\} 0/);
    expect(metrics).toMatch(/gpubroker_catalog_syncs_total\{provider="vast",outcome="failed"[^}]*\} 6/);
    expect(metrics).toMatch(/gpubroker_catalog_offers\{provider="vast",kind="total"[^}]*\} [1-9]/);
  });
});
