import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createManualClock } from '../../platform/clock/clock.js';
import { authEvents, mfaBackupCodes, users } from './identity.tables.js';

// TOTP MFA and backup codes through the HTTP API, on a manual clock so codes are deterministic.
const clock = createManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'second factor please';
const codeAt = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });

function post(url: string, payload: object, token?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v2${url}`,
    payload,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

async function signUp(email: string): Promise<string> {
  expect((await post('/auth/register', { email, password: PASSWORD, name: 'Mo' })).statusCode).toBe(201);
  const res = await post('/auth/login', { email, password: PASSWORD });
  expect(res.statusCode).toBe(200);
  return res.json().access_token;
}

/** Signs up and turns MFA on; returns the secret, backup codes and an access token. */
async function withMfa(email: string) {
  const token = await signUp(email);
  const setup = await post('/auth/mfa/totp/setup', {}, token);
  expect(setup.statusCode).toBe(200);
  const { secret } = setup.json();
  const enabled = await post('/auth/mfa/totp/enable', { code: await codeAt(secret) }, token);
  expect(enabled.statusCode, enabled.body).toBe(200);
  clock.advanceMs(30_000); // the enabling code's step is spent; later tests use the next one
  return { secret, token, backupCodes: enabled.json().backup_codes as string[] };
}

describe('TOTP enrolment', () => {
  it('returns a secret and an otpauth URI; the secret is sealed at rest and MFA is off until enabled', async () => {
    const token = await signUp('enrol@example.com');
    const res = await post('/auth/mfa/totp/setup', {}, token);
    expect(res.statusCode).toBe(200);
    const { secret, otpauth_url } = res.json();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = new URL(otpauth_url);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toContain('enrol@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('GPUBROKER');

    const [row] = await t.database.db.select().from(users).where(eq(users.email, 'enrol@example.com'));
    expect(row!.mfaTotpSecret).toBeTruthy();
    expect(row!.mfaTotpSecret).not.toContain(secret);
    expect(row!.mfaEnabledAt).toBeNull();
    // Enrolment alone does not change how the user logs in.
    expect((await post('/auth/login', { email: 'enrol@example.com', password: PASSWORD })).statusCode).toBe(
      200,
    );
  });

  it('refuses a wrong code (422) and enables with a current one, returning 10 backup codes once', async () => {
    const token = await signUp('enable@example.com');
    const { secret } = (await post('/auth/mfa/totp/setup', {}, token)).json();
    const wrong = await post(
      '/auth/mfa/totp/enable',
      { code: (Number(await codeAt(secret)) ^ 1).toString().padStart(6, '0') },
      token,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/body/code' }] });

    const ok = await post('/auth/mfa/totp/enable', { code: await codeAt(secret) }, token);
    expect(ok.statusCode).toBe(200);
    const codes: string[] = ok.json().backup_codes;
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.database.db.select().from(mfaBackupCodes);
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.replace('-', ''));

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v2/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().mfa_enabled).toBe(true);
    // Enabled: enrolling again or enabling again is a conflict.
    expect((await post('/auth/mfa/totp/setup', {}, token)).statusCode).toBe(409);
    expect((await post('/auth/mfa/totp/enable', { code: await codeAt(secret) }, token)).statusCode).toBe(409);
  });

  it('accepts a code from the previous or next 30 s step (clock drift) but not two steps away', async () => {
    const token = await signUp('drift@example.com');
    const { secret } = (await post('/auth/mfa/totp/setup', {}, token)).json();
    expect((await post('/auth/mfa/totp/enable', { code: await codeAt(secret, -90) }, token)).statusCode).toBe(
      422,
    );
    expect((await post('/auth/mfa/totp/enable', { code: await codeAt(secret, -30) }, token)).statusCode).toBe(
      200,
    );
  });

  it('needs setup before enable (422)', async () => {
    const token = await signUp('nosetup@example.com');
    const res = await post('/auth/mfa/totp/enable', { code: '123456' }, token);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/setup/i);
  });
});

describe('login with MFA on', () => {
  it('answers 401 mfa_required without a code, 401 for a wrong code, 200 with a current one', async () => {
    const { secret } = await withMfa('login@example.com');
    const none = await post('/auth/login', { email: 'login@example.com', password: PASSWORD });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('mfa_required');
    expect(none.json()).not.toHaveProperty('access_token');

    const wrongCode = (Number(await codeAt(secret)) ^ 1).toString().padStart(6, '0');
    const wrong = await post('/auth/login', {
      email: 'login@example.com',
      password: PASSWORD,
      totp_code: wrongCode,
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('unauthorized');

    const good = await post('/auth/login', {
      email: 'login@example.com',
      password: PASSWORD,
      totp_code: await codeAt(secret),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().user.mfa_enabled).toBe(true);
  });

  it('still needs the password: a right code with a wrong password is the constant 401', async () => {
    const { secret } = await withMfa('pw@example.com');
    const res = await post('/auth/login', {
      email: 'pw@example.com',
      password: 'wrong password!',
      totp_code: await codeAt(secret),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized', detail: 'Invalid e-mail or password.' });
  });

  it('accepts each TOTP step once (a replayed code is refused), the next step works', async () => {
    const { secret } = await withMfa('replay@example.com');
    const code = await codeAt(secret);
    const body = { email: 'replay@example.com', password: PASSWORD, totp_code: code };
    expect((await post('/auth/login', body)).statusCode).toBe(200);
    expect((await post('/auth/login', body)).statusCode).toBe(401);
    clock.advanceMs(30_000);
    expect((await post('/auth/login', { ...body, totp_code: await codeAt(secret) })).statusCode).toBe(200);
  });

  it('accepts a backup code once (any case, with or without the dash) and audits the remaining count', async () => {
    const { backupCodes } = await withMfa('backup@example.com');
    const first = backupCodes[0]!;
    const login = (totp_code: string) =>
      post('/auth/login', { email: 'backup@example.com', password: PASSWORD, totp_code });
    expect((await login(first.toUpperCase().replace('-', ''))).statusCode).toBe(200);
    expect((await login(first)).statusCode).toBe(401);
    expect((await login(backupCodes[1]!)).statusCode).toBe(200);

    const [user] = await t.database.db.select().from(users).where(eq(users.email, 'backup@example.com'));
    const events = await t.database.db.select().from(authEvents).where(eq(authEvents.userId, user!.id));
    const used = events.filter((e) => e.type === 'mfa_backup_code_used').map((e) => e.detail);
    expect(used).toEqual([{ remaining: 9 }, { remaining: 8 }]);
    expect(JSON.stringify(events)).not.toContain(first);
  });
});

describe('turning MFA off and replacing backup codes', () => {
  it('disables with a current code; login then needs no code and the codes are gone', async () => {
    const { secret, token } = await withMfa('off@example.com');
    expect((await post('/auth/mfa/disable', { code: '000000' }, token)).statusCode).toBe(422);
    const off = await post('/auth/mfa/disable', { code: await codeAt(secret) }, token);
    expect(off.statusCode).toBe(204);
    expect((await post('/auth/login', { email: 'off@example.com', password: PASSWORD })).statusCode).toBe(
      200,
    );
    const [user] = await t.database.db.select().from(users).where(eq(users.email, 'off@example.com'));
    expect(user).toMatchObject({ mfaTotpSecret: null, mfaEnabledAt: null });
    const left = await t.database.db.select().from(mfaBackupCodes).where(eq(mfaBackupCodes.userId, user!.id));
    expect(left).toEqual([]);
    const types = (await t.database.db.select().from(authEvents).where(eq(authEvents.userId, user!.id))).map(
      (e) => e.type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['mfa_setup_started', 'mfa_enabled', 'mfa_failed', 'mfa_disabled']),
    );
  });

  it('disables with a backup code too', async () => {
    const { token, backupCodes } = await withMfa('offbackup@example.com');
    expect((await post('/auth/mfa/disable', { code: backupCodes[3]! }, token)).statusCode).toBe(204);
  });

  it('regenerates backup codes: the old ones stop working', async () => {
    const { secret, token, backupCodes } = await withMfa('regen@example.com');
    const res = await post('/auth/mfa/backup-codes', { code: await codeAt(secret) }, token);
    expect(res.statusCode).toBe(200);
    const fresh: string[] = res.json().backup_codes;
    expect(fresh).toHaveLength(10);
    const login = (totp_code: string) =>
      post('/auth/login', { email: 'regen@example.com', password: PASSWORD, totp_code });
    expect((await login(backupCodes[0]!)).statusCode).toBe(401);
    expect((await login(fresh[0]!)).statusCode).toBe(200);
  });

  it('throttles codes typed on the MFA forms: 10 per window, the enabling code included', async () => {
    const { token } = await withMfa('throttle@example.com'); // 1 attempt: the enabling code
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await post('/auth/mfa/disable', { code: '000000' }, token)).statusCode);
    expect(statuses).toEqual([...Array(9).fill(422), 429]);
    const refused = await post('/auth/mfa/disable', { code: '000000' }, token);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rejects a malformed code at the schema (422) before any check', async () => {
    const token = await signUp('malformed@example.com');
    const res = await post('/auth/mfa/totp/enable', { code: '12ab56' }, token);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('/body/code');
  });
});
