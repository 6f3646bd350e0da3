import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../identity.tables.js';
import { createHarness, type Harness, ISSUER, KID } from './cognito.test-support.js';

// verifyAccessToken: tokens signed by a locally generated key served as the pool's JWKS.
// (App client without a secret here; cognito.provider.int.test.ts covers SECRET_HASH.)
const ctx = { ip: null, userAgent: null };
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.cognito.reset();
});

async function refused(token: string) {
  expect(await h.provider.verifyAccessToken(token)).toBeNull();
}

describe('Cognito access tokens', () => {
  it('accepts a valid token: user id and plan from the linked local row, role from the groups', async () => {
    const user = await h.seedUser('sub-valid', 'valid@example.com', { plan: 'pro', role: 'pro' });
    const token = await h.pool.accessToken({ sub: 'sub-valid', groups: ['pro'] });
    expect(await h.provider.verifyAccessToken(token)).toEqual({
      userId: user.id,
      role: 'pro',
      plan: 'pro',
      expiresAt: expect.any(Number),
    });
    expect(h.pool.fetched).toEqual([`${ISSUER}/.well-known/jwks.json`]);
  });

  it('refuses expired tokens, tokens of another app client, id tokens and other issuers', async () => {
    await h.seedUser('sub-refused', 'refused@example.com');
    await refused(await h.pool.accessToken({ sub: 'sub-refused', expiresIn: -60 }));
    await refused(await h.pool.accessToken({ sub: 'sub-refused', clientId: 'another-client' }));
    await refused(await h.pool.accessToken({ sub: 'sub-refused', tokenUse: 'id' }));
    await refused(
      await h.pool.accessToken({
        sub: 'sub-refused',
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OtherPool',
      }),
    );
    // The same claims verify: the refusals above are about the one claim changed.
    await expect(
      h.provider.verifyAccessToken(await h.pool.accessToken({ sub: 'sub-refused' })),
    ).resolves.toBeTruthy();
  });

  it('refuses a token from an unknown kid and one signed by a key outside the JWKS', async () => {
    await h.seedUser('sub-kid', 'kid@example.com');
    await refused(await h.pool.foreignToken({ sub: 'sub-kid', kid: 'rogue-kid' }));
    await refused(await h.pool.foreignToken({ sub: 'sub-kid', kid: KID }));
  });

  it('refuses HS256 and alg none tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'sub-kid',
      token_use: 'access',
      client_id: 'client123',
      username: 'sub-kid',
      iss: ISSUER,
      iat: now,
      exp: now + 600,
    };
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: KID })
      .sign(new TextEncoder().encode('a shared secret that is long enough'));
    await refused(hs);
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await refused(`${b64({ alg: 'none', kid: KID })}.${b64(claims)}.`);
    await refused('not a jwt');
  });

  it('maps cognito:groups to roles (highest wins) and keeps the local role in sync, audited once', async () => {
    const user = await h.seedUser('sub-groups', 'groups@example.com');
    const asGroups = async (groups: string[]) =>
      h.provider.verifyAccessToken(await h.pool.accessToken({ sub: 'sub-groups', groups }));
    expect((await asGroups([]))?.role).toBe('user');
    expect((await asGroups(['pro', 'enterprise']))?.role).toBe('enterprise');
    const [row] = await h.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.role).toBe('enterprise');
    expect((await asGroups(['enterprise', 'pod_admin', 'pro']))?.role).toBe('pod_admin');
    expect((await asGroups(['pod_admin']))?.role).toBe('pod_admin');
    const changes = (await h.events('role_changed')).filter((e) => e.userId === user.id);
    expect(changes.map((e) => e.detail)).toEqual([
      { from: 'user', to: 'enterprise', source: 'cognito:groups' },
      { from: 'enterprise', to: 'pod_admin', source: 'cognito:groups' },
    ]);
  });

  it('links a pool user it has not seen yet (created in the console) on first use', async () => {
    h.cognito.on(GetUserCommand).resolves({
      Username: 'sub-console',
      UserAttributes: [
        { Name: 'email', Value: 'Console@Example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Con Sole' },
      ],
    });
    const token = await h.pool.accessToken({ sub: 'sub-console', groups: ['pro'] });
    const principal = await h.provider.verifyAccessToken(token);
    expect(h.cognito.commandCalls(GetUserCommand)[0]!.args[0].input).toEqual({ AccessToken: token });
    const local = await h.links.userBySubject('sub-console');
    expect(local).toMatchObject({
      email: 'console@example.com',
      name: 'Con Sole',
      role: 'pro',
      status: 'active',
    });
    expect(principal).toEqual({
      userId: local!.id,
      role: 'pro',
      plan: 'free',
      expiresAt: expect.any(Number),
    });
    // Cached: a second check neither asks Cognito nor creates anything.
    await h.provider.verifyAccessToken(token);
    expect(h.cognito.commandCalls(GetUserCommand)).toHaveLength(1);
  });

  it('does not link by an unverified e-mail address', async () => {
    await h.seedUser('sub-owner', 'owner@example.com');
    h.cognito.on(GetUserCommand).resolves({
      UserAttributes: [
        { Name: 'email', Value: 'owner@example.com' },
        { Name: 'email_verified', Value: 'false' },
      ],
    });
    const token = await h.pool.accessToken({ sub: 'sub-squatter' });
    expect(await h.provider.verifyAccessToken(token)).toBeNull();
    expect(await h.links.userBySubject('sub-squatter')).toBeUndefined();
  });

  it('refuses the token of a disabled local account', async () => {
    await h.seedUser('sub-disabled', 'disabled@example.com', { status: 'disabled' });
    await refused(await h.pool.accessToken({ sub: 'sub-disabled' }));
  });
});

describe('app client without a secret', () => {
  it('sends no SECRET_HASH and refreshes a bare Cognito refresh token', async () => {
    const user = await h.seedUser('sub-public', 'public@example.com');
    const access = await h.pool.accessToken({ sub: 'sub-public', username: 'name-public' });
    h.cognito.on(InitiateAuthCommand).resolves({
      AuthenticationResult: { AccessToken: access, RefreshToken: 'cognito-refresh', ExpiresIn: 60 },
    });
    const pair = await h.provider.login({ email: 'public@example.com', password: 'pw' }, ctx);
    expect(pair.user.id).toBe(user.id);
    const refreshed = await h.provider.refresh('bare-cognito-refresh', ctx);
    expect(refreshed).toMatchObject({ ok: true, value: { user: { id: user.id } } });
    expect(h.cognito.commandCalls(InitiateAuthCommand).map((c) => c.args[0].input.AuthParameters)).toEqual([
      { USERNAME: 'public@example.com', PASSWORD: 'pw' },
      { REFRESH_TOKEN: 'bare-cognito-refresh' },
    ]);
  });
});
