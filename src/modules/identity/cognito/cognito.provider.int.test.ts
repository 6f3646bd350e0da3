import { createHmac } from 'node:crypto';
import {
  CodeMismatchException,
  ConfirmSignUpCommand,
  ExpiredCodeException,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  TooManyRequestsException,
  UnsupportedTokenTypeException,
  UserNotConfirmedException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userIdentities } from '../identity.tables.js';
import { CLIENT_ID, createHarness, type Harness } from './cognito.test-support.js';
import { encodeVerificationToken, wrapRefreshToken } from './cognito.tokens.js';

// The adapter at the SDK boundary (aws-sdk-client-mock), app client with a secret.
const SECRET = 'test-client-secret';
const ctx = { ip: '203.0.113.9', userAgent: 'cognito-test/1.0' };
const meta = { $metadata: {}, message: 'from Cognito' };
const expectedHash = (username: string) =>
  createHmac('sha256', SECRET).update(`${username}${CLIENT_ID}`).digest('base64');

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clientSecret: SECRET });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.cognito.reset();
});

describe('register', () => {
  it('signs up in the pool and creates the unconfirmed local row linked by sub, in one go', async () => {
    h.cognito.on(SignUpCommand).resolves({ UserSub: 'sub-lin', UserConfirmed: false });
    const res = await h.provider.register(
      { email: ' Lin@Example.com ', password: 'pool checks this', name: ' Lin ', plan: 'pro' },
      ctx,
    );
    expect(h.cognito.commandCalls(SignUpCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      Username: 'lin@example.com',
      Password: 'pool checks this',
      UserAttributes: [
        { Name: 'email', Value: 'lin@example.com' },
        { Name: 'name', Value: 'Lin' },
      ],
      SecretHash: expectedHash('lin@example.com'),
    });
    if (!res.ok) throw new Error(res.code);
    expect(res.value.verification).toBe('email_sent');
    expect(res.value.user).toMatchObject({
      email: 'lin@example.com',
      name: 'Lin',
      status: 'unconfirmed',
      requestedPlan: 'pro',
      plan: 'free',
      passwordHash: null,
    });
    expect((await h.links.userBySubject('sub-lin'))?.id).toBe(res.value.user.id);
    const [event] = await h.events('user_registered');
    expect(event).toMatchObject({ userId: res.value.user.id, ip: ctx.ip, userAgent: ctx.userAgent });
  });

  it('is auto_confirmed when the pool confirms at once (pre sign-up trigger)', async () => {
    h.cognito.on(SignUpCommand).resolves({ UserSub: 'sub-auto', UserConfirmed: true });
    const res = await h.provider.register(
      { email: 'auto@example.com', password: 'x'.repeat(12), name: 'A' },
      ctx,
    );
    expect(res).toMatchObject({
      ok: true,
      value: { verification: 'auto_confirmed', user: { status: 'active' } },
    });
  });

  it('maps UsernameExists to conflict and InvalidPassword to validation_failed, creating nothing', async () => {
    h.cognito
      .on(SignUpCommand)
      .rejectsOnce(new UsernameExistsException(meta))
      .rejectsOnce(new InvalidPasswordException({ ...meta, message: 'Password not long enough' }));
    const input = { email: 'taken@example.com', password: 'short', name: 'T' };
    expect(await h.provider.register(input, ctx)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await h.provider.register(input, ctx)).toMatchObject({
      ok: false,
      code: 'validation_failed',
      errors: [{ path: '/body/password', message: 'Password not long enough' }],
    });
    expect(await h.users.byEmail('taken@example.com')).toBeUndefined();
  });
});

describe('verifyEmail and resendVerification', () => {
  it('confirms with (e-mail, code) from the token and activates the local row', async () => {
    h.cognito.on(SignUpCommand).resolves({ UserSub: 'sub-confirm' });
    await h.provider.register({ email: 'confirm@example.com', password: 'p'.repeat(12), name: 'C' }, ctx);
    h.cognito.on(ConfirmSignUpCommand).resolves({});
    const res = await h.provider.verifyEmail(encodeVerificationToken('confirm@example.com', '123456'), ctx);
    expect(h.cognito.commandCalls(ConfirmSignUpCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      Username: 'confirm@example.com',
      ConfirmationCode: '123456',
      SecretHash: expectedHash('confirm@example.com'),
    });
    expect(res).toMatchObject({ ok: true, value: { email: 'confirm@example.com', status: 'active' } });
    expect((await h.events('email_verified')).length).toBe(1);
  });

  it('answers token_expired for a wrong or expired code and a malformed token', async () => {
    h.cognito
      .on(ConfirmSignUpCommand)
      .rejectsOnce(new CodeMismatchException(meta))
      .rejectsOnce(new ExpiredCodeException(meta));
    const token = encodeVerificationToken('confirm@example.com', '000000');
    expect(await h.provider.verifyEmail(token, ctx)).toMatchObject({ ok: false, code: 'token_expired' });
    expect(await h.provider.verifyEmail(token, ctx)).toMatchObject({ ok: false, code: 'token_expired' });
    expect(await h.provider.verifyEmail('garbage', ctx)).toMatchObject({ ok: false, code: 'token_expired' });
    expect(h.cognito.commandCalls(ConfirmSignUpCommand)).toHaveLength(2);
  });

  it('asks Cognito to resend the code, silently for unknown addresses', async () => {
    h.cognito.on(ResendConfirmationCodeCommand).resolvesOnce({}).rejectsOnce(new UserNotFoundException(meta));
    await h.provider.resendVerification('Lin@example.com', ctx);
    await expect(h.provider.resendVerification('nobody@example.com', ctx)).resolves.toBeUndefined();
    expect(h.cognito.commandCalls(ResendConfirmationCodeCommand).map((c) => c.args[0].input)).toEqual([
      { ClientId: CLIENT_ID, Username: 'lin@example.com', SecretHash: expectedHash('lin@example.com') },
      { ClientId: CLIENT_ID, Username: 'nobody@example.com', SecretHash: expectedHash('nobody@example.com') },
    ]);
  });
});

