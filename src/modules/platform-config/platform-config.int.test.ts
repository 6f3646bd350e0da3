import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createLogger } from '../../platform/observability/logger.js';

// Platform configuration through the HTTP API, as a pod_admin runs it.
const ADMIN = { email: 'ops@example.com', password: 'the ops passphrase' };
const POD = 'cfg-test';
const SECRET = 'sk_live_CLEARVALUEcanary1234';
let logText = '';
let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      GPUBROKER_ADMIN_EMAIL: ADMIN.email,
      GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
      GPUBROKER_POD_ID: POD,
      // LIVE needs a delivering transport; nothing listens there, so LIVE mail is recorded as failed.
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://127.0.0.1:1',
    },
    logger: createLogger(
      { level: 'trace' },
      new Writable({
        write(chunk, _e, cb) {
          logText += String(chunk);
          cb();
        },
      }),
    ),
  });
  const res = await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN });
  token = res.json().access_token;
});
afterAll(async () => {
  await t?.close();
});

function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url: `/api/v2/config/pods${url}`,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(payload === undefined
      ? {}
      : typeof payload === 'string'
        ? { payload }
        : { payload: payload as object }),
  });
}
const param = async (key: string) => (await call('GET', `/${POD}/parameters/${key}`)).json();

describe('PODs', () => {
  it('creates the POD of GPUBROKER_POD_ID in SANDBOX at first start, marked current', async () => {
    const res = await call('GET', '');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ pod_id: POD, mode: 'SANDBOX', is_current: true }),
    ]);
  });

  it('creates, updates and deletes another POD; refuses duplicates and deleting the current one', async () => {
    const created = await call('POST', '', { pod_id: 'eu-west', name: 'Europe', aws_region: 'eu-west-1' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ pod_id: 'eu-west', mode: 'SANDBOX', is_current: false });
    expect((await call('POST', '', { pod_id: 'eu-west', name: 'Again' })).statusCode).toBe(409);
    const updated = await call('PUT', '/eu-west', { name: 'Europe West', feature_flags: { beta_ui: true } });
    expect(updated.json()).toMatchObject({ name: 'Europe West', feature_flags: { beta_ui: true } });
    expect((await call('DELETE', `/${POD}`)).statusCode).toBe(409);
    expect((await call('DELETE', '/eu-west')).statusCode).toBe(204);
    expect((await call('GET', '/eu-west')).statusCode).toBe(404);
    expect((await call('POST', '', { pod_id: 'Bad Id', name: 'x' })).statusCode).toBe(422);
  });
});

