import { createHash, createPublicKey } from 'node:crypto';

/**
 * Parses and validates one OpenSSH public key line as a user pastes it (`<type> <base64> [comment]`),
 * for the `ssh_public_key` field of a GPU pod draft. Pure: no I/O, only node:crypto.
 *
 * Accepted: ssh-ed25519, ssh-rsa (2048..16384 bits), ecdsa-sha2-nistp256/384/521, and the FIDO/U2F
 * hardware-key variants sk-ssh-ed25519@openssh.com and sk-ecdsa-sha2-nistp256@openssh.com. The sk
 * types are accepted because every pod image ships OpenSSH >= 8.2 (which verifies them) and users
 * with a YubiKey have no other key; their bits are 256, as `ssh-keygen -lf` prints.
 * Refused: ssh-dss, certificates, unknown types, and any blob that OpenSSH itself would refuse.
 * Every refusal reason is a short sentence meant for the user (422 `errors[].message`).
 */

export const SSH_PUBLIC_KEY_MAX_BYTES = 16 * 1024;
export const RSA_MIN_BITS = 2048;
/** OpenSSH's own ceiling (SSHBUF_MAX_BIGNUM, OPENSSL_RSA_MAX_MODULUS_BITS). */
export const RSA_MAX_BITS = 16384;

export interface SshPublicKey {
  type: string;
  bits: number;
  /** `SHA256:<base64 without padding>`, exactly as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  comment: string | null;
  /** `<type> <base64>[ <comment>]` */
  normalized: string;
}

export type ParseSshPublicKeyResult = { ok: true; key: SshPublicKey } | { ok: false; reason: string };

const ED25519 = 'ssh-ed25519';
const RSA = 'ssh-rsa';
const SK_ED25519 = 'sk-ssh-ed25519@openssh.com';
const SK_ECDSA = 'sk-ecdsa-sha2-nistp256@openssh.com';
const DSA = 'ssh-dss';

interface Curve {
  name: string;
  bits: number;
  pointBytes: number;
  jwk: string;
}

const CURVES: Record<string, Curve> = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', bits: 256, pointBytes: 65, jwk: 'P-256' },
  'ecdsa-sha2-nistp384': { name: 'nistp384', bits: 384, pointBytes: 97, jwk: 'P-384' },
  'ecdsa-sha2-nistp521': { name: 'nistp521', bits: 521, pointBytes: 133, jwk: 'P-521' },
};

const SUPPORTED = new Set([ED25519, RSA, SK_ED25519, SK_ECDSA, ...Object.keys(CURVES)]);
const KNOWN_TYPES = new Set([...SUPPORTED, DSA]);

const R = {
  empty: 'Paste your SSH public key.',
  tooLong: 'The SSH public key is too long (over 16 KiB).',
  privateKey:
    'This is a PRIVATE key: never share it with anyone. Paste the public key instead (the .pub file, ' +
    'e.g. ~/.ssh/id_ed25519.pub), and if this private key was shared anywhere, replace it.',
  rfc4716:
    'This public key is in SSH2 (RFC 4716) format. Convert it with "ssh-keygen -i -f key.pub" ' +
    'and paste the one-line result.',
  oneKey: 'Paste exactly one SSH public key, on a single line.',
  badChars: 'The SSH public key contains invalid characters.',
  options: 'Remove the options before the key type: paste only the public key line.',
  dsa: 'DSA keys (ssh-dss) are not accepted: they are insecure and disabled by OpenSSH. Use an Ed25519 key.',
  certificate: 'SSH certificates are not accepted: paste the plain public key.',
  missingData: 'The key data is missing after the key type.',
  badBase64: 'The key data is not valid base64.',
  truncated: 'The key data is truncated or corrupted.',
  trailing: 'The key data has unexpected extra bytes at the end.',
  typeMismatch: 'The key data does not match the key type.',
  ed25519Length: 'The Ed25519 key data must be exactly 32 bytes.',
  rsaCorrupt: 'The RSA key data is corrupted.',
  rsaExponent: 'The RSA key has an invalid public exponent.',
  ecPoint: 'The ECDSA key point is invalid.',
  skApplication: 'The security-key application name is missing or invalid.',
};

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

/** Reads SSH wire-format (RFC 4251) strings from a key blob; refuses on any overrun. */
class BlobReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  string(): Buffer {
    if (this.buf.length - this.offset < 4) refuse(R.truncated);
    const length = this.buf.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (length > this.buf.length - start) refuse(R.truncated);
    this.offset = start + length;
    return this.buf.subarray(start, start + length);
  }

  end(): void {
    if (this.offset !== this.buf.length) refuse(R.trailing);
  }
}

