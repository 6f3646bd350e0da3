import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createManualClock } from '../../platform/clock/clock.js';
import { KEY_ROTATION_MS, rotateSigningKeys } from './key-rotation.service.js';
import { createSigningKeysRepo } from './signing-keys.repo.js';

const clock = createManualClock(Date.UTC(2026, 0, 1));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

const rotate = () =>
  rotateSigningKeys({
    keys: createSigningKeysRepo(t.database.db),
    accessTokens: t.modules.identity.accessTokens,
    clock,
  });
const issue = () => t.modules.identity.accessTokens.issue({ userId: 'usr_1', role: 'user', plan: 'free' });
const jwksKids = async () => (await t.modules.identity.accessTokens.jwks()).keys.map((k) => k.kid);

describe('signing-key rotation job', () => {
  it('does nothing before the first key exists or while the key is young', async () => {
    expect(await rotate()).toEqual({ rotated: null, retired: [] });
    await issue(); // creates the first key
    clock.advanceMs(KEY_ROTATION_MS - 60_000);
    expect(await rotate()).toEqual({ rotated: null, retired: [] });
  });

  it('rotates an old key, keeps the old one verifying while its tokens live, then retires it', async () => {
    const before = await issue();
    const oldKid = decodeProtectedHeader(before.token).kid;
    clock.advanceMs(60_000); // the key is now KEY_ROTATION_MS old

    const first = await rotate();
    expect(first.rotated).toBeTruthy();
    expect(first.retired).toEqual([]);
    const after = await issue();
    expect(decodeProtectedHeader(after.token).kid).toBe(first.rotated);
    expect(await jwksKids()).toEqual([first.rotated, oldKid]);
    expect(await t.modules.identity.accessTokens.verify(before.token)).toMatchObject({ userId: 'usr_1' });

    clock.advanceMs(10 * 60_000); // within token lifetime + skew: still published
    expect(await rotate()).toEqual({ rotated: null, retired: [] });

    clock.advanceMs(11 * 60_000); // 21 min after the rotation: every token of the old key expired
    expect(await rotate()).toEqual({ rotated: null, retired: [oldKid] });
    expect(await jwksKids()).toEqual([first.rotated]);
    expect(await t.modules.identity.accessTokens.verify((await issue()).token)).not.toBeNull();
    expect(await rotate()).toEqual({ rotated: null, retired: [] });
  });
});
