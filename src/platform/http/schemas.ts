import { type TProperties, type TSchema, Type } from 'typebox';

/**
 * Route-schema pieces fixed by the API contract (API.md § Conventions), shared so every route
 * states them the same way and the OpenAPI document stays uniform.
 */
const ProblemRef = { $ref: 'Problem#' } as const;

/** Response entries rendering as problem+json, e.g. `response: { 200: X, ...problems(401, 404) }`. */
export function problems(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemRef]));
}

/** A list query: the route's own filters plus `limit` (1–200, default 50) and an opaque `cursor`. */
export function PageQuery<P extends TProperties>(filters: P) {
  return Type.Object(
    {
      ...filters,
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    },
    { additionalProperties: false },
  );
}

/** A list response: `{ items, next_cursor }`, `next_cursor` null on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });
}
