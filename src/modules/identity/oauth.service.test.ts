import { describe, expect, it } from 'vitest';
import { safeNextPath } from './oauth.service.js';

describe('safeNextPath', () => {
  it('keeps same-site paths with their query and fragment', () => {
    expect(safeNextPath('/pods')).toBe('/pods');
    expect(safeNextPath('/pods?tab=running#top')).toBe('/pods?tab=running#top');
    expect(safeNextPath('/a/../b')).toBe('/b');
  });

  it('turns anything that could leave the site into /', () => {
    for (const next of [
      undefined,
      '',
      'pods',
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/pods\nLocation: https://evil.example',
    ]) {
      expect(safeNextPath(next), String(next)).toBe('/');
    }
  });
});
