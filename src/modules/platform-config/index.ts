export type { Mode, ParameterType } from './platform-config.tables.js';
export type { PlatformConfigModule, PlatformConfigWiring } from './platform-config.wire.js';
export { PROVIDER_IDS } from './registry.js';
export { createSecretStore, type SecretStore } from './secret-store/index.js';
export type { PlatformSettings } from './settings.js';

import {
  type PlatformConfigModule,
  type PlatformConfigWiring,
  wirePlatformConfig,
} from './platform-config.wire.js';

/**
 * Platform configuration: PODs (deployments of the platform), their SANDBOX/LIVE mode and typed
 * parameters, audited, hot-reloaded across instances. Other modules read `settings`
 * (`settings.mode()`, `settings.number('markup_percent.pro')`); pod_admins manage it under
 * `/api/v2/config/pods`.
 */
export function createPlatformConfigModule(deps: PlatformConfigWiring): PlatformConfigModule {
  return wirePlatformConfig(deps);
}
