import { createHmac } from 'node:crypto';
import {
  AssociateSoftwareTokenCommand,
  CodeMismatchException,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, createHarness, type Harness } from './cognito.test-support.js';

// MFA at the SDK boundary: sign-in challenges (TOTP, SMS) and TOTP enrolment through the pool.
const SECRET = 'mfa-client-secret';
const ctx = { ip: '198.51.100.7', userAgent: 'cognito-mfa-test/1.0' };
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

async function signedIn(sub: string) {
  return {
    AuthenticationResult: {
      AccessToken: await h.pool.accessToken({ sub, username: `name-${sub}` }),
      RefreshToken: 'cognito-refresh',
      ExpiresIn: 3600,
    },
  };
}

describe('sign-in challenges', () => {
  it('SOFTWARE_TOKEN_MFA: mfa_required without a code, then answers the challenge with it', async () => {
    const user = await h.seedUser('sub-totp', 'totp@example.com');
    h.cognito.on(InitiateAuthCommand).resolves({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'session-1',
      ChallengeParameters: { USER_ID_FOR_SRP: 'name-sub-totp' },
    });
    h.cognito.on(RespondToAuthChallengeCommand).resolves(await signedIn('sub-totp'));
    const input = { email: 'totp@example.com', password: 'pw' };
    await expect(h.provider.login(input, ctx)).rejects.toMatchObject({ code: 'mfa_required', status: 401 });
    expect(h.cognito.commandCalls(RespondToAuthChallengeCommand)).toHaveLength(0);

    const pair = await h.provider.login({ ...input, totpCode: '123456' }, ctx);
    expect(pair.user.id).toBe(user.id);
    expect(h.cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'session-1',
      ChallengeResponses: {
        USERNAME: 'name-sub-totp',
        SOFTWARE_TOKEN_MFA_CODE: '123456',
        SECRET_HASH: expectedHash('name-sub-totp'),
      },
    });
  });

  it('refuses a wrong TOTP code with 401 unauthorized', async () => {
    h.cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's' });
    h.cognito.on(RespondToAuthChallengeCommand).rejects(new CodeMismatchException(meta));
    await expect(
      h.provider.login({ email: 'totp@example.com', password: 'pw', totpCode: '000000' }, ctx),
    ).rejects.toMatchObject({ code: 'unauthorized', detail: 'The verification code is not valid.' });
  });

  it('SMS_MFA: Cognito texts a code; the retry answers that same session, with the same password only', async () => {
    const user = await h.seedUser('sub-sms', 'sms@example.com');
    h.cognito
      .on(InitiateAuthCommand)
      .resolvesOnce({
        ChallengeName: 'SMS_MFA',
        Session: 'sms-session-1',
        ChallengeParameters: { USER_ID_FOR_SRP: 'name-sub-sms', CODE_DELIVERY_DESTINATION: '+********0042' },
      })
      .rejects(new NotAuthorizedException({ ...meta, message: 'Incorrect username or password.' }));
    h.cognito.on(RespondToAuthChallengeCommand).resolves(await signedIn('sub-sms'));
    const input = { email: 'sms@example.com', password: 'the password' };

    const first = await h.provider.login(input, ctx).catch((e) => e);
    expect(first).toMatchObject({ code: 'mfa_required' });
    expect(first.detail).toContain('SMS to +********0042');

    // Another password with the code does not ride the pending session: it goes to Cognito (refused).
    await expect(
      h.provider.login({ ...input, password: 'guess', totpCode: '111111' }, ctx),
    ).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(h.cognito.commandCalls(InitiateAuthCommand)).toHaveLength(2);
    expect(h.cognito.commandCalls(RespondToAuthChallengeCommand)).toHaveLength(0);

    const pair = await h.provider.login({ ...input, totpCode: '424242' }, ctx);
    expect(pair.user.id).toBe(user.id);
    expect(h.cognito.commandCalls(InitiateAuthCommand)).toHaveLength(2);
    expect(h.cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'SMS_MFA',
      Session: 'sms-session-1',
      ChallengeResponses: {
        USERNAME: 'name-sub-sms',
        SMS_MFA_CODE: '424242',
        SECRET_HASH: expectedHash('name-sub-sms'),
      },
    });
  });
});

