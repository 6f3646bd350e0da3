import { useQuery } from '@tanstack/react-query';
import { api, isApiProblem, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';

/** How often the status page re-checks the instance while it is open. */
export const STATUS_REFRESH_MS = 10_000;

type ReadyBody = paths['/readyz']['get']['responses'][200]['content']['application/json'];
export type DependencyCheck = ReadyBody['checks'][string];

export interface Liveness {
  status: 'ok';
  /** Browser-measured time for the request to come back, in milliseconds. */
  roundTripMs: number;
}

/**
 * Readiness as the page shows it. A 503 from `/readyz` is an answer, not a failure: its problem
 * document carries the same `checks`, which say what is down.
 */
export interface Readiness {
  ready: boolean;
  detail: string | undefined;
  checks: Record<string, DependencyCheck>;
}

export async function fetchLiveness(): Promise<Liveness> {
  const started = performance.now();
  const body = await unwrap(api.GET('/healthz'));
  return { status: body.status, roundTripMs: Math.round(performance.now() - started) };
}

function isChecks(value: unknown): value is Record<string, DependencyCheck> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every(
      (c) => typeof c === 'object' && c !== null && 'status' in c && 'latency_ms' in c,
    )
  );
}

export async function fetchReadiness(): Promise<Readiness> {
  try {
    const body = await unwrap(api.GET('/readyz'));
    return { ready: true, detail: undefined, checks: body.checks };
  } catch (err) {
    if (isApiProblem(err) && err.status === 503 && isChecks(err.body.checks)) {
      return { ready: false, detail: err.detail, checks: err.body.checks };
    }
    throw err;
  }
}

export function useLiveness() {
  return useQuery({
    queryKey: ['status', 'liveness'],
    queryFn: fetchLiveness,
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useReadiness() {
  return useQuery({
    queryKey: ['status', 'readiness'],
    queryFn: fetchReadiness,
    refetchInterval: STATUS_REFRESH_MS,
  });
}