describe('parameters', () => {
  it('lists every well-known key with its default, typed, and the effective value for the mode', async () => {
    const res = await call('GET', `/${POD}/parameters`);
    const items = res.json().items as Array<Record<string, unknown>>;
    const markup = items.find((p) => p.key === 'markup_percent.pro');
    expect(markup).toMatchObject({
      parameter_type: 'float',
      source: 'default',
      sandbox_value: 10,
      effective_value: 10,
      effective_mode: 'SANDBOX',
      well_known: true,
    });
    expect(items.find((p) => p.key === 'stripe.secret_key')).toMatchObject({
      live_required: true,
      sandbox_value: null,
    });
    expect(items.map((p) => p.key)).toEqual([...items.map((p) => p.key as string)].sort());
  });

  it('sets a value, which the running platform reads at once (typed accessor)', async () => {
    const res = await call('PUT', `/${POD}/parameters/markup_percent.pro`, {
      sandbox_value: 12.5,
      live_value: 11,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      sandbox_value: 12.5,
      live_value: 11,
      effective_value: 12.5,
      source: 'set',
      updated_by: ADMIN.email,
    });
    expect(t.modules.platformConfig.settings.number('markup_percent.pro')).toBe(12.5);
  });

  it('refuses a typo (unknown key without a type), a wrong type and a value out of range, with paths', async () => {
    const typo = await call('POST', `/${POD}/parameters`, { key: 'markup_percnt.pro', sandbox_value: 5 });
    expect(typo.statusCode).toBe(422);
    expect(typo.json().errors).toEqual([
      { path: '/body/parameter_type', message: expect.stringMatching(/not well known/) },
    ]);
    const wrongType = await call('PUT', `/${POD}/parameters/markup_percent.free`, { sandbox_value: 'ten' });
    expect(wrongType.json().errors).toEqual([{ path: '/body/sandbox_value', message: 'must be a number' }]);
    const range = await call('PUT', `/${POD}/parameters/markup_percent.free`, { live_value: 150 });
    expect(range.json().errors).toEqual([{ path: '/body/live_value', message: 'must be at most 100' }]);
    expect((await call('GET', `/${POD}/parameters/nope.nothing`)).statusCode).toBe(404);
  });

  it('creates a free-form key with an explicit type and rule, and deletes it', async () => {
    const res = await call('POST', `/${POD}/parameters`, {
      key: 'feature.max_widgets',
      parameter_type: 'int',
      sandbox_value: 3,
      validation: { min: 1, max: 5 },
      description: 'Widgets on the dashboard',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ well_known: false, validation: '≥ 1, ≤ 5', sandbox_value: 3 });
    expect(
      (await call('POST', `/${POD}/parameters`, { key: 'feature.max_widgets', parameter_type: 'int' }))
        .statusCode,
    ).toBe(409);
    const bad = await call('PUT', `/${POD}/parameters/feature.max_widgets`, { sandbox_value: 9 });
    expect(bad.json().errors).toEqual([{ path: '/body/sandbox_value', message: 'must be at most 5' }]);
    expect((await call('DELETE', `/${POD}/parameters/feature.max_widgets`)).statusCode).toBe(204);
    expect((await call('GET', `/${POD}/parameters/feature.max_widgets`)).statusCode).toBe(404);
  });

  it('validates a change set without saving anything', async () => {
    const res = await call('POST', `/${POD}/parameters/validate`, {
      changes: [
        { key: 'markup_percent.free', sandbox_value: -1 },
        { key: 'catalog.featured_gpus', sandbox_value: ['H100-80GB-SXM', 'bad name'] },
        { key: 'budget.alert_threshold_percent', live_value: 90 },
      ],
    });
    expect(res.json()).toEqual({
      valid: false,
      errors: [
        { path: '/changes/0/sandbox_value', message: 'must be at least 0' },
        { path: '/changes/1/sandbox_value', message: 'must be a list of canonical GPU model names' },
      ],
    });
    expect((await param('markup_percent.free')).source).toBe('default');
  });
});

describe('what the parameters drive', () => {
  it('registration.enabled = false closes sign-ups at once (403), true reopens them', async () => {
    const signUp = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v2/auth/register',
        payload: { email, password: 'closed for now please', name: 'Late' },
      });
    expect(
      (await call('PUT', `/${POD}/parameters/registration.enabled`, { sandbox_value: false })).statusCode,
    ).toBe(200);
    const closed = await signUp('late@example.com');
    expect(closed.statusCode).toBe(403);
    expect(closed.json().detail).toMatch(/closed/);
    await call('PUT', `/${POD}/parameters/registration.enabled`, { sandbox_value: true });
    expect((await signUp('late@example.com')).statusCode).toBe(201);
  });
});

describe('secrets', () => {
  it('are sealed at rest and masked in every response, the audit log, exports and logs', async () => {
    const set = await call('PUT', `/${POD}/parameters/stripe.secret_key`, {
      sandbox_value: 'sk_test_abcdef123456',
      live_value: SECRET,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ sandbox_value: '••••3456', live_value: '••••1234' });
    // A masked value sent back keeps the secret.
    const kept = await call('PUT', `/${POD}/parameters/stripe.secret_key`, {
      live_value: '••••1234',
      description: 'rotated monthly',
    });
    expect(kept.statusCode).toBe(200);

    const stored = await t.database.executeSql<{ live_value: string }>(
      `select live_value from pod_parameters where key = 'stripe.secret_key'`,
    );
    expect(stored.rows[0]!.live_value).not.toContain('CLEARVALUE');
    const everything = [
      (await call('GET', `/${POD}/parameters`)).body,
      (await call('GET', `/${POD}/audit?limit=200`)).body,
      (await call('GET', `/${POD}/export?format=json`)).body,
      (await call('GET', `/${POD}/export?format=yaml`)).body,
      JSON.stringify((await t.database.executeSql('select * from parameter_audit_log')).rows),
      logText,
    ];
    for (const text of everything) expect(text).not.toContain('CLEARVALUE');
    // …while the running platform reads the clear value of the mode in effect.
    expect(t.modules.platformConfig.settings.get('stripe.secret_key')).toBe('sk_test_abcdef123456');
  });
});

