import { defineConfig } from 'vitest/config';

/**
 * Files that drive Chromium, start processes, or measure time and pace load: they run one at a
 * time, after the rest, so that no other file's work moves their figures.
 */
const ONE_AT_A_TIME = [
  'tests/browser/**/*.test.ts',
  'tests/integration/bench-smoke.test.ts',
  'tests/integration/cluster*.test.ts',
  'tests/integration/live-backpressure.test.ts',
  'tests/integration/nginx-microcache.test.ts',
  'tests/hardening/durability.test.ts',
  'tests/hardening/ceremony-crash.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Browsers, PostgreSQL and nginx share CI's two cores with the tests: a condition polled for
    // may take longer than vitest's default second to come true.
    expect: { poll: { timeout: 5_000 } },
    projects: [
      {
        extends: true,
        // Mostly waiting on sockets and databases: two files at a time on two cores.
        test: { name: 'together', include: ['tests/**/*.test.ts'], exclude: ONE_AT_A_TIME, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'one at a time', include: ONE_AT_A_TIME, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
