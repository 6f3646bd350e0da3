import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import { createManualClock } from '../clock/clock.js';
import { AppError } from '../errors/app-error.js';
import { createIdGenerator } from '../ids/ids.js';
import {
  createMailboxRepo,
  decodeMailboxCursor,
  type MailboxRepo,
  type MailMessage,
} from './mailbox.repo.js';

let database: TestDatabase;
let repo: MailboxRepo;
beforeAll(async () => {
  database = await createTestDatabase();
  repo = createMailboxRepo(database.db);
});
afterAll(async () => {
  await database?.destroy();
});

const clock = createManualClock(Date.UTC(2026, 0, 1, 12));
const ids = createIdGenerator(clock.nowMs);

async function record(to: string, subject: string): Promise<string> {
  const id = ids.newId('mail');
  await repo.insert({
    id,
    to,
    from: 'GPUBROKER <no-reply@gpubroker.test>',
    subject,
    text: subject,
    html: `<p>${subject}</p>`,
    template: 'generic-notice',
    transport: 'mailbox',
    status: 'captured',
    createdAt: clock.now(),
  });
  return id;
}

async function listAll(to: string | undefined, limit: number): Promise<{ pages: MailMessage[][] }> {
  const pages: MailMessage[][] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.list({ to, limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { pages };
}

describe(`mailbox repo (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('lists only the messages to the given address, newest first', async () => {
    const first = await record('filter-a@example.com', 'one');
    clock.advanceMs(1000);
    await record('filter-b@example.com', 'other');
    clock.advanceMs(1000);
    const second = await record('filter-a@example.com', 'two');

    const page = await repo.list({ to: 'filter-a@example.com', limit: 10 });
    expect(page.items.map((m) => m.id)).toEqual([second, first]);
    expect(page.items.map((m) => m.subject)).toEqual(['two', 'one']);
    expect(page.items[0]!.createdAt).toEqual(clock.now());
    expect(page.nextCursor).toBeNull();
  });

  it('pages newest first across 3 pages with no duplicates or gaps while new mail arrives', async () => {
    const to = 'pager@example.com';
    const originals: string[] = [];
    for (let i = 0; i < 8; i++) {
      // Pairs share a millisecond, so the id must break ties.
      if (i % 2 === 0) clock.advanceMs(1000);
      originals.push(await record(to, `mail ${i}`));
      await record('noise@example.com', `noise ${i}`);
    }
    const expected = [...originals].reverse();

    const page1 = await repo.list({ to, limit: 3 });
    clock.advanceMs(1000);
    const late1 = await record(to, 'arrived after page 1');
    const page2 = await repo.list({ to, limit: 3, cursor: page1.nextCursor! });
    clock.advanceMs(1000);
    const late2 = await record(to, 'arrived after page 2');
    const page3 = await repo.list({ to, limit: 3, cursor: page2.nextCursor! });

    expect(page1.items.map((m) => m.id)).toEqual(expected.slice(0, 3));
    expect(page2.items.map((m) => m.id)).toEqual(expected.slice(3, 6));
    expect(page3.items.map((m) => m.id)).toEqual(expected.slice(6, 8));
    expect(page3.nextCursor).toBeNull();

    // A fresh first page shows the newcomers on top.
    const fresh = await repo.list({ to, limit: 3 });
    expect(fresh.items.map((m) => m.id)).toEqual([late2, late1, expected[0]]);
  });

  it('ends with a null cursor exactly when the last page is full', async () => {
    const to = 'exact@example.com';
    for (let i = 0; i < 4; i++) {
      clock.advanceMs(10);
      await record(to, `m${i}`);
    }
    const page1 = await repo.list({ to, limit: 2 });
    const page2 = await repo.list({ to, limit: 2, cursor: page1.nextCursor! });
    expect(page1.nextCursor).not.toBeNull();
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
  });

  it('keeps sub-millisecond order of rows stamped by the database', async () => {
    const to = 'micros@example.com';
    const stamps = [
      '2026-02-01T00:00:00.123456Z',
      '2026-02-01T00:00:00.123100Z',
      '2026-02-01T00:00:00.123999Z',
    ];
    for (const [i, at] of stamps.entries()) {
      await database.executeSql(
        `insert into mail_messages (id, "to", "from", subject, text, html, template, transport, status, created_at)
         values ($1, $2, 'f@example.com', 's', 't', 'h', 'generic-notice', 'mailbox', 'captured', $3::timestamptz)`,
        [`mail_micro_${i}`, to, at],
      );
    }
    const { pages } = await listAll(to, 1);
    expect(pages.flat().map((m) => m.id)).toEqual(['mail_micro_2', 'mail_micro_0', 'mail_micro_1']);
    expect(decodeMailboxCursor((await repo.list({ to, limit: 1 })).nextCursor!)).toEqual({
      createdAt: '2026-02-01T00:00:00.123999Z',
      id: 'mail_micro_2',
    });
  });

  it('pages through every message without a filter in the same order as one big query', async () => {
    const all = await repo.list({ to: undefined, limit: 500 });
    const { pages } = await listAll(undefined, 4);
    expect(pages.flat().map((m) => m.id)).toEqual(all.items.map((m) => m.id));
    expect(new Set(all.items.map((m) => m.to)).size).toBeGreaterThan(3);
  });

  it('refuses a cursor it did not issue, and a bad limit', async () => {
    for (const cursor of ['garbage!', Buffer.from('2026-01-01|x').toString('base64url'), 'bm9waXBl']) {
      await expect(repo.list({ limit: 5, cursor })).rejects.toMatchObject({ code: 'bad_request' });
    }
    await expect(repo.list({ limit: 5, cursor: 'garbage!' })).rejects.toBeInstanceOf(AppError);
    await expect(repo.list({ limit: 0 })).rejects.toThrow(RangeError);
    await expect(repo.list({ limit: 501 })).rejects.toThrow(RangeError);
  });
});
