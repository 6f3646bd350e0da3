import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSshPublicKey, SSH_PUBLIC_KEY_MAX_BYTES } from './ssh-key.js';

/*
 * Test data generated for this file (OpenSSH_9.2p1 Debian, OpenSSL 3.0): every `line` is the
 * .pub output of `ssh-keygen -q -t <type> [-b <bits>] -N '' -C '<comment>'`, and `bits`/`fingerprint`
 * were copied from `ssh-keygen -lf <file>.pub` for that same file. This ssh-keygen still creates
 * 1024-bit RSA, 2047-bit RSA and DSA keys, so no key below is hand-made except the two security-key
 * (sk-*) lines: those need hardware to generate, so their blobs were assembled in node (string type,
 * [string curve,] string public key from crypto.generateKeyPairSync, string "ssh:") and then
 * fingerprinted by `ssh-keygen -lf`, which printed "(ED25519-SK)" / "(ECDSA-SK)" and the values below.
 * The keys are throwaway: their private halves were deleted.
 */
const KEYS = {
  ED25519: {
    line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIETIB8THhI33Je/ArJVQ9pFZ302vhk1+zZS1sXJLCuD6 alice@laptop',
    bits: 256,
    fingerprint: 'SHA256:SODci10mJTWh0noMWlPTipryISPiP4iPvPFehJENLEw',
  },
  RSA_2048: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCqDd8glfH0jkpzasnsGECxeHGs9kv+gw2pvWH6t/Ur0FT28/0QRmw/tyw69ek87cjYds4WdhfRx9km8AU9kGhqRNBC6KWGbDIS2ShY5UAwO9BQ6aH/kszOdhQ8nFwEVh7CEoFGOTmJOGyWO5+pQnUeKT7SJOKhxDcVMzFzPcAPUP1wj5z8HEKFSNpIS8Cy0bNwthWxACncv82gVy0KkRYESkD/AGgyLCwBXCTUR/tbf8rNzPa4qidKORuPl7HLIwq76lfptzfT882wjo+AxcUWjFh2LiujXJAC9elco297oxKuHTSe3KcFQkCeFsDVtvhE9GxKpt6E6A68xgdlC9kH bob rsa 2048',
    bits: 2048,
    fingerprint: 'SHA256:R2ETKIvbFxoA4CKZQasMjTQ+gonKLdvN+epn8r25fXA',
  },
  RSA_2047: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAGLdjMmC5jDHXCLREPL8+WelaS+gaahN9FLxFK32dSsERsIr63gN2f/zk4/SoDENXIKsMn3xoHNkAX//GsIDmKKvxgVcdvHt8eVV90qoVTHhdiU4D6nuzPj5zEjf02XlZg+a8GHgOuK27v0lPuNqlJVJQlhe/TPLB0CIrKweNCcXrU9jRk9nboVPOJueNaaN3Kan5PRr8zOIcP78NG/aBm4VrrwFynQHFWq46wwWudeD8ZsXLRcSjisYNTGjhFKh6wU1Vj5DM0VnxSm5Y/epvkCG2wZf8dtzDgQ/kPWO3C+UtpyYlzTHJYR2p8vPIU+AfmT5ajVIX3D+CRa/zT5cbz0= odd',
    bits: 2047,
    fingerprint: 'SHA256:YieVOH5DzPk8TAPU/yz8Ppeg9YFu9suu4Km2CjWWySI',
  },
  RSA_3072: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDFe9c9MNTa2hidTKM0ezlXekcJ9NrvzGOpUOnri6OvB6tDxL3dJbPcSgPsaVuM3avkCECVX45s0wGzde/LjXoKV9UhRAoVKfZeGjULmuNiiUX0nFVx5OgRe+GscJv1187RHWVli0MWKNat3victZSVKwJIGYTWCt7ikgKhQqroWgmLNFzcvVOf7MobbOSqcVsqUgqQ11pczLBP9UUtvYnu3jN3BXapip0wUyQVijKgg+VqXr4v9MU2uqxjtiXCLBA6jjCKDHdIjLzPYf5sGjXa7lTY72wHPIiyAtI30Hfvs2mqO2NvR41iyVnkE+WZurNKS/u6KEzZCVbqYVEw26lAv1dUEiVV6woInSmkTFQL8immBxcPs8RMb4yBEnB1qdMJGI8FuvKunl6tNZGLKOf10NryPfZxIlnE0+APrP0DgbXR85aHJ8rUmKJT6WeRcMuWNRcB2NbP38tf4YiMM4c1s1AlI/QYT3NDlXe1e0ZjdpTbBDGaxs6BtUiEnraFhZ8=',
    bits: 3072,
    fingerprint: 'SHA256:Zb+FT+Ls4t5rN1EhQptrDgqhlPzmsTRjo2SgPlbu8Ws',
  },
  RSA_4096: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQDBbd9A7fC/fqJfCBwEvYBdDbKKdd+jnGvm5tmt7QzBB0eJMfKXmxjZrhAlQ8nfrLsRu92Sh3N5JJl1DLA1XkLil+r2tAv2JFpZbXhbXGwjuoelnQ2Fp2pVEIfvJ4d331rICzB6ocIuklnBwEEXM7AdZGz4ZS1or4fWFEuWJVzP+yM+MjYajJqSvyajy91pjXmFRh8c0bK3+rsUlEA/4010v6YBORD56nzPXie9VYq0Rk/f/m0S7CHOzSZgDPh5q1MqMsPd8cVIreRw1BEp7P9NK+I6TH0rqGXCcCCgSrDV+r5lNB0GqIOwxSQykmlWwMboz9awkkNDOcuz611ae1NZay2RyEKTlz/18jKcXbTw0cEdphq5qtmB4GCHzcgN8m+otmA8dtnGNSQalatpk14n5RKX6yLp3rOacsD2NuMAy0n79DGA+R0i6ONiePnCRbkBi4gEuJ6wEVmKAXp2/iix5YzsKFOQ55lE99aVUJoYw+sIrc2emU+K3+3dU45UNGOyTZ62M99FXQ90Wv/IatXn5F0YtLzDU/jkEl50Z0Vy2tao6AFeMwYRZGU9Dt8NyMWmd9EL6Li5PN+1pdVpStvrJDYjL3T3I5XXRRQkSSO5fq4CmWHN7DcjLg36pWwveT3y1FqXQtpwQjonbi0wBJxTs/4X5RkulAouSfN65ZiR9w== carol@ws',
    bits: 4096,
    fingerprint: 'SHA256:sIg5YrDwPw0K0vUEINciAX9JRqBbWMaicPuvoD9T26Q',
  },
  ECDSA_256: {
    line: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBALEap+HDjuiNp2HTRfG7qP03LZaU6mKi1Rw4fB2PwbT8phw2LilJvgwkTn64+NX5S/UsfxnuKo8RJLsNUsfZIk= e256',
    bits: 256,
    fingerprint: 'SHA256:+OJav5jOAHouRwyv4OC8VutlfpCUqxSLIycea2g+Ptk',
  },
  ECDSA_384: {
    line: 'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBIFB5oabpIFPGRImwjSOVRDanIoWEA0Yk2evZ0JP5caR/ncdiDOX/OIMznaXtKkXfKBlj/0q4Q+qkY7D2CiD1/FRXbX3q9TzYAg5Bm+/xKqUufbgL5nWAJkiAkV9hsiw/A== e384',
    bits: 384,
    fingerprint: 'SHA256:MK8PjTMhn769nRnpZuhVLBu6rS87YTrgakhWYWd3gGs',
  },
  ECDSA_521: {
    line: 'ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAFBQ9Gd7NohLa+IAS74cbKYPBlUjwURfAE8Ho3lStps51/oxAnRRZ32C3ntcV1Y8G6GqGPY7g7Ymh4ax58zNdAS4gGxSvUF6nI/b+Ui05CYSakv9zqpqUXx3waAgnOnaKQQQUdEnoyUGs5YiCMi3cjlOS98R721d5TTl15EX7ze1h18ng== e521',
    bits: 521,
    fingerprint: 'SHA256:5CAP92rd96LDNXRP4WW7+aibAaJO0mOWyP+2LhPjvGY',
  },
  SK_ED25519: {
    line: 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIM08wg0yfmjvxj4NAOaGA3ZXtFtT1AqJ+p/j/uD1AAJVAAAABHNzaDo= yubi-ed',
    bits: 256,
    fingerprint: 'SHA256:ORDFBndFe1NJpJnFrhYhD2rK0XldkrZVGaSFF/04Orc',
  },
  SK_ECDSA_256: {
    line: 'sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBJjVRg2HqxX+lgCGRn+zKvR/542D7CFfPElParoHrZnKub2Cz5Ckfqo+ZEqAfKLfh/W85Lzr8QDoLlrqHWX17DYAAAAEc3NoOg== yubi-ec',
    bits: 256,
    fingerprint: 'SHA256:x7FUYsXfKQV3EqDYmZqLZ9yGdYhrVyxhdHopAygro90',
  },
  RSA_1024: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDhb1w+g0beBE8I7lM7RZJZWYqNzpbtA3XhmX6mj0BQY387AFavVtmaJHEYapY4CpRPHwFKdz8vy8JKlGPqyaAWwszv/Wgl+dwiXlZ4q9vFBD8mUfWxICoMm/0G+JB1RZeqr0e9zFvai/Nm7YKaNR6orgVb7F+kcChGC4EVQ8bUoQ== old',
    bits: 1024,
    fingerprint: 'SHA256:t472TmMxvo96p9xuA39oQAzhHSOYbjdyuwPNoAE1Vvs',
  },
  DSA_1024: {
    line: 'ssh-dss AAAAB3NzaC1kc3MAAACBAI3tMywKxGveaKrMBO3veQfHhmtu9DPIv4nWsZqEXJw+esdFyMFKO3nKXdjl/jpwSKn4rodFiEqeGszACffs+WGv0OZlEl8AMWwvMKjvpj9KUKEznhd5Hz6GNpBwtJgidZvU9uvXKBnAXlB89kDvbfA/6So6YcAvhtOSDRGf4joVAAAAFQDbHin+yrevFvXo5RGPPoC30WzYlwAAAIBEgyXTuo0jXiYsr4wox14jPR5PIsvtTbFZzIt2dvHXBQ975INpgUsz3xjZ/fSrxDW26RxGaor6E6wJT9YBk4JehG22cpgqZt4M2dDLKvux1LQFzVW5b5n8VsHgQkaE07fRNHlDAIEuQIf481NewN7sMhxc4tmqFsx5TPRGjruAegAAAIA2NBgv5V4c69EOYatUPlsJbIqtFd/4kXCnqbhWdEdkq8FOnvKaBJfij3Arz0xB/+dgSUSuDML0ysXHEf5uhtVB+oW/5eCJsp8WPD8DVoJbGFRmnV5le/O66402RKNL+SdhL3huA52FTJ5OknlXRPNPHsVcJCrYimbfoC2WJPc+nw== dsa',
    bits: 1024,
    fingerprint: 'SHA256:IG8tqxT/wcVMMHBBQq1XsP9FvxDXLTSt4GivSNjW+bI',
  },
};

