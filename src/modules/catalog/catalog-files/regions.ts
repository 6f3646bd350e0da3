/**
 * Region → ISO 3166-1 alpha-2 country for the provider families whose catalogs we read. Small,
 * explicit maps (a region missing from them yields null rather than a guess).
 */

const AWS: Record<string, string> = {
  'af-south-1': 'ZA',
  'ap-east-1': 'HK',
  'ap-northeast-1': 'JP',
  'ap-northeast-2': 'KR',
  'ap-northeast-3': 'JP',
  'ap-south-1': 'IN',
  'ap-south-2': 'IN',
  'ap-southeast-1': 'SG',
  'ap-southeast-2': 'AU',
  'ap-southeast-3': 'ID',
  'ap-southeast-4': 'AU',
  'ca-central-1': 'CA',
  'ca-west-1': 'CA',
  'eu-central-1': 'DE',
  'eu-central-2': 'CH',
  'eu-north-1': 'SE',
  'eu-south-1': 'IT',
  'eu-south-2': 'ES',
  'eu-west-1': 'IE',
  'eu-west-2': 'GB',
  'eu-west-3': 'FR',
  'il-central-1': 'IL',
  'me-central-1': 'AE',
  'me-south-1': 'BH',
  'sa-east-1': 'BR',
};

const GCP: Record<string, string> = {
  'africa-south1': 'ZA',
  'asia-east1': 'TW',
  'asia-east2': 'HK',
  'asia-northeast1': 'JP',
  'asia-northeast2': 'JP',
  'asia-northeast3': 'KR',
  'asia-south1': 'IN',
  'asia-south2': 'IN',
  'asia-southeast1': 'SG',
  'asia-southeast2': 'ID',
  'australia-southeast1': 'AU',
  'australia-southeast2': 'AU',
  'europe-central2': 'PL',
  'europe-north1': 'FI',
  'europe-southwest1': 'ES',
  'europe-west1': 'BE',
  'europe-west2': 'GB',
  'europe-west3': 'DE',
  'europe-west4': 'NL',
  'europe-west6': 'CH',
  'europe-west8': 'IT',
  'europe-west9': 'FR',
  'europe-west10': 'DE',
  'europe-west12': 'IT',
  'me-central1': 'QA',
  'me-central2': 'SA',
  'me-west1': 'IL',
  'northamerica-northeast1': 'CA',
  'northamerica-northeast2': 'CA',
  'southamerica-east1': 'BR',
  'southamerica-west1': 'CL',
};

// Azure region names without the US ones (those all end in "us": eastus, westcentralus …).
const AZURE: Record<string, string> = {
  australiaeast: 'AU',
  australiasoutheast: 'AU',
  brazilsouth: 'BR',
  canadacentral: 'CA',
  canadaeast: 'CA',
  centralindia: 'IN',
  eastasia: 'HK',
  francecentral: 'FR',
  germanywestcentral: 'DE',
  japaneast: 'JP',
  japanwest: 'JP',
  koreacentral: 'KR',
  northeurope: 'IE',
  norwayeast: 'NO',
  southafricanorth: 'ZA',
  southeastasia: 'SG',
  swedencentral: 'SE',
  switzerlandnorth: 'CH',
  uaenorth: 'AE',
  uksouth: 'GB',
  ukwest: 'GB',
  westeurope: 'NL',
};

// Lambda Cloud region ids (europe-south-1 left out: its country is not documented where we looked).
const LAMBDA: Record<string, string> = {
  'asia-northeast-1': 'JP',
  'asia-northeast-2': 'KR',
  'asia-south-1': 'IN',
  'australia-southeast-1': 'AU',
  'europe-central-1': 'DE',
  'me-west-1': 'IL',
};

const IBM: Record<string, string> = {
  'au-syd': 'AU',
  'br-sao': 'BR',
  'ca-tor': 'CA',
  'eu-de': 'DE',
  'eu-es': 'ES',
  'eu-gb': 'GB',
  'jp-osa': 'JP',
  'jp-tok': 'JP',
  'us-east': 'US',
  'us-south': 'US',
};

const OVHCLOUD: Record<string, string> = {
  BHS: 'CA',
  DE: 'DE',
  FRA: 'DE',
  GRA: 'FR',
  LON: 'GB',
  RBX: 'FR',
  SBG: 'FR',
  SGP: 'SG',
  SYD: 'AU',
  UK: 'GB',
  WAW: 'PL',
};

const FLUIDSTACK_PREFIX: Record<string, string> = {
  norway: 'NO',
  iceland: 'IS',
  sweden: 'SE',
  finland: 'FI',
};
const FLUIDSTACK_SUFFIX: Record<string, string> = { usa: 'US', canada: 'CA', uk: 'GB' };

// Paperspace data-centre codes in parentheses: "East Coast (NY2)".
const PAPERSPACE: Record<string, string> = { NY2: 'US', CA1: 'US', AMS1: 'NL' };

const ALPHA2 = /^[A-Z]{2}$/;

function alpha2(code: string | undefined): string | null {
  const upper = code?.trim().toUpperCase();
  return upper && ALPHA2.test(upper) ? upper : null;
}

const RESOLVERS: Record<string, (region: string) => string | null> = {
  aws: (r) => (r.startsWith('us-') ? 'US' : (AWS[r] ?? null)),
  // A zone (`europe-west4-a`, as gpuhunt writes locations) resolves like its region.
  gcp: (r) => (r.startsWith('us-') ? 'US' : (GCP[r.replace(/-[a-z]$/, '')] ?? null)),
  azure: (r) => (/^[a-z0-9]*us\d*$/.test(r) ? 'US' : (AZURE[r] ?? null)),
  lambda: (r) => (r.startsWith('us-') ? 'US' : (LAMBDA[r] ?? null)),
  // RunPod's catalog region is already a country code.
  runpod: (r) => alpha2(r),
  // SkyPilot: "<state/city>, <country>, <continent>" (the first part may be empty); else a
  // leading country code ("US", "US-CA").
  vast: (r) => (r.includes(',') ? alpha2(r.split(',')[1]) : alpha2(/^([A-Za-z]{2})(?:-|$)/.exec(r)?.[1])),
  fluidstack: (r) => {
    const parts = r.toLowerCase().split('_');
    return FLUIDSTACK_PREFIX[parts[0] ?? ''] ?? FLUIDSTACK_SUFFIX[parts.at(-1) ?? ''] ?? null;
  },
  ovhcloud: (r) => OVHCLOUD[r.toUpperCase()] ?? null,
  ibm: (r) => IBM[r] ?? null,
  scp: (r) => (/^KOREA/i.test(r) ? 'KR' : null),
  paperspace: (r) => PAPERSPACE[/\(([^)]+)\)/.exec(r)?.[1] ?? ''] ?? null,
  // Cudo data-centre ids start with the country: ca-montreal-1, gb-london-1, se-stockholm-1.
  cudo: (r) => alpha2(/^([a-z]{2})-/.exec(r)?.[1]),
};

/** ISO alpha-2 country of `region` at `provider`, or null when the provider or region is not known. */
export function countryForRegion(provider: string, region: string): string | null {
  return RESOLVERS[provider]?.(region.trim()) ?? null;
}
