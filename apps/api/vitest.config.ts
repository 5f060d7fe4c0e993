import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The end-to-end tests start servers and child processes; two cores do not want more.
    maxWorkers: 2,
  },
});
