import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first, then the browser tests (each group gets its own worker limit).
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**'],
          environment: 'node',
          // Property-based and whole-scan tests run thousands of cases: time is not what they check.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.e2e.ts'],
          // The browsers are checked once, before any file: a missing or wrongly set one is one line.
          globalSetup: ['test/e2e/browsers-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file launches its own Chromium; two cores, so at most two at a time.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
    ],
  },
});
