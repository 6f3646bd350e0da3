import { describe, expect, it } from 'vitest';
import {
  cognitoIssuer,
  decodeVerificationToken,
  encodeVerificationToken,
  regionOfUserPool,
  roleFromGroups,
  secretHash,
  unwrapRefreshToken,
  wrapRefreshToken,
} from './cognito.tokens.js';

describe('Cognito token helpers', () => {
  it('computes SECRET_HASH as base64 HMAC-SHA256(secret, username + client id)', () => {
    // Reference value computed independently (Python hmac/hashlib).
    expect(secretHash('test-client-secret', 'lin@example.com', 'client123')).toBe(
      'NBFpoSdp5W/k4t50n/4tZqY4Syp1LIfFgRSUitakhXU=',
    );
  });

  it('derives region and issuer from the pool id', () => {
    expect(regionOfUserPool('eu-west-1_AbC123')).toBe('eu-west-1');
    expect(cognitoIssuer('us-east-1_AbC123')).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123',
    );
    expect(() => regionOfUserPool('nonsense')).toThrow();
  });

  it('maps cognito:groups to the strongest role', () => {
    expect(roleFromGroups(undefined)).toBe('user');
    expect(roleFromGroups(['beta-testers'])).toBe('user');
    expect(roleFromGroups(['pro'])).toBe('pro');
    expect(roleFromGroups(['pro', 'enterprise'])).toBe('enterprise');
    expect(roleFromGroups(['enterprise', 'pod_admin', 'pro'])).toBe('pod_admin');
    expect(roleFromGroups('pod_admin')).toBe('user');
  });

  it('round-trips the verification token base64url(email).code and refuses malformed ones', () => {
    const token = encodeVerificationToken('lin@example.com', '123456');
    expect(token).toBe(`${Buffer.from('lin@example.com').toString('base64url')}.123456`);
    expect(decodeVerificationToken(token)).toEqual({ email: 'lin@example.com', code: '123456' });
    expect(decodeVerificationToken('x'.repeat(43))).toBeNull();
    expect(decodeVerificationToken(`${Buffer.from('not an email').toString('base64url')}.1`)).toBeNull();
    expect(decodeVerificationToken(`${Buffer.from('a@b.c').toString('base64url')}.12 34`)).toBeNull();
  });

  it('wraps the pool user name into refresh tokens and reads bare Cognito tokens too', () => {
    const cognito = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.a.b.c.d';
    const wrapped = wrapRefreshToken('3f6c-uuid', cognito);
    expect(unwrapRefreshToken(wrapped)).toEqual({ username: '3f6c-uuid', refreshToken: cognito });
    expect(unwrapRefreshToken(cognito)).toEqual({ username: null, refreshToken: cognito });
  });
});
