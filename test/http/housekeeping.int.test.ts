import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_PRUNE_JOB } from '../../src/app/housekeeping.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('housekeeping', () => {
  it('schedules the outbox prune hourly', async () => {
    const { rows } = await t.database.executeSql<{ name: string; cron: string }>(
      'select name, cron from pgboss.schedule where name = $1',
      [OUTBOX_PRUNE_JOB],
    );
    expect(rows).toEqual([{ name: OUTBOX_PRUNE_JOB, cron: '17 * * * *' }]);
  });

  it('the prune job deletes events delivered over a week ago and keeps the rest', async () => {
    await t.database.executeSql(
      `insert into outbox_events (id, topic, key, payload, dispatched_at) values
        ('evt_old', 't', 'k', '{}', now() - interval '8 days'),
        ('evt_recent', 't', 'k', '{}', now() - interval '1 day'),
        ('evt_pending', 't', 'k2', '{}', null)`,
    );
    await t.platform.jobs.send(OUTBOX_PRUNE_JOB, {});
    await expect
      .poll(
        async () => {
          const { rows } = await t.database.executeSql<{ id: string }>(
            `select id from outbox_events where id in ('evt_old', 'evt_recent', 'evt_pending') order by id`,
          );
          return rows.map((r) => r.id);
        },
        { timeout: 15_000, interval: 200 },
      )
      .toEqual(['evt_pending', 'evt_recent']);
  });
});
