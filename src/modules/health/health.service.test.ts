import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../platform/clock/clock.js';
import { createHealthService } from './health.service.js';

describe('health service', () => {
  const clock = createManualClock();

  it('is ready when every check passes', async () => {
    const h = createHealthService({ clock, checks: [{ name: 'database', check: async () => {} }] });
    const r = await h.readiness();
    expect(r.ready).toBe(true);
    expect(r.checks.database?.status).toBe('up');
  });

  it('is not ready when a check fails, naming it, without leaking URLs', async () => {
    const h = createHealthService({
      clock,
      checks: [
        { name: 'database', check: async () => {} },
        {
          name: 'cache',
          check: async () => {
            throw new Error('connect ECONNREFUSED redis://:secret@cache:6379');
          },
        },
      ],
    });
    const r = await h.readiness();
    expect(r.ready).toBe(false);
    expect(r.checks.cache?.status).toBe('down');
    expect(r.checks.cache?.error).toBe('connect ECONNREFUSED [url]');
    expect(r.checks.database?.status).toBe('up');
  });

  it('times out a check that hangs', async () => {
    const h = createHealthService({
      clock,
      timeoutMs: 20,
      checks: [{ name: 'bus', check: () => new Promise(() => {}) }],
    });
    const r = await h.readiness();
    expect(r.checks.bus).toMatchObject({ status: 'down', error: 'no answer within 20 ms' });
  });

  it('reports not ready once draining, even with healthy dependencies', async () => {
    const h = createHealthService({ clock, checks: [{ name: 'database', check: async () => {} }] });
    h.startDraining();
    expect(await h.readiness()).toMatchObject({ ready: false, draining: true });
  });
});