describe('switching modes', () => {
  it('needs confirm = pod_id and every LIVE-required parameter; is audited and idempotent', async () => {
    await call('DELETE', `/${POD}/parameters/stripe.webhook_secret`);
    const noConfirm = await call('POST', `/${POD}/switch-mode`, { mode: 'LIVE' });
    expect(noConfirm.statusCode).toBe(422);
    expect(noConfirm.json().errors).toEqual(
      expect.arrayContaining([
        { path: '/body/confirm', message: expect.stringContaining(POD) },
        { path: '/parameters/stripe.webhook_secret/live_value', message: 'is required in LIVE' },
      ]),
    );
    await call('PUT', `/${POD}/parameters/stripe.webhook_secret`, { live_value: 'whsec_live123456' });
    const live = await call('POST', `/${POD}/switch-mode`, { mode: 'LIVE', confirm: POD });
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json().mode).toBe('LIVE');
    expect(t.modules.platformConfig.settings.mode()).toBe('LIVE');
    expect(t.modules.platformConfig.settings.number('markup_percent.pro')).toBe(11);
    const again = await call('POST', `/${POD}/switch-mode`, { mode: 'LIVE', confirm: POD });
    expect(again.statusCode).toBe(200);
    const switches = (await call('GET', `/${POD}/audit?action=mode_switched`)).json().items;
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({
      actor: ADMIN.email,
      old_value: { mode: 'SANDBOX' },
      new_value: { mode: 'LIVE' },
    });
  });

  it('in LIVE, a change to a live value needs confirm; a sandbox-only change does not', async () => {
    const unconfirmed = await call('PUT', `/${POD}/parameters/markup_percent.pro`, { live_value: 9 });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json().errors).toEqual([
      { path: '/body/confirm', message: expect.stringContaining(POD) },
    ]);
    expect((await param('markup_percent.pro')).live_value).toBe(11);
    expect(
      (await call('PUT', `/${POD}/parameters/markup_percent.pro`, { sandbox_value: 13 })).statusCode,
    ).toBe(200);
    expect(
      (await call('PUT', `/${POD}/parameters/markup_percent.pro`, { live_value: 9, confirm: POD }))
        .statusCode,
    ).toBe(200);
    expect(t.modules.platformConfig.settings.number('markup_percent.pro')).toBe(9);
    expect((await call('DELETE', `/${POD}/parameters/markup_percent.pro`)).statusCode).toBe(422);
    const back = await call('POST', `/${POD}/switch-mode`, { mode: 'SANDBOX' });
    expect(back.json().mode).toBe('SANDBOX');
  });
});

describe('audit', () => {
  it('records who changed what, old and new, newest first, with filters and pages', async () => {
    const page1 = (await call('GET', `/${POD}/audit?key=markup_percent.pro&limit=2`)).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]).toMatchObject({
      action: 'parameter_updated',
      actor: ADMIN.email,
      key: 'markup_percent.pro',
    });
    expect(page1.items[0].new_value).toMatchObject({ live_value: 9 });
    expect(page1.items[0].old_value).toMatchObject({ live_value: 11 });
    const page2 = (
      await call('GET', `/${POD}/audit?key=markup_percent.pro&limit=2&cursor=${page1.next_cursor}`)
    ).json();
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
  });
});

