/**
 * Where the clear values of a POD's secret parameters are mirrored outside the database (AWS SSM
 * Parameter Store or AWS Secrets Manager). The database stays the source of truth; the store is a
 * copy written after commit by the secret-sync job (see README.md), so every operation is
 * idempotent and safe to repeat.
 *
 * Errors: every failure is a `SecretStoreError` whose message names the operation and the secret
 * but never contains the value; `SecretStoreRetryableError` marks throttling and transient
 * faults (try again later), anything else needs a person (permissions, KMS key, quotas).
 */
export type SecretMode = 'sandbox' | 'live';

export interface SecretRef {
  /** The POD's slug (`^[a-z0-9][a-z0-9-]{0,62}$`). */
  podId: string;
  /** The parameter key, e.g. `stripe.secret_key`. */
  key: string;
  mode: SecretMode;
}

export interface StoredSecret {
  key: string;
  mode: SecretMode;
  value: string;
}

export interface SecretStore {
  readonly kind: 'ssm' | 'secrets-manager';
  /** Stores the clear value of a secret parameter for one mode (overwrites). */
  put(ref: SecretRef, value: string): Promise<void>;
  /** Removes it; absent is fine. */
  delete(ref: SecretRef): Promise<void>;
  /** Every secret stored for the POD (decrypted), for a boot-time import / drift check; sorted by key, mode. */
  list(podId: string): Promise<StoredSecret[]>;
}

export type SecretStoreOperation = 'put' | 'delete' | 'list';

export interface SecretStoreErrorDetails {
  store: SecretStore['kind'];
  operation: SecretStoreOperation;
  /** The parameter name / secret id (or the path listed): names only, never a value. */
  target: string;
  /** The AWS exception name (`AccessDeniedException`, …) when AWS answered. */
  awsCode?: string | undefined;
  httpStatusCode?: number | undefined;
  requestId?: string | undefined;
  cause?: unknown;
}

/** A secret-store failure; the message is safe to log (it never carries the secret value). */
export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
  readonly store: SecretStore['kind'];
  readonly operation: SecretStoreOperation;
  readonly target: string;
  readonly awsCode: string | undefined;
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, details: SecretStoreErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.store = details.store;
    this.operation = details.operation;
    this.target = details.target;
    this.awsCode = details.awsCode;
    this.httpStatusCode = details.httpStatusCode;
    this.requestId = details.requestId;
  }
}

/** Throttling or a transient AWS / network fault: the same call may succeed later. */
export class SecretStoreRetryableError extends SecretStoreError {
  override name = 'SecretStoreRetryableError';
  readonly reason: 'throttled' | 'unavailable';

  constructor(message: string, details: SecretStoreErrorDetails & { reason: 'throttled' | 'unavailable' }) {
    super(message, details);
    this.reason = details.reason;
  }
}
