import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // The end-to-end tests start the API and CLI processes; two cores do not want more.
    maxWorkers: 2,
  },
});