type Key = (typeof KEYS)[keyof typeof KEYS];

const PRIVATE_REASON =
  'This is a PRIVATE key: never share it with anyone. Paste the public key instead (the .pub file, ' +
  'e.g. ~/.ssh/id_ed25519.pub), and if this private key was shared anywhere, replace it.';
const ONE_KEY = 'Paste exactly one SSH public key, on a single line.';
const TRUNCATED = 'The key data is truncated or corrupted.';
const TRAILING = 'The key data has unexpected extra bytes at the end.';
const BAD_BASE64 = 'The key data is not valid base64.';

const [typeOf, dataOf] = [(k: Key) => k.line.split(' ')[0]!, (k: Key) => k.line.split(' ')[1]!];
const blobOf = (k: Key) => Buffer.from(dataOf(k), 'base64');
const line = (type: string, blob: Buffer) => `${type} ${blob.toString('base64')}`;

/** SSH wire-format strings (uint32 length + bytes). */
function wire(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

/** Splits a blob back into its wire strings. */
function fields(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < blob.length; ) {
    const length = blob.readUInt32BE(at);
    out.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

function reason(text: string): string {
  const result = parseSshPublicKey(text);
  if (result.ok) throw new Error(`expected a refusal, got ${result.key.type}`);
  return result.reason;
}

describe('parseSshPublicKey: real keys from ssh-keygen', () => {
  const accepted = [
    ['ssh-ed25519', KEYS.ED25519, 'alice@laptop'],
    ['ssh-rsa 2048', KEYS.RSA_2048, 'bob rsa 2048'],
    ['ssh-rsa 3072 (no comment)', KEYS.RSA_3072, null],
    ['ssh-rsa 4096', KEYS.RSA_4096, 'carol@ws'],
    ['ecdsa nistp256', KEYS.ECDSA_256, 'e256'],
    ['ecdsa nistp384', KEYS.ECDSA_384, 'e384'],
    ['ecdsa nistp521', KEYS.ECDSA_521, 'e521'],
    ['sk-ssh-ed25519', KEYS.SK_ED25519, 'yubi-ed'],
    ['sk-ecdsa nistp256', KEYS.SK_ECDSA_256, 'yubi-ec'],
  ] as const;

  it.each(accepted)('%s: bits and fingerprint equal ssh-keygen -lf', (_name, key, comment) => {
    expect(parseSshPublicKey(key.line)).toEqual({
      ok: true,
      key: { type: typeOf(key), bits: key.bits, fingerprint: key.fingerprint, comment, normalized: key.line },
    });
  });

  it('fingerprint is the unpadded base64 SHA-256 of the blob', () => {
    const digest = createHash('sha256').update(blobOf(KEYS.ECDSA_256)).digest('base64');
    expect(digest.endsWith('=')).toBe(true);
    expect(KEYS.ECDSA_256.fingerprint).toBe(`SHA256:${digest.replace(/=+$/, '')}`);
  });

  it('trims surrounding whitespace, accepts tabs, keeps a comment with spaces', () => {
    const text = `\n  ${typeOf(KEYS.ED25519)}\t${dataOf(KEYS.ED25519)}  my  work\tlaptop  \r\n`;
    const result = parseSshPublicKey(text);
    expect(result).toEqual({
      ok: true,
      key: {
        type: 'ssh-ed25519',
        bits: 256,
        fingerprint: 'SHA256:SODci10mJTWh0noMWlPTipryISPiP4iPvPFehJENLEw',
        comment: 'my  work\tlaptop',
        normalized: `ssh-ed25519 ${dataOf(KEYS.ED25519)} my  work\tlaptop`,
      },
    });
  });

  it('accepts a modulus with a redundant leading zero byte and counts bits exactly', () => {
    const [type, e, n] = fields(blobOf(KEYS.RSA_2048));
    const padded = wire(type!, e!, Buffer.concat([Buffer.from([0]), n!]));
    const result = parseSshPublicKey(line('ssh-rsa', padded));
    expect(result.ok && result.key.bits).toBe(2048);
  });
});

describe('parseSshPublicKey: refused keys', () => {
  it('refuses RSA below 2048 bits with the actual size, and DSA', () => {
    expect(reason(KEYS.RSA_1024.line)).toBe(
      'The RSA key is too small (1024 bits). Use at least 2048 bits, or an Ed25519 key.',
    );
    expect(reason(KEYS.RSA_2047.line)).toBe(
      'The RSA key is too small (2047 bits). Use at least 2048 bits, or an Ed25519 key.',
    );
    expect(reason(KEYS.DSA_1024.line)).toBe(
      'DSA keys (ssh-dss) are not accepted: they are insecure and disabled by OpenSSH. Use an Ed25519 key.',
    );
  });

  it('refuses empty input, unknown types, certificates, options and a type without data', () => {
    expect(reason(`ssh-foo ${dataOf(KEYS.ED25519)}`)).toBe(
      'Unsupported key type "ssh-foo". Use ssh-ed25519, ssh-rsa (2048 bits or more) or ecdsa-sha2-nistp256/384/521.',
    );
    expect(reason(`ssh-ed25519-cert-v01@openssh.com ${dataOf(KEYS.ED25519)}`)).toBe(
      'SSH certificates are not accepted: paste the plain public key.',
    );
    expect(reason(`no-pty,from="10.0.0.1" ${KEYS.ED25519.line}`)).toBe(
      'Remove the options before the key type: paste only the public key line.',
    );
    expect(reason('  \n ')).toBe('Paste your SSH public key.');
    expect(reason('ssh-ed25519')).toBe('The key data is missing after the key type.');
  });

  it('refuses bad base64', () => {
    const data = dataOf(KEYS.ED25519);
    expect(reason(`ssh-ed25519 ${data.slice(0, -1)}`)).toBe(BAD_BASE64);
    expect(reason(`ssh-ed25519 ${data.slice(0, -4)}!!!!`)).toBe(BAD_BASE64);
    // "ZIk=" -> "ZIl=" only changes padding bits: Buffer.from would decode the same bytes.
    const ec = dataOf(KEYS.ECDSA_256);
    expect(ec.endsWith('ZIk=')).toBe(true);
    expect(reason(`ecdsa-sha2-nistp256 ${ec.slice(0, -4)}ZIl=`)).toBe(BAD_BASE64);
  });

  it('refuses a blob whose inner type differs from the outer type', () => {
    expect(reason(`ssh-rsa ${dataOf(KEYS.ED25519)}`)).toBe(
      'The key data is a "ssh-ed25519" key, but the line says "ssh-rsa".',
    );
    const [, ...rest] = fields(blobOf(KEYS.ED25519));
    expect(reason(line('ssh-ed25519', wire('ssh-ed448', ...rest)))).toBe(
      'The key data is a "ssh-ed448" key, but the line says "ssh-ed25519".',
    );
    expect(reason(line('ssh-ed25519', wire(Buffer.from([1, 2, 3]), ...rest)))).toBe(
      'The key data does not match the key type.',
    );
  });

  it('refuses truncated blobs and trailing bytes', () => {
    for (const key of [KEYS.ED25519, KEYS.RSA_4096, KEYS.ECDSA_521, KEYS.SK_ECDSA_256]) {
      const blob = blobOf(key);
      expect(reason(line(typeOf(key), blob.subarray(0, blob.length - 1)))).toBe(TRUNCATED);
      expect(reason(line(typeOf(key), blob.subarray(0, 20)))).toBe(TRUNCATED);
      expect(reason(line(typeOf(key), Buffer.concat([blob, Buffer.from([0])])))).toBe(TRAILING);
    }
  });

  it('refuses malformed Ed25519 keys', () => {
    const [type, pk] = fields(blobOf(KEYS.ED25519));
    expect(reason(line('ssh-ed25519', wire(type!, pk!.subarray(1))))).toBe(
      'The Ed25519 key data must be exactly 32 bytes.',
    );
    const [skType, skPk] = fields(blobOf(KEYS.SK_ED25519));
    expect(reason(line(typeOf(KEYS.SK_ED25519), wire(skType!, skPk!, '')))).toBe(
      'The security-key application name is missing or invalid.',
    );
  });

  it('refuses bad RSA exponents and a negative modulus; accepts e = 3', () => {
    const [type, , n] = fields(blobOf(KEYS.RSA_2048));
    const rsa = (e: number[], modulus = n!) => line('ssh-rsa', wire(type!, Buffer.from(e), modulus));
    for (const e of [[1], [1, 0, 0], [], [0x81]]) {
      expect(reason(rsa(e))).toBe(
        e[0] === 0x81 ? 'The RSA key data is corrupted.' : 'The RSA key has an invalid public exponent.',
      );
    }
    expect(n![0]).toBe(0);
    expect(reason(rsa([1, 0, 1], n!.subarray(1)))).toBe('The RSA key data is corrupted.');
    const huge = Buffer.concat([Buffer.from([1]), Buffer.alloc(2048)]);
    expect(reason(rsa([3], huge))).toBe('The RSA key is too large (16385 bits). The maximum is 16384 bits.');
    const result = parseSshPublicKey(rsa([3]));
    expect(result.ok && result.key.bits).toBe(2048);
  });

  it('refuses ECDSA curve mismatches, compressed and off-curve points', () => {
    const [type, , point] = fields(blobOf(KEYS.ECDSA_384));
    expect(reason(line(typeOf(KEYS.ECDSA_384), wire(type!, 'nistp256', point!)))).toBe(
      'The key data names the curve "nistp256", but the key type requires nistp384.',
    );
    const compressed = Buffer.concat([Buffer.from([2 + (point!.at(-1)! & 1)]), point!.subarray(1, 49)]);
    const uncompressedOnly = 'The ECDSA key point is invalid: it must be uncompressed (97 bytes).';
    expect(reason(line(typeOf(KEYS.ECDSA_384), wire(type!, 'nistp384', compressed)))).toBe(uncompressedOnly);
    const offCurve = Buffer.from(point!);
    offCurve[96]! ^= 1;
    expect(reason(line(typeOf(KEYS.ECDSA_384), wire(type!, 'nistp384', offCurve)))).toBe(
      'The ECDSA key point is invalid.',
    );
  });

  it('refuses private keys pasted by mistake, telling the user never to share them', () => {
    const openssh =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n';
    expect(reason(openssh)).toBe(PRIVATE_REASON);
    expect(reason('-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----')).toBe(
      PRIVATE_REASON,
    );
    expect(reason('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none')).toBe(PRIVATE_REASON);
  });

  it('refuses several keys, several lines, RFC 4716 blocks and control characters', () => {
    expect(reason(`${KEYS.ED25519.line}\n${KEYS.ECDSA_256.line}`)).toBe(ONE_KEY);
    expect(reason(`${KEYS.ED25519.line} ${KEYS.ECDSA_256.line}`)).toBe(ONE_KEY);
    expect(reason(`${KEYS.ED25519.line}\r\nsecond line`)).toBe(ONE_KEY);
    expect(
      reason(`---- BEGIN SSH2 PUBLIC KEY ----\n${dataOf(KEYS.ED25519)}\n---- END SSH2 PUBLIC KEY ----`),
    ).toBe(
      'This public key is in SSH2 (RFC 4716) format. Convert it with "ssh-keygen -i -f key.pub" and paste the one-line result.',
    );
    expect(reason(`${KEYS.ED25519.line}\u0007bell`)).toBe('The SSH public key contains invalid characters.');
  });

  it('refuses input over 16 KiB, and accepts it at exactly 16 KiB', () => {
    const filler = (total: number) => 'x'.repeat(total - KEYS.ED25519.line.length - 1);
    const atLimit = `${KEYS.ED25519.line} ${filler(SSH_PUBLIC_KEY_MAX_BYTES)}`;
    expect(parseSshPublicKey(atLimit).ok).toBe(true);
    expect(reason(`${atLimit}x`)).toBe('The SSH public key is too long (over 16 KiB).');
  });
});
