import { randomBytes } from 'node:crypto';

/**
 * Prefixed, time-sortable identifiers: `<prefix>_<26 chars>`, the 26 chars being a ULID
 * (48-bit millisecond timestamp + 80 random bits, Crockford base32). Ids created later sort
 * after ids created earlier, also within one millisecond in one process (monotonic counter).
 * The prefix table is closed: a new entity adds its prefix here.
 */
export const ID_PREFIXES = {
  user: 'usr',
  pod: 'pod',
  offer: 'ofr',
  draft: 'drf',
  apiKey: 'key',
  platformPod: 'plp',
  parameter: 'prm',
  audit: 'aud',
  event: 'evt',
  mail: 'mail',
  invoice: 'inv',
  subscription: 'sub',
  usage: 'use',
  customer: 'cus',
  paymentMethod: 'pm',
  setupIntent: 'seti',
  decision: 'dec',
  session: 'ses',
  refreshToken: 'rtk',
  authEvent: 'aev',
  request: 'req',
  job: 'job',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_RE = /^([a-z]{2,5})_([0-9A-HJKMNP-TV-Z]{26})$/;

export interface IdGenerator {
  /** A new id for `kind`, e.g. `newId('pod')` → `pod_01J…`. */
  newId(kind: IdKind): string;
}

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** Creates a generator; `now` is injectable so ids follow a test clock. */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let lastMs = -1;
  let lastRandom: number[] = [];

  function randomPart(ms: number): number[] {
    if (ms === lastMs) {
      // Same millisecond: increment the previous random part so ids stay strictly ordered.
      const next = [...lastRandom];
      for (let i = next.length - 1; i >= 0; i--) {
        if (next[i]! < 31) {
          next[i]! += 1;
          break;
        }
        next[i] = 0;
      }
      return next;
    }
    const bytes = randomBytes(16);
    return Array.from({ length: 16 }, (_, i) => bytes[i]! % 32);
  }

  return {
    newId(kind) {
      const ms = Math.max(now(), lastMs);
      const rnd = randomPart(ms);
      lastMs = ms;
      lastRandom = rnd;
      return `${ID_PREFIXES[kind]}_${encodeTime(ms)}${rnd.map((d) => ALPHABET[d]).join('')}`;
    },
  };
}

/** Parses an id; returns null when it is not a well-formed id of a known prefix. */
export function parseId(id: string): { prefix: IdPrefix; timestampMs: number } | null {
  const m = ID_RE.exec(id);
  if (!m) return null;
  const prefix = m[1] as IdPrefix;
  if (!Object.values(ID_PREFIXES).includes(prefix)) return null;
  let ms = 0;
  for (const ch of m[2]!.slice(0, 10)) ms = ms * 32 + ALPHABET.indexOf(ch);
  return { prefix, timestampMs: ms };
}

/** True when `id` is a well-formed id of `kind`. */
export function isIdOf(kind: IdKind, id: string): boolean {
  return parseId(id)?.prefix === ID_PREFIXES[kind];
}
