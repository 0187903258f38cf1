import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Moto-backed suites share one emulator process per worker; keep the 2-core machines calm.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
