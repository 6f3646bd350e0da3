import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { outboxEvents } from '../events/outbox.tables.js';
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetPage } from './keyset.js';

describe('keyset cursors', () => {
  const at = '2026-11-28T06:00:00.123456Z';

  it('round-trip a position, microseconds included', () => {
    const cursor = encodeKeysetCursor({ at, id: 'evt_01' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeysetCursor(cursor)).toEqual({ at, id: 'evt_01' });
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['no separator', Buffer.from(`${at}evt_01`).toString('base64url')],
    ['millisecond timestamp', Buffer.from('2026-11-28T06:00:00.123Z|evt_01').toString('base64url')],
    ['empty id', Buffer.from(`${at}|`).toString('base64url')],
    ['over-long id', Buffer.from(`${at}|${'x'.repeat(101)}`).toString('base64url')],
  ])('refuse a foreign cursor (%s)', (_why, cursor) => {
    expect(decodeKeysetCursor(cursor)).toBeNull();
    expect(() => keysetAfter(outboxEvents.createdAt, outboxEvents.id, cursor)).toThrow(AppError);
  });

  it('pages limit + 1 rows into items and the cursor of the last item', () => {
    const rows = [
      { id: 'c', cursorTs: '2026-11-28T06:00:03.000000Z', n: 3 },
      { id: 'b', cursorTs: '2026-11-28T06:00:02.000000Z', n: 2 },
      { id: 'a', cursorTs: '2026-11-28T06:00:01.000000Z', n: 1 },
    ];
    const page = keysetPage(rows, 2);
    expect(page.items).toEqual([
      { id: 'c', n: 3 },
      { id: 'b', n: 2 },
    ]);
    expect(decodeKeysetCursor(page.nextCursor!)).toEqual({ at: '2026-11-28T06:00:02.000000Z', id: 'b' });
    expect(keysetPage(rows, 3).nextCursor).toBeNull();
  });
});
