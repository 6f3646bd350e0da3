import { describe, expect, it } from 'vitest';
import { redactUrl } from './logger.js';

describe('redactUrl', () => {
  it('redacts credential-bearing query values only, keeping names, order and other values', () => {
    expect(redactUrl('/cb?code=abc&state=xyz&iss=https%3A%2F%2Fidp')).toBe(
      '/cb?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fidp',
    );
    expect(redactUrl('/verify-email?token=t0k&next=%2F')).toBe('/verify-email?token=[redacted]&next=%2F');
    expect(redactUrl('/x?Access_Token=a&page=2')).toBe('/x?Access_Token=[redacted]&page=2');
    expect(redactUrl('/x?%63ode=a')).toBe('/x?%63ode=[redacted]');
    expect(redactUrl('/plain')).toBe('/plain');
    expect(redactUrl('/x?flag&code')).toBe('/x?flag&code');
  });
});
