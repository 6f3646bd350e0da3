import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { toPgBossSendOptions } from './pgboss.queue.js';
import { toImplicitTransaction } from './pgboss-db.js';

describe('toImplicitTransaction', () => {
  it("strips the BEGIN/COMMIT around pg-boss's locked install script and keeps every command", () => {
    const script = PgBoss.getConstructionPlans('pgboss');
    expect(script).toMatch(/^\s*BEGIN;/);

    const body = toImplicitTransaction(script);

    expect(body).not.toMatch(/^\s*BEGIN/i);
    expect(body).not.toMatch(/COMMIT;?\s*$/i);
    expect(body.startsWith("SET LOCAL lock_timeout = '30s'")).toBe(true);
    expect(body).toContain('pg_advisory_xact_lock');
    expect(body).toContain('CREATE TABLE pgboss.job');
    expect(body).toContain('CREATE FUNCTION pgboss.create_queue');
    expect(body.trimEnd().endsWith("INSERT INTO pgboss.version(version) VALUES ('24');")).toBe(true);
  });

  it('leaves statements without an outer transaction as they are', () => {
    const plpgsql = 'DO $$ BEGIN PERFORM 1; END $$;';
    expect(toImplicitTransaction(plpgsql)).toBe(plpgsql);
    expect(toImplicitTransaction('SELECT 1')).toBe('SELECT 1');
    expect(toImplicitTransaction('BEGIN; SELECT 1; ROLLBACK;')).toBe('BEGIN; SELECT 1; ROLLBACK;');
  });
});

describe('toPgBossSendOptions', () => {
  it('maps every port option to its pg-boss name', () => {
    expect(
      toPgBossSendOptions({
        startAfterSeconds: 5,
        singletonKey: 'pod_1',
        retryLimit: 3,
        retryDelaySeconds: 2,
        retryBackoff: true,
        expireInSeconds: 60,
      }),
    ).toEqual({
      startAfter: 5,
      singletonKey: 'pod_1',
      retryLimit: 3,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 60,
    });
  });

  it('gives a keyless job a key of its own and leaves unset options out entirely', () => {
    const mapped = toPgBossSendOptions({}, () => 'u1');
    expect(mapped).toEqual({ singletonKey: 'job:u1' });
    expect(Object.keys(toPgBossSendOptions({ startAfterSeconds: 0 }, () => 'u2'))).toEqual(['singletonKey']);
  });
});
