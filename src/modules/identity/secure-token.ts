import { createHash, randomBytes } from 'node:crypto';

/** A new opaque token: 256 random bits, base64url (43 characters). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of an opaque token: its SHA-256, hex. The token itself is never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Where a request came from, for the audit log and session rows. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  /** The caller's bearer access token, for providers whose account APIs take it (Cognito MFA). */
  accessToken?: string | undefined;
}
