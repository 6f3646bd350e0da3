import { describe, expect, it } from 'vitest';
import { checkSource, checkTree } from './check-boundaries.js';

describe('module boundary lint', () => {
  it('allows a module to import its own files and another module through index', () => {
    const src = [
      "import { x } from './pods.repo.js';",
      "import { offers } from '../catalog/index.js';",
      "import type { Clock } from '../../platform/clock/clock.js';",
    ].join('\n');
    expect(checkSource('src/modules/pods/pods.service.ts', src)).toEqual([]);
  });

  it("flags a deep import into another module's internals", () => {
    const v = checkSource(
      'src/modules/pods/pods.service.ts',
      "import { repo } from '../catalog/catalog.repo.js';",
    );
    expect(v).toEqual([
      expect.objectContaining({
        line: 1,
        specifier: '../catalog/catalog.repo.js',
        rule: expect.stringContaining("'catalog'"),
      }),
    ]);
  });

  it('flags deep imports from app and tests too, and dynamic imports', () => {
    expect(
      checkSource('src/app/server.ts', "const m = await import('../modules/health/health.routes.js');"),
    ).toHaveLength(1);
    expect(
      checkSource(
        'test/http/x.int.test.ts',
        "import { a } from '../../src/modules/health/health.service.js';",
      ),
    ).toHaveLength(1);
    expect(
      checkSource('src/app/server.ts', "import { healthRoutes } from '../modules/health/index.js';"),
    ).toEqual([]);
  });

  it('forbids the platform layer from importing any module', () => {
    const v = checkSource(
      'src/platform/http/problem.ts',
      "import { x } from '../../modules/health/index.js';",
    );
    expect(v[0]?.rule).toContain('platform');
  });

  it('passes on this repository', () => {
    expect(checkTree(new URL('..', import.meta.url).pathname)).toEqual([]);
  });
});
