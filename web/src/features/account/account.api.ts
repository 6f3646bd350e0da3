import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import type { TokenPair, User } from '../../lib/auth';

export type ApiKey =
  paths['/api/v2/api-keys']['get']['responses'][200]['content']['application/json']['items'][number];
export type CreatedApiKey =
  paths['/api/v2/api-keys']['post']['responses'][201]['content']['application/json'];

export const API_KEYS_QUERY_KEY = ['account', 'api-keys'] as const;

export async function listApiKeys(): Promise<ApiKey[]> {
  return (await unwrap(api.GET('/api/v2/api-keys'))).items;
}

export function createApiKey(name: string): Promise<CreatedApiKey> {
  return unwrap(api.POST('/api/v2/api-keys', { body: { name } }));
}

export async function revokeApiKey(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v2/api-keys/{id}', { params: { path: { id } } }));
}

export function fetchMe(): Promise<User> {
  return unwrap(api.GET('/api/v2/me'));
}

export function updateProfile(body: { name: string }): Promise<User> {
  return unwrap(api.PATCH('/api/v2/me', { body }));
}

/** Answers a fresh pair: every other session of the account has been ended. */
export function changePassword(body: { current_password: string; new_password: string }): Promise<TokenPair> {
  return unwrap(api.POST('/api/v2/auth/password', { body }));
}

export type TotpSetup =
  paths['/api/v2/auth/mfa/totp/setup']['post']['responses'][200]['content']['application/json'];

export function setupTotp(): Promise<TotpSetup> {
  return unwrap(api.POST('/api/v2/auth/mfa/totp/setup'));
}

export function enableTotp(code: string): Promise<{ backup_codes: string[] }> {
  return unwrap(api.POST('/api/v2/auth/mfa/totp/enable', { body: { code } }));
}

export async function disableMfa(code: string): Promise<void> {
  await unwrap(api.POST('/api/v2/auth/mfa/disable', { body: { code } }));
}

/** Replaces the backup codes (the old ones stop working); needs a current TOTP or backup code. */
export function regenerateBackupCodes(code: string): Promise<{ backup_codes: string[] }> {
  return unwrap(api.POST('/api/v2/auth/mfa/backup-codes', { body: { code } }));
}
