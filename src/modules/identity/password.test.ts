import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, createPasswordHasher } from './password.js';

describe('password policy', () => {
  it('accepts a long, non-trivial password', () => {
    expect(checkPasswordPolicy('correct horse battery')).toEqual([]);
    expect(checkPasswordPolicy('Tr0ub4dor&3x')).toEqual([]);
    expect(checkPasswordPolicy('abcdefghik')).toEqual([]); // not a straight run: h→i→k skips
  });

  it('rejects fewer than 10 characters, counting characters rather than UTF-16 units', () => {
    expect(checkPasswordPolicy('Sh0rt!pw9')).toEqual([
      { path: '/body/password', message: 'must be at least 10 characters' },
    ]);
    expect(checkPasswordPolicy('😀😀😀😀😀ab1')).toHaveLength(1); // 8 characters, 13 code units
    expect(checkPasswordPolicy('x'.repeat(257))[0]?.message).toBe('must be at most 256 characters');
  });

  it('rejects one character repeated, straight runs and common passwords (any case)', () => {
    expect(checkPasswordPolicy('aaaaaaaaaaaa')[0]?.message).toBe('must not be one character repeated');
    expect(checkPasswordPolicy('abcdefghijkl')[0]?.message).toBe(
      'must not be a run of consecutive characters',
    );
    expect(checkPasswordPolicy('9876543210')[0]?.message).toBe('must not be a run of consecutive characters');
    expect(checkPasswordPolicy('Password123')[0]?.message).toMatch(/too common/);
    expect(checkPasswordPolicy('QWERTYUIOP')[0]?.message).toMatch(/too common/);
  });

  it('reports problems under the path it is given', () => {
    expect(checkPasswordPolicy('short', '/body/new_password')[0]?.path).toBe('/body/new_password');
  });
});

describe('password hasher', () => {
  const hasher = createPasswordHasher();

  it('hashes with argon2id and a fresh salt, and verifies only the right password', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(a, 'correct horse batterY')).toBe(false);
  });

  it('treats a malformed hash as a mismatch and always fails the dummy verification', async () => {
    expect(await hasher.verify('not-a-hash', 'anything at all')).toBe(false);
    expect(await hasher.verifyDummy('dummy password for timing equalisation')).toBe(false);
  });
});
