import {
  type SecretStore,
  SecretStoreError,
  type SecretStoreOperation,
  SecretStoreRetryableError,
} from './secret-store.port.js';

/** AWS exception names that mean "slow down" across SSM, Secrets Manager and the SDK's own list. */
const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  // SSM: another update of the same parameter is in flight.
  'TooManyUpdates',
]);

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

interface AwsLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: boolean } | undefined;
  $metadata?: { httpStatusCode?: number; requestId?: string } | undefined;
}

function asAws(err: unknown): AwsLikeError {
  return typeof err === 'object' && err !== null ? (err as AwsLikeError) : {};
}

/** The exception name of an AWS service error (one that carries `$metadata`), or null. */
export function awsErrorName(err: unknown): string | null {
  const e = asAws(err);
  return e.$metadata !== undefined && typeof e.name === 'string' ? e.name : null;
}

function retryReason(err: unknown): 'throttled' | 'unavailable' | null {
  const e = asAws(err);
  const name = typeof e.name === 'string' ? e.name : '';
  if (THROTTLING_CODES.has(name) || e.$retryable?.throttling === true) return 'throttled';
  if (e.$metadata?.httpStatusCode === 429) return 'throttled';
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return 'unavailable';
  if (name === 'TimeoutError' || (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code))) {
    return 'unavailable';
  }
  return null;
}

function mentions(text: unknown, secret: string | undefined): boolean {
  return secret !== undefined && secret !== '' && typeof text === 'string' && text.includes(secret);
}

/**
 * Wraps any failure of an AWS call in a `SecretStoreError` (retryable for throttling and
 * transient faults). The AWS message is kept unless it quotes the secret value; the original
 * error is attached as `cause` only when it is not an AWS response (whose fields we copy) and does
 * not quote the value either, since log serializers print causes.
 */
export function storeError(
  err: unknown,
  ctx: { store: SecretStore['kind']; operation: SecretStoreOperation; target: string; value?: string },
): SecretStoreError {
  if (err instanceof SecretStoreError) return err;
  const e = asAws(err);
  const awsCode = awsErrorName(err) ?? undefined;
  const rawMessage = typeof e.message === 'string' ? e.message : String(err);
  const detail = mentions(rawMessage, ctx.value)
    ? '(message withheld: it quoted the secret value)'
    : rawMessage;
  const leaks = mentions(rawMessage, ctx.value) || mentions((err as { stack?: unknown })?.stack, ctx.value);
  const details = {
    store: ctx.store,
    operation: ctx.operation,
    target: ctx.target,
    awsCode,
    httpStatusCode: e.$metadata?.httpStatusCode,
    requestId: e.$metadata?.requestId,
    cause: awsCode === undefined && !leaks ? err : undefined,
  };
  const label = awsCode ?? (typeof e.name === 'string' ? e.name : 'Error');
  const message = `${ctx.store} ${ctx.operation} ${ctx.target} failed: ${label}: ${detail}`;
  const reason = retryReason(err);
  return reason
    ? new SecretStoreRetryableError(message, { ...details, reason })
    : new SecretStoreError(message, details);
}
