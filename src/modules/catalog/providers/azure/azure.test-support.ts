/**
 * Inline Azure bodies for the adapter test, written by hand in the documented shapes because no
 * recorded body has a GPU size or a price:
 * - Resource SKUs page: same shape as the recorded official example (assets/datasets/provider-api/
 *   azure/resourceSkus.json), with the `GPUs` capability N-series sizes carry and `restrictions` as
 *   documented in https://learn.microsoft.com/rest/api/compute/resource-skus/list
 *   (ResourceSkuRestrictions: type Location|Zone, values, restrictionInfo.locations/zones, reasonCode).
 * - Retail Prices pages: the `BillingCurrency` / `Items[]` / `NextPageLink` envelope and item fields
 *   from https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices
 *   (figures for the A100 size match the SkyPilot azure.csv row for eastus: 3.673 and 0.61082).
 */

export const SKUS_PATH = '/subscriptions/sub-123/providers/Microsoft.Compute/skus';

function cap(name: string, value: string) {
  return { name, value };
}

export const GPU_SKU_PAGE = {
  value: [
    {
      resourceType: 'virtualMachines',
      name: 'Standard_NC24ads_A100_v4',
      tier: 'Standard',
      size: 'NC24ads_A100_v4',
      family: 'StandardNCADSA100v4Family',
      locations: ['eastus', 'westus2'],
      locationInfo: [{ location: 'eastus', zones: ['1', '2', '3'] }],
      capabilities: [
        cap('vCPUs', '24'),
        cap('MemoryGB', '220'),
        cap('GPUs', '1'),
        cap('LowPriorityCapable', 'True'),
      ],
      restrictions: [
        {
          type: 'Location',
          values: ['westus2'],
          restrictionInfo: { locations: ['westus2'] },
          reasonCode: 'NotAvailableForSubscription',
        },
        {
          type: 'Zone',
          values: ['eastus'],
          restrictionInfo: { locations: ['eastus'], zones: ['3'] },
          reasonCode: 'NotAvailableForSubscription',
        },
      ],
    },
    {
      resourceType: 'virtualMachines',
      name: 'Standard_NC6s_v3',
      tier: 'Standard',
      size: 'NC6s_v3',
      family: 'standardNCSv3Family',
      locations: ['eastus'],
      capabilities: [cap('vCPUs', '6'), cap('MemoryGB', '112'), cap('GPUs', '1')],
      restrictions: [],
    },
    {
      resourceType: 'disks',
      name: 'Premium_LRS',
      locations: ['eastus'],
      capabilities: [cap('MaxSizeGiB', '4'), cap('GPUs', '1')],
    },
  ],
  nextLink:
    'https://management.azure.com/subscriptions/sub-123/providers/Microsoft.Compute/skus?api-version=2021-07-01&$skiptoken=page2',
};

function item(over: Record<string, unknown>) {
  return {
    currencyCode: 'USD',
    tierMinimumUnits: 0,
    armRegionName: 'eastus',
    location: 'US East',
    effectiveStartDate: '2022-06-01T00:00:00Z',
    meterId: '00000000-0000-0000-0000-000000000000',
    meterName: 'NC24ads A100 v4',
    productId: 'DZH318Z0CSHS',
    skuId: 'DZH318Z0CSHS/00G1',
    productName: 'Virtual Machines NCads A100 v4 Series',
    skuName: 'NC24ads A100 v4',
    serviceName: 'Virtual Machines',
    serviceId: 'DZH313Z7MMC8',
    serviceFamily: 'Compute',
    unitOfMeasure: '1 Hour',
    type: 'Consumption',
    isPrimaryMeterRegion: true,
    armSkuName: 'Standard_NC24ads_A100_v4',
    ...over,
  };
}

export const PRICES_PAGE_1 = {
  BillingCurrency: 'USD',
  CustomerEntityId: 'Default',
  CustomerEntityType: 'Retail',
  Items: [
    item({ retailPrice: 3.673, unitPrice: 3.673 }),
    item({
      meterName: 'NC24ads A100 v4 Spot',
      skuName: 'NC24ads A100 v4 Spot',
      retailPrice: 0.61082,
      unitPrice: 0.61082,
    }),
    item({
      productName: 'Virtual Machines NCads A100 v4 Series Windows',
      retailPrice: 3.857,
      unitPrice: 3.857,
    }),
    item({
      meterName: 'NC24ads A100 v4 Low Priority',
      skuName: 'NC24ads A100 v4 Low Priority',
      retailPrice: 0.7346,
    }),
    item({ type: 'DevTestConsumption', retailPrice: 2.5, unitPrice: 2.5 }),
  ],
  NextPageLink:
    "https://prices.azure.com:443/api/retail/prices?$filter=serviceName%20eq%20'Virtual%20Machines'&$skip=100",
  Count: 5,
};

export const PRICES_PAGE_2 = {
  BillingCurrency: 'USD',
  CustomerEntityId: 'Default',
  CustomerEntityType: 'Retail',
  Items: [
    item({ armRegionName: 'westus2', location: 'US West 2', retailPrice: 3.673, unitPrice: 3.673 }),
    item({ type: 'Reservation', reservationTerm: '1 Year', unitOfMeasure: '1 Hour', retailPrice: 18000 }),
  ],
  NextPageLink: null,
  Count: 2,
};

// Service principal used by the adapter tests (values made up). The secret carries characters a
// form body must escape (`/`, `+`, `=`, `&`).
export const TENANT_ID = 'tenant-abc';
export const CLIENT_ID = 'client-xyz';
export const CLIENT_SECRET = 'Sec/ret+v=1&x';
export const TOKEN_PATH = `/${TENANT_ID}/oauth2/v2.0/token`;

/** The JSON credential, with `authority` pointing at the local server playing login.microsoftonline.com. */
export function azureCredential(authority: string): string {
  return JSON.stringify({
    tenant_id: TENANT_ID,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    subscription_id: 'sub-123',
    authority,
  });
}

/**
 * Inline token answer, in the documented shape of a successful client-credentials response from the
 * identity platform v2 token endpoint (token_type, expires_in in seconds, ext_expires_in, access_token;
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 */
export function tokenAnswer(accessToken: string, expiresIn = 3599) {
  return {
    token_type: 'Bearer',
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken,
  };
}

/** Inline token error, in the documented error shape (error, error_description, error_codes, …). */
export const TOKEN_ERROR_INVALID_CLIENT = {
  error: 'invalid_client',
  error_description: 'AADSTS7000215: Invalid client secret provided.',
  error_codes: [7000215],
  timestamp: '2024-01-01 00:00:00Z',
  trace_id: '00000000-0000-0000-0000-000000000000',
  correlation_id: '00000000-0000-0000-0000-000000000000',
};
