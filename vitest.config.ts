import { defineConfig } from 'vitest/config'

export const config = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})

// vitest loads the default export of its config file; this is the one default export we allow.
// eslint-disable-next-line no-restricted-syntax
export default config