describe('import and export', () => {
  it('round-trips an export (masked secrets keep their values): nothing changes', async () => {
    const doc = (await call('GET', `/${POD}/export?format=yaml`)).body;
    const res = await call('POST', `/${POD}/import`, doc, { 'content-type': 'application/yaml' });
    expect(res.statusCode).toBe(200);
    const outcome = res.json();
    expect(outcome.applied).toBe(true);
    expect(outcome.changes.every((c: { action: string }) => c.action === 'unchanged')).toBe(true);
    expect(parseYaml(doc).parameters.length).toBe(outcome.changes.length);
    expect(t.modules.platformConfig.settings.get('stripe.secret_key')).toBe('sk_test_abcdef123456');
  });

  it('previews with dry_run, then applies all at once and audits each key as imported', async () => {
    const doc = {
      version: 1,
      parameters: [
        { key: 'budget.daily_limit_usd', parameter_type: 'float', sandbox_value: 250, live_value: 500 },
        { key: 'feature.banner', parameter_type: 'string', sandbox_value: 'Maintenance Sunday' },
      ],
    };
    const preview = (await call('POST', `/${POD}/import?dry_run=true`, doc)).json();
    expect(preview).toEqual({
      valid: true,
      applied: false,
      errors: [],
      changes: [
        { key: 'budget.daily_limit_usd', action: 'create', fields: ['sandbox_value', 'live_value'] },
        { key: 'feature.banner', action: 'create', fields: ['sandbox_value'] },
      ],
    });
    expect((await param('budget.daily_limit_usd')).source).toBe('default');
    const applied = (await call('POST', `/${POD}/import`, doc)).json();
    expect(applied.applied).toBe(true);
    expect(t.modules.platformConfig.settings.number('budget.daily_limit_usd')).toBe(250);
    const imported = (await call('GET', `/${POD}/audit?action=imported`)).json().items;
    expect(imported.map((i: { key: string }) => i.key).sort()).toEqual([
      'budget.daily_limit_usd',
      'feature.banner',
    ]);
  });

  it('reports all 3 errors of a bad document with their paths and changes nothing', async () => {
    const before = (await call('GET', `/${POD}/export`)).body;
    const doc = {
      version: 1,
      parameters: [
        { key: 'catalog.sync_interval_seconds', parameter_type: 'int', sandbox_value: 5 },
        { key: 'markup_percent.free', parameter_type: 'float', sandbox_value: 7 },
        { key: 'registration.enabled', parameter_type: 'string', sandbox_value: 'yes' },
        { key: 'mail.from', parameter_type: 'string', live_value: 'not an address' },
      ],
    };
    const res = await call('POST', `/${POD}/import`, doc);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: '/parameters/0/sandbox_value', message: 'must be at least 30' },
      { path: '/parameters/2/parameter_type', message: 'must be bool for this well-known key' },
      { path: '/parameters/3/live_value', message: 'must be an e-mail address' },
    ]);
    expect((await call('GET', `/${POD}/export`)).body).toBe(before);
  });

  it('reports YAML syntax errors and shape errors with paths', async () => {
    const yaml = await call('POST', `/${POD}/import`, 'version: 1\nparameters: [ {', {
      'content-type': 'application/yaml',
    });
    expect(yaml.statusCode).toBe(422);
    expect(yaml.json().errors[0].path).toBe('/body');
    const shape = await call('POST', `/${POD}/import`, { version: 2, parameters: [{ key: 'x.y' }] });
    expect(shape.statusCode).toBe(422);
    expect(shape.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/version', '/parameters/0']),
    );
  });
});

describe('a POD whose mail is only captured', () => {
  it('cannot go LIVE: the environment problem is listed with the parameters', async () => {
    const other = await createTestApp({
      env: {
        GPUBROKER_ADMIN_EMAIL: ADMIN.email,
        GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
        GPUBROKER_POD_ID: 'captured',
      },
    });
    try {
      const login = await other.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN });
      const res = await other.app.inject({
        method: 'POST',
        url: '/api/v2/config/pods/captured/switch-mode',
        headers: { authorization: `Bearer ${login.json().access_token}` },
        payload: { mode: 'LIVE', confirm: 'captured' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual(
        expect.arrayContaining([
          { path: '/environment/MAIL_TRANSPORT', message: expect.stringMatching(/smtp or ses/) },
        ]),
      );
    } finally {
      await other.close();
    }
  });
});
