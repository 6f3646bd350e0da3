import type { Clock } from '../../platform/clock/clock.js';

/** A dependency the instance needs to serve traffic; `check` rejects when it is unreachable. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface CheckResult {
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  draining: boolean;
  checks: Record<string, CheckResult>;
}

export interface HealthService {
  readiness(): Promise<Readiness>;
  /** From now on readiness fails, so the load balancer stops routing here before we close. */
  startDraining(): void;
  isDraining(): boolean;
}

export function createHealthService(deps: {
  checks: ReadinessCheck[];
  clock: Pick<Clock, 'nowMs'>;
  timeoutMs?: number;
}): HealthService {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  let draining = false;

  async function run(check: ReadinessCheck): Promise<CheckResult> {
    const started = deps.clock.nowMs();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.check(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { status: 'up', latency_ms: deps.clock.nowMs() - started };
    } catch (err) {
      // Only the message: a driver error can carry a connection string.
      const message = err instanceof Error ? err.message.replace(/\w+:\/\/\S+/g, '[url]') : 'unreachable';
      return { status: 'down', latency_ms: deps.clock.nowMs() - started, error: message };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async readiness() {
      const results = await Promise.all(deps.checks.map(async (c) => [c.name, await run(c)] as const));
      const checks = Object.fromEntries(results);
      const allUp = results.every(([, r]) => r.status === 'up');
      return { ready: allUp && !draining, draining, checks };
    },
    startDraining() {
      draining = true;
    },
    isDraining: () => draining,
  };
}
