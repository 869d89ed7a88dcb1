import { defineConfig } from 'vitest/config';

// Resolve @sgc/* packages to their TypeScript sources, so tests need no build.
export default defineConfig({
  resolve: { conditions: ['@sgc/source'] },
  ssr: { resolve: { conditions: ['@sgc/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
