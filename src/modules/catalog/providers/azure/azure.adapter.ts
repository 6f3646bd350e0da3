import { type ProviderAdapter, type ProviderHttp, ProviderHttpError } from '../../catalog.types.js';
import { createProviderHttp } from '../http.js';
import { type AzureTokenCache, createAzureTokenCache, parseAzureCredential } from './azure.auth.js';
import {
  type AzureGpuSku,
  type AzurePrice,
  indexAzureRetailPrices,
  joinAzureOffers,
  parseAzureSkus,
} from './azure.parse.js';
import { azureAcceleratorNames, azureSeedOffers } from './azure.seed.js';

/**
 * Microsoft Azure, two APIs joined:
 * 1. ARM Resource SKUs, `GET /subscriptions/{subscriptionId}/providers/Microsoft.Compute/skus
 *    ?api-version=2021-07-01` with `Authorization: Bearer <Microsoft Entra ID access token>`
 *    (the adapter's base URL, `https://management.azure.com`); pages follow `nextLink`.
 * 2. Retail Prices, `GET https://prices.azure.com/api/retail/prices?$filter=…` — public, no auth;
 *    `Items[]`, pages follow `NextPageLink`
 *    (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices).
 *
 * Credential: a service principal as a JSON object string,
 * `{"tenant_id": "…", "client_id": "…", "client_secret": "…", "subscription_id": "…"}`, plus an optional
 * `"authority"` (default `https://login.microsoftonline.com`; sovereign clouds, proxies, tests). The
 * adapter trades it for an ARM access token (OAuth 2.0 client credentials, `POST {authority}/{tenant_id}
 * /oauth2/v2.0/token`, see azure.auth.ts) and keeps that token in memory until a minute before it
 * expires. The principal needs read access (e.g. the Reader role) on the subscription.
 */

export const AZURE_SKUS_API_VERSION = '2021-07-01';
export const AZURE_PRICES_BASE_URL = 'https://prices.azure.com';
/** VM sizes per Retail Prices request (the OData filter ORs their names; keeps the URL short). */
export const AZURE_PRICE_FILTER_CHUNK = 15;
// Bounds every page walk so a server repeating a link cannot loop forever.
const MAX_PAGES = 200;

export { parseAzureCredential } from './azure.auth.js';

/** The Retail Prices `$filter` for the consumption (pay-as-you-go, Spot) meters of these VM sizes. */
export function azurePriceFilter(skuNames: string[]): string {
  const names = skuNames.map((n) => `armSkuName eq '${n.replace(/'/g, "''")}'`).join(' or ');
  return `serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and (${names})`;
}

/** A next-page link as a path for `http` (the link is absolute; only its path and query are kept). */
function nextPath(link: string, http: ProviderHttp): string {
  if (link.startsWith(http.baseUrl)) return link.slice(http.baseUrl.length);
  const url = new URL(link);
  return url.pathname + url.search;
}

async function listGpuSkus(
  http: ProviderHttp,
  subscriptionId: string,
  token: string,
): Promise<AzureGpuSku[]> {
  const headers = { authorization: `Bearer ${token}` };
  const skus: AzureGpuSku[] = [];
  let body = await http.request<{ nextLink?: string | null }>(
    'GET',
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/skus`,
    { headers, query: { 'api-version': AZURE_SKUS_API_VERSION } },
  );
  for (let page = 1; ; page++) {
    skus.push(...parseAzureSkus(body));
    if (!body.nextLink) return skus;
    if (page >= MAX_PAGES) throw new Error('azure: skus did not finish paginating');
    body = await http.request('GET', nextPath(body.nextLink, http), { headers });
  }
}

async function listPrices(http: ProviderHttp, skuNames: string[]) {
  const prices = new Map<string, AzurePrice>();
  for (let i = 0; i < skuNames.length; i += AZURE_PRICE_FILTER_CHUNK) {
    const filter = azurePriceFilter(skuNames.slice(i, i + AZURE_PRICE_FILTER_CHUNK));
    let body = await http.request<{ Items?: unknown; NextPageLink?: string | null }>(
      'GET',
      '/api/retail/prices',
      {
        query: { $filter: filter },
      },
    );
    for (let page = 1; ; page++) {
      indexAzureRetailPrices(body?.Items, prices);
      if (!body.NextPageLink) break;
      if (page >= MAX_PAGES) throw new Error('azure: retail prices did not finish paginating');
      body = await http.request('GET', nextPath(body.NextPageLink, http));
    }
  }
  return prices;
}

/**
 * The Azure adapter. `pricesBaseUrl` is the Retail Prices API root (its own host, reached with a
 * fetch client on the sync's signal); only tests point it elsewhere. `tokens` is the access-token
 * cache (one per adapter; tests pass one with a fake clock).
 */
export function createAzureAdapter(
  opts: { pricesBaseUrl?: string; tokens?: AzureTokenCache } = {},
): ProviderAdapter {
  const tokens = opts.tokens ?? createAzureTokenCache();
  const pricesBaseUrl = opts.pricesBaseUrl ?? AZURE_PRICES_BASE_URL;
  return {
    id: 'azure',
    name: 'Microsoft Azure',
    kind: 'live',
    defaultBaseUrl: 'https://management.azure.com',
    docsUrl: 'https://learn.microsoft.com/rest/api/compute/resource-skus/list',
    supportsProvisioning: false,
    credential: 'required',

    async listOffers({ http, credential, signal }) {
      const azure = parseAzureCredential(credential);
      const token = await tokens.token(azure, signal);
      const skus = await listGpuSkus(http, azure.subscriptionId, token).catch((err: unknown) => {
        // A rejected token (revoked, role removed) must not be reused by the next sync.
        if (err instanceof ProviderHttpError && err.status === 401) tokens.forget(azure);
        throw err;
      });
      if (skus.length === 0) return [];
      const names = [...new Set(skus.map((s) => s.name))];
      const prices = await listPrices(createProviderHttp({ baseUrl: pricesBaseUrl, signal }), names);
      const gpuOf = await azureAcceleratorNames();
      return joinAzureOffers(skus, prices).map((o) => ({ ...o, gpuName: gpuOf.get(o.gpuName) ?? o.gpuName }));
    },

    seedOffers: azureSeedOffers,
  };
}

export const azureAdapter: ProviderAdapter = createAzureAdapter();
