import type { SecretBox } from '../../platform/crypto/index.js';
import type { Mode, ParameterType } from './platform-config.tables.js';

export type ModeColumn = 'sandbox' | 'live';
export const columnOf = (mode: Mode): ModeColumn => (mode === 'LIVE' ? 'live' : 'sandbox');

const MASK = '••••';

/** What the API shows of a secret: `••••` and, for long values, their last 4 characters. */
export function mask(clear: string): string {
  return clear.length >= 12 ? `${MASK}${clear.slice(-4)}` : MASK;
}

/** A masked value sent back (export → import, an untouched form field) means "keep the value". */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK);
}

/**
 * Stored form of values: JSON text, or for secrets a SecretBox envelope bound to
 * `<pod_id>/<key>/<mode>` so an envelope copied to another row, POD or mode does not open.
 */
export function createValueCodec(secrets: SecretBox) {
  const aad = (podId: string, key: string, column: ModeColumn) => `${podId}/${key}/${column}`;
  return {
    encode(
      podId: string,
      key: string,
      column: ModeColumn,
      type: ParameterType,
      value: unknown,
    ): string | null {
      if (value === null || value === undefined) return null;
      return type === 'secret'
        ? secrets.encrypt(value as string, aad(podId, key, column))
        : JSON.stringify(value);
    },

    /** The clear value (secrets decrypted): for the running platform only, never for responses. */
    decode(
      podId: string,
      key: string,
      column: ModeColumn,
      type: ParameterType,
      stored: string | null,
    ): unknown {
      if (stored === null) return null;
      return type === 'secret' ? secrets.decrypt(stored, aad(podId, key, column)) : JSON.parse(stored);
    },

    /** The value as the API and the audit log may show it: secrets masked. */
    view(
      podId: string,
      key: string,
      column: ModeColumn,
      type: ParameterType,
      stored: string | null,
    ): unknown {
      if (stored === null) return null;
      if (type !== 'secret') return JSON.parse(stored);
      return mask(secrets.decrypt(stored, aad(podId, key, column)));
    },
  };
}

export type ValueCodec = ReturnType<typeof createValueCodec>;
