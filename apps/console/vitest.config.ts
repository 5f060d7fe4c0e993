import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'browser',
          include: ['test/**/*.e2e.test.ts'],
          // Builds the console once when its sources are newer than the last build.
          globalSetup: ['test/build-console.ts'],
          // Generous: the browser test walks many pages, and CI machines are shared and slow.
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // A browser, the console and the API share two cores: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