describe('TOTP enrolment', () => {
  it('needs the Cognito access token of the same user', async () => {
    const user = await h.seedUser('sub-enrol-a', 'enrol-a@example.com');
    await h.seedUser('sub-enrol-b', 'enrol-b@example.com');
    await expect(h.provider.mfa.setupTotp(user.id, ctx)).rejects.toMatchObject({ code: 'unauthorized' });
    const other = await h.pool.accessToken({ sub: 'sub-enrol-b' });
    await expect(h.provider.mfa.setupTotp(user.id, { ...ctx, accessToken: other })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(h.cognito.commandCalls(AssociateSoftwareTokenCommand)).toHaveLength(0);
  });

  it('setup → AssociateSoftwareToken; enable → VerifySoftwareToken + TOTP preferred; no backup codes', async () => {
    const user = await h.seedUser('sub-enrol', 'enrol@example.com');
    const accessToken = await h.pool.accessToken({ sub: 'sub-enrol' });
    const withToken = { ...ctx, accessToken };
    h.cognito.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: 'JBSWY3DPEHPK3PXP' });
    const setup = await h.provider.mfa.setupTotp(user.id, withToken);
    expect(h.cognito.commandCalls(AssociateSoftwareTokenCommand)[0]!.args[0].input).toEqual({
      AccessToken: accessToken,
    });
    expect(setup.secret).toBe('JBSWY3DPEHPK3PXP');
    const uri = new URL(setup.otpauthUrl);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/GPUBROKER:enrol@example.com');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('GPUBROKER');

    h.cognito
      .on(VerifySoftwareTokenCommand)
      .resolvesOnce({ Status: 'ERROR' })
      .resolves({ Status: 'SUCCESS' });
    h.cognito.on(SetUserMFAPreferenceCommand).resolves({});
    expect(await h.provider.mfa.enableTotp(user.id, '000000', withToken)).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(h.cognito.commandCalls(SetUserMFAPreferenceCommand)).toHaveLength(0);
    expect(await h.provider.mfa.enableTotp(user.id, '123456', withToken)).toEqual({
      ok: true,
      value: { backupCodes: [] },
    });
    expect(h.cognito.commandCalls(VerifySoftwareTokenCommand)[1]!.args[0].input).toEqual({
      AccessToken: accessToken,
      UserCode: '123456',
      FriendlyDeviceName: 'GPUBROKER',
    });
    expect(h.cognito.commandCalls(SetUserMFAPreferenceCommand)[0]!.args[0].input).toEqual({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    expect((await h.users.byId(user.id))!.mfaEnabledAt).not.toBeNull();
    expect(await h.provider.mfa.enableTotp(user.id, '123456', withToken)).toMatchObject({ code: 'conflict' });
  });

  it('disable: only shortly after a sign-in (Cognito cannot check the code here), then turns TOTP off', async () => {
    const user = await h.seedUser('sub-off', 'off@example.com', { mfaEnabledAt: new Date() });
    const nowS = Math.floor(h.clock.nowMs() / 1000);
    const stale = await h.pool.accessToken({ sub: 'sub-off', authTime: nowS - 3600 });
    const fresh = await h.pool.accessToken({ sub: 'sub-off', authTime: nowS - 60 });
    h.cognito.on(SetUserMFAPreferenceCommand).resolves({});
    expect(await h.provider.mfa.disable(user.id, '123456', { ...ctx, accessToken: stale })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(await h.provider.mfa.disable(user.id, 'abc', { ...ctx, accessToken: fresh })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(h.cognito.commandCalls(SetUserMFAPreferenceCommand)).toHaveLength(0);

    expect(await h.provider.mfa.disable(user.id, '123456', { ...ctx, accessToken: fresh })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(h.cognito.commandCalls(SetUserMFAPreferenceCommand)[0]!.args[0].input).toEqual({
      AccessToken: fresh,
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    });
    expect((await h.users.byId(user.id))!.mfaEnabledAt).toBeNull();
    const [event] = await h.events('mfa_disabled');
    expect(event).toMatchObject({ userId: user.id, detail: { provider: 'cognito', code_checked: false } });
  });
});
