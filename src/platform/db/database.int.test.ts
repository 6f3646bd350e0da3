import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import { outboxEvents } from '../events/outbox.tables.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

describe(`database adapter (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('reports its kind and answers ping', async () => {
    expect(database.kind).toBe(onRealPostgres() ? 'postgres' : 'pglite');
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('has every migration applied', async () => {
    const { rows } = await database.executeSql<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['mail_messages', 'outbox_events']));
  });

  it('commits a transaction that resolves', async () => {
    await database.transaction(async (tx) => {
      await tx.insert(outboxEvents).values({ id: 'evt_commit', topic: 't', key: 'k', payload: { a: 1 } });
    });
    const rows = await database.db.select().from(outboxEvents).where(sql`${outboxEvents.id} = 'evt_commit'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ a: 1 });
  });

  it('rolls back a transaction that throws, leaving nothing written', async () => {
    await expect(
      database.transaction(async (tx) => {
        await tx.insert(outboxEvents).values({ id: 'evt_rollback', topic: 't', key: 'k', payload: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await database.db
      .select()
      .from(outboxEvents)
      .where(sql`${outboxEvents.id} = 'evt_rollback'`);
    expect(rows).toHaveLength(0);
  });

  it('runs raw multi-statement scripts and parameterised queries', async () => {
    await database.executeSql('create table raw_t (n int); insert into raw_t values (1), (2);');
    const { rows } = await database.executeSql<{ total: number }>(
      'select sum(n)::int as total from raw_t where n >= $1',
      [1],
    );
    expect(rows[0]!.total).toBe(3);
  });

  it('re-running migrations is a no-op', async () => {
    await database.migrate();
    const { rows } = await database.executeSql<{ n: number }>('select count(*)::int as n from outbox_events');
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
  });
});
