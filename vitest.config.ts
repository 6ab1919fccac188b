import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // CI runs two test files at a time on two cores with browsers, PostgreSQL and nginx beside
    // them: a condition polled for may take longer than vitest's default second to come true.
    expect: { poll: { timeout: 5_000 } },
  },
});
