/**
 * The one error type of the platform. Every failure that reaches a client is an AppError with a
 * code from the closed `ErrorCode` list; the HTTP status comes from one table, never from the
 * throw site. Expected failures are values (`Result`) inside services and become AppErrors at
 * the edge.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  mfa_required: 401,
  payment_failed: 402,
  forbidden: 403,
  plan_limit_reached: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  idempotency_conflict: 409,
  token_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  budget_exceeded: 422,
  rate_limited: 429,
  internal_error: 500,
  provider_unavailable: 503,
  service_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  malformed_json: 'Malformed JSON body',
  unauthorized: 'Authentication required',
  mfa_required: 'Multi-factor code required',
  payment_failed: 'Payment failed',
  forbidden: 'Forbidden',
  plan_limit_reached: 'Plan limit reached',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  not_acceptable: 'Not acceptable',
  conflict: 'Conflict',
  idempotency_conflict: 'Idempotency key reused with a different request',
  token_expired: 'Token expired or already used',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  validation_failed: 'Validation failed',
  budget_exceeded: 'Budget exceeded',
  rate_limited: 'Too many requests',
  internal_error: 'Internal server error',
  provider_unavailable: 'Provider unavailable',
  service_unavailable: 'Service unavailable',
};

/** One field-level problem of a validation failure; `path` is a JSON pointer into the request. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Seconds, rendered as the `Retry-After` header (429, 503). */
  retryAfterSeconds?: number;
  /** Extra members merged into the problem document (RFC 9457 extension members). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail ?? TITLES[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.title = TITLES[code];
    this.detail = options.detail;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Expected outcomes of a service call: success with a value, or a coded failure. */
export type Result<T, C extends ErrorCode = ErrorCode> =
  | { ok: true; value: T }
  | { ok: false; code: C; detail?: string; errors?: FieldError[] };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <C extends ErrorCode>(code: C, detail?: string, errors?: FieldError[]) =>
  ({ ok: false, code, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) }) as const;

/** Turns a failed Result into the AppError the HTTP edge renders; passes the value through. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new AppError(result.code, { detail: result.detail, errors: result.errors });
}
