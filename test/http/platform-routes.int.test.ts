import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_CSP } from '../../src/platform/http/security-headers.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
});
afterAll(async () => {
  await t?.close();
});

describe('health', () => {
  it('/healthz is ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks.database.status).toBe('up');
  });
});

describe('metrics', () => {
  it('exposes process metrics and a request-duration histogram by route pattern and status', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'GET', url: '/api/v2/nothing-here' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{pod_id="local",method="GET",route="\/healthz",status_code="200"\} [1-9]/,
    );
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{pod_id="local",method="GET",route="unmatched",status_code="404"\} [1-9]/,
    );
    // Raw URLs never become label values.
    expect(res.body).not.toContain('nothing-here');
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document with the routes and the Problem schema', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('GPUBROKER API');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(doc.paths['/metrics']).toBeUndefined();
    expect(doc.components.schemas.Problem.properties.code).toBeDefined();
  });

  it('serves the docs UI at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });
});

describe('security headers and CORS', () => {
  it('sets the REST security headers on API responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    const problem = await t.app.inject({ method: 'GET', url: '/api/v2/missing' });
    expect(problem.headers['x-content-type-options']).toBe('nosniff');
    expect(problem.headers['x-frame-options']).toBe('DENY');
  });

  it('keeps the docs UI its own CSP with the document headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // swagger-ui's own policy (it loads its scripts from files, and needs its validator badge).
    expect(res.headers['content-security-policy']).toContain('validator.swagger.io');
    expect(res.headers['content-security-policy']).toContain("object-src 'none'");
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('allows a listed origin and refuses others', async () => {
    const ok = await t.app.inject({
      method: 'OPTIONS',
      url: '/healthz',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example.net' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('web app serving', () => {
  it('serves index.html at / and for client-side routes, with the document headers; APIs stay problem+json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpb-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>GPUBROKER</title><div id="root"></div>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const w = await createTestApp({ env: { GPUBROKER_WEB_DIR: dir } });
    try {
      const root = await w.app.inject({ method: 'GET', url: '/' });
      expect(root.statusCode).toBe(200);
      expect(root.body).toContain('<div id="root">');
      expect(root.headers['content-security-policy']).toBe(DOCUMENT_CSP);
      expect(root.headers['cache-control']).toBe('no-cache');

      const deep = await w.app.inject({
        method: 'GET',
        url: '/pods/pod_123?tab=logs',
        headers: { accept: 'text/html' },
      });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<div id="root">');

      const asset = await w.app.inject({ method: 'GET', url: '/assets/app.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.body).toBe('console.log(1)');

      // Unknown API paths, and non-HTML clients, still get problem+json.
      const api = await w.app.inject({
        method: 'GET',
        url: '/api/v2/nope',
        headers: { accept: 'text/html' },
      });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
      const curl = await w.app.inject({
        method: 'GET',
        url: '/pods/x',
        headers: { accept: 'application/json' },
      });
      expect(curl.statusCode).toBe(404);
      const post = await w.app.inject({ method: 'POST', url: '/pods/x', headers: { accept: 'text/html' } });
      expect(post.statusCode).toBe(404);
    } finally {
      await w.close();
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS with TLS 1.3 as the minimum when a certificate is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpb-tls-'));
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    writeFileSync(join(dir, 'cert.pem'), pems.cert);
    writeFileSync(join(dir, 'key.pem'), pems.private);
    const s = await createTestApp({
      env: { TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'key.pem') },
    });
    try {
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (s.app.server.address() as { port: number }).port;
      {
        const body = await new Promise<{ status: number; body: string; protocol: string }>(
          (resolve, reject) => {
            const req = https.get(
              { host: '127.0.0.1', port, path: '/healthz', ca: pems.cert, servername: 'localhost' },
              (res) => {
                const protocol = (res.socket as tls.TLSSocket).getProtocol() ?? '';
                let data = '';
                res.on('data', (c) => {
                  data += c;
                });
                res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, protocol }));
              },
            );
            req.on('error', reject);
          },
        );
        expect(body).toEqual({ status: 200, body: '{"status":"ok"}', protocol: 'TLSv1.3' });

        const tls12 = await new Promise<string>((resolve) => {
          const sock = tls.connect({
            host: '127.0.0.1',
            port,
            maxVersion: 'TLSv1.2',
            ca: pems.cert,
            servername: 'localhost',
          });
          sock.on('secureConnect', () => {
            resolve(`connected ${sock.getProtocol()}`);
            sock.destroy();
          });
          sock.on('error', (err) => resolve(`refused ${(err as NodeJS.ErrnoException).code}`));
        });
        expect(tls12).toMatch(/^refused /);
      }
    } finally {
      await s.close();
    }
  });
});

describe('readiness while draining (runs last: it changes the instance)', () => {
  it('answers 503 problem+json with the checks once shutdown begins', async () => {
    t.platform.health.startDraining();
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    const body = res.json();
    expect(body.code).toBe('service_unavailable');
    expect(body.detail).toBe('The instance is shutting down.');
    expect(body.checks.database.status).toBe('up');
  });
});
