import { describe, expect, it } from 'vitest';
import { countryForRegion } from './regions.js';

describe('countryForRegion', () => {
  it.each([
    ['aws', 'us-east-1', 'US'],
    ['aws', 'eu-west-2', 'GB'],
    ['gcp', 'europe-west4', 'NL'],
    ['gcp', 'europe-west4-a', 'NL'],
    ['gcp', 'us-central2', 'US'],
    ['azure', 'eastus', 'US'],
    ['azure', 'westus3', 'US'],
    ['azure', 'westeurope', 'NL'],
    ['lambda', 'us-east-1', 'US'],
    ['lambda', 'europe-central-1', 'DE'],
    ['runpod', 'CZ', 'CZ'],
    ['vast', 'Bavaria, DE, EU', 'DE'],
    ['vast', ', US, NA', 'US'],
    ['vast', 'US-CA', 'US'],
    ['fluidstack', 'norway_4_eu', 'NO'],
    ['fluidstack', 'calgary_1_canada', 'CA'],
    ['fluidstack', 'illinois_1_usa', 'US'],
    ['ovhcloud', 'GRA', 'FR'],
    ['ovhcloud', 'BHS', 'CA'],
    ['ibm', 'us-south', 'US'],
    ['ibm', 'jp-tok', 'JP'],
    ['scp', 'KOREA-WEST-1-SCP-B001', 'KR'],
    ['scp', 'KOREA_WEST-1-SWN-FIN-B001', 'KR'],
    ['paperspace', 'East Coast (NY2)', 'US'],
    ['cudo', 'ca-montreal-1', 'CA'],
    ['cudo', 'se-smedjebacken-1', 'SE'],
  ])('%s %s → %s', (provider, region, country) => {
    expect(countryForRegion(provider, region)).toBe(country);
  });

  it.each([
    ['aws', 'mars-north-1'],
    ['lambda', 'europe-south-1'],
    ['runpod', 'EUR-IS-1'],
    ['unknown-cloud', 'us-east-1'],
  ])('%s %s → null', (provider, region) => {
    expect(countryForRegion(provider, region)).toBeNull();
  });
});