/** A printable excerpt of untrusted text for a message (never echoes control characters or long input). */
function quote(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

function unsupported(type: string): string {
  return (
    `Unsupported key type ${quote(type)}. Use ssh-ed25519, ssh-rsa (2048 bits or more) ` +
    'or ecdsa-sha2-nistp256/384/521.'
  );
}

/** Exact bit length of a positive SSH mpint (two's complement, big-endian; leading zeros tolerated). */
function mpintBits(mpint: Buffer): number {
  if (mpint.length > 0 && (mpint[0]! & 0x80) !== 0) refuse(R.rsaCorrupt);
  let i = 0;
  while (i < mpint.length && mpint[i] === 0) i++;
  if (i === mpint.length) return 0;
  return (mpint.length - i - 1) * 8 + (32 - Math.clz32(mpint[i]!));
}

function rsaBits(reader: BlobReader): number {
  const exponent = reader.string();
  const modulus = reader.string();
  reader.end();
  const exponentBits = mpintBits(exponent);
  const odd = exponent.length > 0 && (exponent[exponent.length - 1]! & 1) === 1;
  if (!odd || exponentBits < 2) refuse(R.rsaExponent); // odd and >= 3
  const bits = mpintBits(modulus);
  if (bits < RSA_MIN_BITS) {
    refuse(`The RSA key is too small (${bits} bits). Use at least ${RSA_MIN_BITS} bits, or an Ed25519 key.`);
  }
  if (bits > RSA_MAX_BITS)
    refuse(`The RSA key is too large (${bits} bits). The maximum is ${RSA_MAX_BITS} bits.`);
  return bits;
}

function ecdsaBits(reader: BlobReader, curve: Curve): number {
  const name = reader.string().toString('latin1');
  if (name !== curve.name) {
    refuse(`The key data names the curve ${quote(name)}, but the key type requires ${curve.name}.`);
  }
  const point = reader.string();
  if (point.length !== curve.pointBytes || point[0] !== 0x04) {
    refuse(`The ECDSA key point is invalid: it must be uncompressed (${curve.pointBytes} bytes).`);
  }
  const half = (curve.pointBytes - 1) / 2;
  try {
    // Refuses points that are not on the curve, as OpenSSH does (sshkey_ec_validate_public).
    createPublicKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: curve.jwk,
        x: point.subarray(1, 1 + half).toString('base64url'),
        y: point.subarray(1 + half).toString('base64url'),
      },
    });
  } catch {
    refuse(R.ecPoint);
  }
  return curve.bits;
}

function skApplication(reader: BlobReader): void {
  const application = reader.string();
  if (application.length === 0 || application.includes(0)) refuse(R.skApplication);
}

/** Validates the decoded blob against the outer type and returns the key size in bits. */
function blobBits(type: string, blob: Buffer): number {
  const reader = new BlobReader(blob);
  const inner = reader.string().toString('latin1');
  if (inner !== type) {
    refuse(
      /^[\x21-\x7e]{1,64}$/.test(inner)
        ? `The key data is a ${quote(inner)} key, but the line says ${quote(type)}.`
        : R.typeMismatch,
    );
  }
  if (type === RSA) return rsaBits(reader);
  if (type === ED25519 || type === SK_ED25519) {
    if (reader.string().length !== 32) refuse(R.ed25519Length);
    if (type === SK_ED25519) skApplication(reader);
    reader.end();
    return 256;
  }
  const curve = type === SK_ECDSA ? CURVES['ecdsa-sha2-nistp256']! : CURVES[type];
  if (!curve) refuse(unsupported(type));
  const bits = ecdsaBits(reader, curve);
  if (type === SK_ECDSA) skApplication(reader);
  reader.end();
  return bits;
}

function decodeBase64Strict(data: string): Buffer {
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) refuse(R.badBase64);
  const blob = Buffer.from(data, 'base64');
  // Round-trip: refuses non-canonical padding bits that Buffer.from would silently accept.
  if (blob.toString('base64') !== data) refuse(R.badBase64);
  return blob;
}

/** Refusals that do not depend on the key type: size, private keys, other formats, several keys. */
function checkShape(text: string, line: string): void {
  if (Buffer.byteLength(text, 'utf8') > SSH_PUBLIC_KEY_MAX_BYTES) refuse(R.tooLong);
  if (line === '') refuse(R.empty);
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File-/.test(line)) refuse(R.privateKey);
  if (line.includes('---- BEGIN SSH2 PUBLIC KEY ----')) refuse(R.rfc4716);
  if (/[\r\n\u2028\u2029]/.test(line)) refuse(R.oneKey);
  if (hasControlCharacter(line)) refuse(R.badChars);
}

/** C0 controls other than tab, and DEL (spelled as a loop: Biome refuses control characters in regexes). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

function parse(text: string): SshPublicKey {
  if (typeof text !== 'string') refuse(R.empty);
  const line = text.trim();
  checkShape(text, line);
  const tokens = line.split(/[ \t]+/);
  const type = tokens[0]!;
  if (type === DSA) refuse(R.dsa);
  if (type.includes('-cert-v01@openssh.com')) refuse(R.certificate);
  if (!SUPPORTED.has(type)) {
    // `from="..." ssh-ed25519 AAAA...` is an authorized_keys line with options.
    refuse(tokens.slice(1).some((token) => KNOWN_TYPES.has(token)) ? R.options : unsupported(type));
  }
  const match = /^\S+[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!match) refuse(R.missingData);
  const data = match[1]!;
  const comment = match[2] ?? null;
  // Two keys pasted on one line: the second one would otherwise hide in the comment.
  if (comment !== null && /(^|[ \t])(ssh|ecdsa|sk)-\S+[ \t]+AAAA/.test(comment)) refuse(R.oneKey);
  const blob = decodeBase64Strict(data);
  const bits = blobBits(type, blob);
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  const normalized = comment === null ? `${type} ${data}` : `${type} ${data} ${comment}`;
  return { type, bits, fingerprint, comment, normalized };
}

export function parseSshPublicKey(text: string): ParseSshPublicKeyResult {
  try {
    return { ok: true, key: parse(text) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}
