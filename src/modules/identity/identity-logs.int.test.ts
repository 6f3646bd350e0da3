import { Writable } from 'node:stream';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createLogger } from '../../platform/observability/logger.js';

// Every credential that crosses the identity API, at the most verbose log level: none may
// appear in any log line.
let text = '';
const sink = new Writable({
  write(chunk, _enc, cb) {
    text += String(chunk);
    cb();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger({ level: 'trace' }, sink),
    moduleOptions: { identity: { autoConfirm: () => false } },
  });
});
afterAll(async () => {
  await t?.close();
});

function post(url: string, payload: object, token?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v2${url}`,
    payload,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

describe('identity logs', () => {
  it('never contain passwords, tokens, TOTP secrets, codes or API keys', async () => {
    const seen: string[] = [];
    const password = 'log-canary-password';
    const email = 'canary@example.com';
    expect((await post('/auth/register', { email, password, name: 'Canary' })).statusCode).toBe(201);
    const rows = await t.database.executeSql<{ text: string }>('select text from mail_messages');
    const verifyToken = /token=([A-Za-z0-9_-]+)/.exec(rows.rows[0]!.text)![1]!;
    seen.push(password, verifyToken);
    expect((await post('/auth/verify-email', { token: verifyToken })).statusCode).toBe(200);

    const login = (await post('/auth/login', { email, password })).json();
    seen.push(login.access_token, login.refresh_token);
    const setup = (await post('/auth/mfa/totp/setup', {}, login.access_token)).json();
    seen.push(setup.secret);
    const code = await generate({ secret: setup.secret });
    const enabled = (await post('/auth/mfa/totp/enable', { code }, login.access_token)).json();
    seen.push(...enabled.backup_codes);
    expect((await post('/auth/login', { email, password, totp_code: 'zzzz-zzzz' })).statusCode).toBe(401);
    const withBackup = await post('/auth/login', { email, password, totp_code: enabled.backup_codes[0] });
    expect(withBackup.statusCode).toBe(200);
    const refreshed = (
      await post('/auth/refresh', { refresh_token: withBackup.json().refresh_token })
    ).json();
    seen.push(withBackup.json().refresh_token, refreshed.refresh_token);
    const key = (await post('/api-keys', { name: 'canary' }, refreshed.access_token)).json();
    seen.push(key.key);
    const changed = await post(
      '/auth/password',
      { current_password: password, new_password: 'log-canary-password-2' },
      refreshed.access_token,
    );
    expect(changed.statusCode).toBe(200);
    seen.push('log-canary-password-2');

    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('"request_id"');
    for (const secret of seen) expect(text, `log contains ${secret.slice(0, 6)}…`).not.toContain(secret);
  });
});
