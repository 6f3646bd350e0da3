import { describe, expect, it } from 'vitest';
import type { ProviderContext } from '../../catalog.types.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { azurePriceFilter, createAzureAdapter } from './azure.adapter.js';
import {
  azureCredential,
  GPU_SKU_PAGE,
  PRICES_PAGE_1,
  PRICES_PAGE_2,
  SKUS_PATH,
  TOKEN_PATH,
  tokenAnswer,
} from './azure.test-support.js';

// The recorded Resource SKUs body (azure/resourceSkus.json, the official 2021-07-01 example) lists
// two non-GPU sizes only. It is served as the LAST SKU page; the first page and the Retail Prices
// pages are inline bodies written in the documented shapes (see azure.test-support.ts).
// The token answer is inline too, in the documented client-credentials response shape.
const TOKEN_ROUTE: RecordedRoute = { method: 'POST', path: TOKEN_PATH, body: tokenAnswer('entra-token') };
const ROUTES: RecordedRoute[] = [
  TOKEN_ROUTE,
  { method: 'GET', path: SKUS_PATH, body: GPU_SKU_PAGE, when: (r) => !r.query.has('$skiptoken') },
  {
    method: 'GET',
    path: SKUS_PATH,
    file: 'azure/resourceSkus.json',
    when: (r) => r.query.get('$skiptoken') === 'page2',
  },
  { method: 'GET', path: '/api/retail/prices', body: PRICES_PAGE_1, when: (r) => !r.query.has('$skip') },
  {
    method: 'GET',
    path: '/api/retail/prices',
    body: PRICES_PAGE_2,
    when: (r) => r.query.get('$skip') === '100',
  },
];

// One local server plays all three hosts: management.azure.com (ctx.http), prices.azure.com and
// login.microsoftonline.com (the credential's `authority`, known once the server listens).
const azureAt = (baseUrl: string) => {
  const adapter = createAzureAdapter({ pricesBaseUrl: baseUrl });
  return {
    listOffers: (ctx: ProviderContext) =>
      adapter.listOffers({ ...ctx, credential: azureCredential(baseUrl) }),
  };
};
const list = (routes: RecordedRoute[]) => listOffersOver(azureAt, routes);

describe('azureAdapter.listOffers: Resource SKUs joined with Retail Prices', () => {
  it('walks both nextLink and NextPageLink, Bearer only on ARM', async () => {
    const { requests } = await list(ROUTES);
    const [token, sku1, sku2, price1, price2] = requests;
    expect(requests).toHaveLength(5);
    expect(token).toMatchObject({ method: 'POST', path: TOKEN_PATH });
    expect(sku1).toMatchObject({ method: 'GET', path: SKUS_PATH });
    expect(sku1?.query.get('api-version')).toBe('2021-07-01');
    expect(sku2?.query.get('$skiptoken')).toBe('page2');
    for (const r of [sku1, sku2]) expect(r?.headers.authorization).toBe('Bearer entra-token');
    expect(price1).toMatchObject({ method: 'GET', path: '/api/retail/prices' });
    expect(price1?.query.get('$filter')).toBe(
      "serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and " +
        "(armSkuName eq 'Standard_NC24ads_A100_v4' or armSkuName eq 'Standard_NC6s_v3')",
    );
    expect(price2?.query.get('$skip')).toBe('100');
    for (const r of [price1, price2]) expect(r?.headers.authorization).toBeUndefined();
  });

  it('prices only what the price list covers: 3 offers, no V100 (unpriced), no non-GPU SKU', async () => {
    const { offers } = await list(ROUTES);
    expect(offers.map((o) => o.providerOfferId)).toEqual([
      'Standard_NC24ads_A100_v4:eastus',
      'Standard_NC24ads_A100_v4:eastus:spot',
      'Standard_NC24ads_A100_v4:westus2',
    ]);
  });

  it('maps every field of an offer (Linux pay-as-you-go, zone-restricted region → limited)', async () => {
    const { offers } = await list(ROUTES);
    // SKU capabilities GPUs "1", vCPUs "24", MemoryGB "220"; eastus has a Zone restriction;
    // Linux Consumption meter "NC24ads A100 v4" in eastus: retailPrice 3.673. ARM does not name
    // the GPU: the size's GPU comes from the SkyPilot Azure catalog row of that size (A100-80GB).
    expect(offers[0]).toEqual({
      providerOfferId: 'Standard_NC24ads_A100_v4:eastus',
      gpuName: 'A100-80GB',
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 24,
      ramGb: 220,
      storageGb: 0,
      region: 'eastus',
      country: 'US',
      spot: false,
      availability: 'limited',
      pricePerHour: 3.673,
    });
    // The "… Spot" meter is the spot price; Windows, Low Priority, DevTest and Reservation are not used.
    expect(offers[1]).toMatchObject({ spot: true, pricePerHour: 0.61082 });
    // westus2 carries a Location restriction: listed, but unavailable to this subscription.
    expect(offers[2]).toMatchObject({ availability: 'unavailable', pricePerHour: 3.673, country: 'US' });
  });

  it('returns nothing (and asks no prices) for the recorded non-GPU page alone', async () => {
    const { offers, requests } = await list([
      TOKEN_ROUTE,
      { method: 'GET', path: SKUS_PATH, file: 'azure/resourceSkus.json' },
    ]);
    expect(offers).toEqual([]);
    expect(requests.map((r) => r.path)).toEqual([TOKEN_PATH, SKUS_PATH]);
  });

  it('rejects with ProviderHttpError carrying the status on a non-2xx answer', async () => {
    const failing = [
      TOKEN_ROUTE,
      {
        method: 'GET',
        path: SKUS_PATH,
        status: 401,
        body: { error: { code: 'InvalidAuthenticationToken' } },
      },
    ];
    await expectProviderHttpError(azureAt, failing, 401);
  });
});

describe('azure filter and seed', () => {
  it('escapes quotes in the OData filter', () => {
    expect(azurePriceFilter(["a'b"])).toContain("armSkuName eq 'a''b'");
  });

  it('seeds from azure.csv: GPU rows only, on-demand and spot', async () => {
    const { source, offers } = await createAzureAdapter().seedOffers();
    expect(source).toContain('azure.csv');
    // 269 GPU rows: 260 with a positive Price, 225 with a positive SpotPrice (five preview H100
    // sizes are listed at 0.0 and four NV sizes without a price: not offers).
    expect(offers).toHaveLength(485);
    expect(new Set(offers.map((o) => o.providerOfferId)).size).toBe(485);
    expect(offers.every((o) => o.pricePerHour > 0)).toBe(true);
    // Row: Standard_NC24ads_A100_v4,A100-80GB,1,24.0,220,A100-80GB,3.673,0.61082,eastus,V2
    expect(offers.find((o) => o.providerOfferId === 'Standard_NC24ads_A100_v4:eastus:spot')).toEqual({
      providerOfferId: 'Standard_NC24ads_A100_v4:eastus:spot',
      gpuName: 'A100-80GB',
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 24,
      ramGb: 220,
      storageGb: 0,
      region: 'eastus',
      country: 'US',
      spot: true,
      availability: 'available',
      pricePerHour: 0.61082,
    });
    expect(offers.some((o) => o.providerOfferId.startsWith('Basic_A0:'))).toBe(false);
  });
});