describe('login', () => {
  it('signs in with USER_PASSWORD_AUTH and SECRET_HASH and returns the pool tokens and local user', async () => {
    const user = await h.seedUser('sub-login', 'login@example.com');
    const access = await h.pool.accessToken({ sub: 'sub-login', username: 'user-login' });
    h.cognito.on(InitiateAuthCommand).resolves({
      AuthenticationResult: { AccessToken: access, RefreshToken: 'cognito-refresh', ExpiresIn: 3600 },
    });
    const pair = await h.provider.login({ email: 'Login@example.com', password: 'right password' }, ctx);
    expect(h.cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: {
        USERNAME: 'login@example.com',
        PASSWORD: 'right password',
        SECRET_HASH: expectedHash('login@example.com'),
      },
    });
    expect(pair).toMatchObject({
      accessToken: access,
      refreshToken: wrapRefreshToken('user-login', 'cognito-refresh'),
      expiresInSeconds: 3600,
      user: { id: user.id },
    });
    const [link] = await h.database.db
      .select()
      .from(userIdentities)
      .where(eq(userIdentities.subject, 'sub-login'));
    expect(link!.lastLoginAt).not.toBeNull();
    expect((await h.events('login_succeeded')).map((e) => e.userId)).toContain(user.id);
  });

  it('answers one 401 for unknown user and wrong password, 403 unconfirmed, 429 throttled', async () => {
    h.cognito
      .on(InitiateAuthCommand)
      .rejectsOnce(new NotAuthorizedException({ ...meta, message: 'Incorrect username or password.' }))
      .rejectsOnce(new UserNotFoundException({ ...meta, message: 'User does not exist.' }))
      .rejectsOnce(new UserNotConfirmedException(meta))
      .rejectsOnce(new TooManyRequestsException(meta));
    const attempt = () => h.provider.login({ email: 'who@example.com', password: 'whatever' }, ctx);
    const wrong = await attempt().catch((e) => e);
    const unknown = await attempt().catch((e) => e);
    expect(wrong).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(unknown).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(unknown.message).toBe(wrong.message);
    await expect(attempt()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(attempt()).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    expect((await h.events('login_failed')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('refresh and logout', () => {
  it('refreshes with REFRESH_TOKEN_AUTH, the user name from our token and its SECRET_HASH', async () => {
    const user = await h.seedUser('sub-refresh', 'refresh@example.com');
    const access = await h.pool.accessToken({ sub: 'sub-refresh', username: 'user-refresh' });
    h.cognito
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { AccessToken: access, ExpiresIn: 900 } });
    const res = await h.provider.refresh(wrapRefreshToken('user-refresh', 'cognito-refresh'), ctx);
    expect(h.cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: {
        REFRESH_TOKEN: 'cognito-refresh',
        USERNAME: 'user-refresh',
        SECRET_HASH: expectedHash('user-refresh'),
      },
    });
    expect(res).toMatchObject({
      ok: true,
      value: {
        accessToken: access,
        refreshToken: wrapRefreshToken('user-refresh', 'cognito-refresh'),
        expiresInSeconds: 900,
        user: { id: user.id },
      },
    });
  });

  it('answers unauthorized for a refused token, and for a bare one (no user name for the hash)', async () => {
    h.cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException(meta));
    expect(await h.provider.refresh(wrapRefreshToken('u', 'revoked'), ctx)).toMatchObject({
      ok: false,
      code: 'unauthorized',
    });
    expect(await h.provider.refresh('bare-cognito-token', ctx)).toMatchObject({
      ok: false,
      code: 'unauthorized',
    });
    expect(h.cognito.commandCalls(InitiateAuthCommand)).toHaveLength(1);
  });

  it('revokes the Cognito refresh token on logout; an unknown token is a no-op', async () => {
    h.cognito.on(RevokeTokenCommand).resolvesOnce({}).rejectsOnce(new UnsupportedTokenTypeException(meta));
    await h.provider.logout(wrapRefreshToken('u', 'cognito-refresh'), ctx);
    await expect(h.provider.logout('junk', ctx)).resolves.toBeUndefined();
    expect(h.cognito.commandCalls(RevokeTokenCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      ClientSecret: SECRET,
      Token: 'cognito-refresh',
    });
  });
});
