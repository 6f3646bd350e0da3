export {
  CircuitOpenError,
  isTransient,
  type ProviderFailureCode,
  ProviderGatewayError,
  ProviderRateLimitedError,
  ProviderTimeoutError,
  providerFailureCode,
} from './gateway-errors.js';
export type { CircuitStatus } from './gateway-policies.js';
export {
  createProviderGateway,
  OFFERS_CACHE_TTL_MS,
  offersCacheKey,
  type ProviderCallConfig,
  type ProviderGateway,
  type ProviderGatewayDeps,
  rateLimitKey,
} from './provider-gateway.js';
