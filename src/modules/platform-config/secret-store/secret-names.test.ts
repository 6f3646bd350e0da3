import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, parseSecretName, secretName } from './secret-names.js';

describe('secret names', () => {
  it('keeps pod ids and parameter keys readable', () => {
    expect(secretName('/gpubroker', { podId: 'pod-1', key: 'provider.run-pod.api_key', mode: 'live' })).toBe(
      '/gpubroker/pod-1/live/provider.run-pod.api_key',
    );
  });

  it('encodes anything else reversibly, and only then starts a segment with `_`', () => {
    for (const raw of ['a b', 'a/b', 'ü', '_lead', 'x:y', '~']) {
      const enc = encodeSegment(raw);
      expect(enc).toMatch(/^_[A-Za-z0-9_-]+$/);
      expect(decodeSegment(enc)).toBe(raw);
    }
    expect(() => encodeSegment('')).toThrow();
  });

  it('parses only names of the layout under the POD', () => {
    expect(parseSecretName('/g', 'p', '/g/p/live/a.b')).toEqual({ mode: 'live', key: 'a.b' });
    expect(parseSecretName('/g', 'p', '/g/p/sandbox/_YSBi')).toEqual({ mode: 'sandbox', key: 'a b' });
    for (const name of [
      '/g/p2/live/a',
      '/g/p/test/a',
      '/g/p/live/a/b',
      '/g/p/live/',
      '/g/p/live/_',
      '/g/p/live/a b',
    ]) {
      expect(parseSecretName('/g', 'p', name)).toBeNull();
    }
  });
});
