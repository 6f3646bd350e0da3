import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Four tiers (STYLE.md §16):
// - unit:     colocated *.test.ts, pure and fast.
// - int:      *.int.test.ts against the real embedded database (PGlite, one migrated template per run).
// - services: the same *.int.test.ts plus *.services.test.ts against PostgreSQL and Redis
//             (TEST_DATABASE_URL / TEST_REDIS_URL, defaulting to the servers on this machine).
// - e2e:      the whole server and the built web app in Chromium.

// Vitest's default is one worker less than the CPUs: one worker on a 2-CPU CI machine. `npm test`
// spends much of its time waiting (polls, timers, sockets), so unit and int run a worker per CPU,
// at least two. Tests wait on state, never on a sleep, so a slower worker only takes longer.
// The services project keeps the default (PostgreSQL and Redis are shared by its files).
const maxWorkers = Math.max(2, availableParallelism());

const unitExclude = [
  '**/*.int.test.ts',
  '**/*.services.test.ts',
  '**/*.e2e.test.ts',
  'node_modules/**',
  'web/**',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          maxWorkers,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: unitExclude,
        },
      },
      {
        test: {
          name: 'int',
          maxWorkers,
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'services',
          include: [
            'src/**/*.int.test.ts',
            'test/**/*.int.test.ts',
            'src/**/*.services.test.ts',
            'test/**/*.services.test.ts',
          ],
          // The process tests start the embedded platform in child processes: nothing to re-run here.
          exclude: ['test/process/**', 'node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          env: {
            TEST_DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
            TEST_REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
