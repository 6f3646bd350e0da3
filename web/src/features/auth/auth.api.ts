import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import type { TokenPair } from '../../lib/auth';

type RegisterBody = paths['/api/v2/auth/register']['post']['requestBody']['content']['application/json'];
export type Plan = NonNullable<RegisterBody['plan']>;
export type RegisterResult =
  paths['/api/v2/auth/register']['post']['responses'][201]['content']['application/json'];

const PLANS: readonly Plan[] = ['free', 'pro', 'enterprise'];

/** `?plan=` from the plans page, if it names a plan. */
export function parsePlan(value: string | null): Plan | undefined {
  const plan = value?.toLowerCase();
  return PLANS.find((p) => p === plan);
}

export function register(body: RegisterBody): Promise<RegisterResult> {
  return unwrap(api.POST('/api/v2/auth/register', { body }));
}

export function verifyEmail(token: string) {
  return unwrap(api.POST('/api/v2/auth/verify-email', { body: { token } }));
}

/** 202 whatever the address: the server does not tell who has an account. */
export async function resendVerification(email: string): Promise<void> {
  await unwrap(api.POST('/api/v2/auth/verify-email/resend', { body: { email } }));
}

export type OAuthProvider =
  paths['/api/v2/auth/oauth/providers']['get']['responses'][200]['content']['application/json']['items'][number];

export async function oauthProviders(): Promise<OAuthProvider[]> {
  return (await unwrap(api.GET('/api/v2/auth/oauth/providers'))).items;
}

export function oauthExchange(body: { code: string; totp_code?: string }): Promise<TokenPair> {
  return unwrap(api.POST('/api/v2/auth/oauth/exchange', { body }));
}
