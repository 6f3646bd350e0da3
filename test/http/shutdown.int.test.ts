import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, then refuses new connections', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const t = await createTestApp({
      modules: [
        async (app) => {
          app.get('/slow', async () => {
            entered();
            await new Promise((r) => setTimeout(r, 400));
            return { done: true };
          });
        },
      ],
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;

    const inFlight = fetch(`${base}/api/v2/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await inHandler;
    t.platform.health.startDraining();
    const closing = t.close();

    const got = await inFlight;
    expect(got).toEqual({ status: 200, body: { done: true } });
    await closing;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('graceful shutdown after a client gave up', () => {
  it('does not wait for a request whose client aborted', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const t = await createTestApp({
      modules: [
        async (app) => {
          app.get('/slow', async () => {
            entered();
            await new Promise((r) => setTimeout(r, 300));
            return { done: true };
          });
        },
      ],
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const controller = new AbortController();
    const aborted = fetch(`http://127.0.0.1:${port}/api/v2/slow`, { signal: controller.signal }).catch(
      (e) => e.name,
    );
    await inHandler;
    controller.abort();
    expect(await aborted).toBe('AbortError');
    // A close that waited for the dead socket would sit until its keep-alive timeout (72 s) and
    // trip the test timeout; a correct one returns once the handler has finished.
    await t.close();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
