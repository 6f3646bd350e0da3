import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { Type } from 'typebox';
import { AppError, type ErrorCode, type FieldError, isAppError } from '../errors/app-error.js';

/**
 * RFC 9457 problem details for every failure. One renderer, fed by one mapping from whatever
 * was thrown (AppError, a Fastify framework error, or anything unexpected) to an AppError.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const TYPE_BASE = 'https://docs.gpubroker.io/problems/';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    instance: Type.Optional(Type.String()),
    request_id: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** Framework error codes that are the client's fault, mapped to our closed code list. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_NOT_FOUND: 'not_found',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

/** Converts a JSON-schema validation error list into `{ path, message }` pairs (JSON pointers). */
export function toFieldErrors(
  errors: FastifySchemaValidationError[],
  context: string | undefined,
): FieldError[] {
  const root = context ? `/${context}` : '';
  return errors.map((e) => {
    let path = `${root}${e.instancePath ?? ''}`;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
      path = `${path}/${params.missingProperty}`;
    } else if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      path = `${path}/${params.additionalProperty}`;
    }
    return { path: path || '/', message: e.message ?? 'is invalid' };
  });
}

/** Maps anything thrown during a request to the AppError that is rendered. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const fe = err as FastifyError & { validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    return new AppError('validation_failed', {
      detail: 'The request does not match the schema.',
      errors: toFieldErrors(fe.validation, fe.validationContext),
    });
  }
  const mapped = fe?.code ? FRAMEWORK_CODES[fe.code] : undefined;
  if (mapped)
    return new AppError(mapped, {
      detail: mapped === 'malformed_json' ? 'The body is not valid JSON.' : undefined,
    });
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // A client error from a plugin we do not know by code: keep its status class, hide internals.
    const byStatus: Record<number, ErrorCode> = {
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      406: 'not_acceptable',
      409: 'conflict',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
      429: 'rate_limited',
    };
    return new AppError(byStatus[fe.statusCode] ?? 'bad_request');
  }
  return new AppError('internal_error', { cause: err });
}

export function problemBody(error: AppError, request: FastifyRequest) {
  return {
    type: `${TYPE_BASE}${error.code}`,
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    code: error.code,
    instance: request.url,
    request_id: String(request.id),
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extensions ?? {}),
  };
}

/** Sends `error` as problem+json (serialised here so route response schemas never filter it). */
export function sendProblem(reply: FastifyReply, error: AppError) {
  if (error.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(Math.ceil(error.retryAfterSeconds)));
  return reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problemBody(error, reply.request));
}

/** The one Fastify error handler. Unexpected errors are logged with their stack, never returned. */
export function problemErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const error = toAppError(err);
  if (error.status >= 500) {
    request.log.error({ err: error.code === 'internal_error' ? err : error }, 'request failed');
  } else {
    request.log.info({ code: error.code, status: error.status }, 'request rejected');
  }
  return sendProblem(reply, error);
}
