import type { PlatformSettings } from '../platform-config/index.js';
import type { ProviderAdapter, ProviderContext } from './catalog.types.js';
import { createProviderHttp } from './providers/http.js';
import type { ProvisioningAdapter } from './provisioning.types.js';

/** A provider's lifecycle calls with the POD's settings for it (LIVE), as the pods module uses them. */
export interface LiveProvisioning {
  adapter: ProvisioningAdapter;
  /** A fresh context: base URL and key from the parameters, a signal that aborts after the call timeout. */
  context(): ProviderContext;
}

/**
 * The LIVE provisioning of `provider`, or null when its adapter has none. Each context reads the
 * parameters again (a rotated key applies to the next call) and times out after
 * `catalog.provider_timeout_ms`.
 */
export function liveProvisioningOf(
  adapters: Readonly<Record<string, ProviderAdapter>>,
  settings: PlatformSettings,
  provider: string,
): LiveProvisioning | null {
  const adapter = adapters[provider];
  if (!adapter?.provisioning) return null;
  return {
    adapter: adapter.provisioning,
    context() {
      const baseUrl = settings.string(`providers.${provider}.base_url`) ?? adapter.defaultBaseUrl ?? '';
      const signal = AbortSignal.timeout(settings.number('catalog.provider_timeout_ms'));
      return {
        http: createProviderHttp({ baseUrl, signal }),
        credential: settings.string(`providers.${provider}.api_key`),
        signal,
        usdPerEur: settings.number('catalog.usd_per_eur'),
      };
    },
  };
}
