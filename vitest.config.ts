import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Moto-backed suites share one emulator process per worker; keep the 2-core machines calm.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: {
      // The AWS SDK's notice that its releases after early January 2027 need Node.js 22 (it
      // calls process.emitWarning once per process on an older Node): the SDK's own opt-out,
      // which leaves every other warning alone. The functions run on Node.js 24 anyway.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
