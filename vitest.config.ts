import { defineConfig } from 'vitest/config';

// Two groups that run one after the other: everything else first, then the tests that fragment and
// compact this host's real memory (they only run with MEMFRAG_REAL_KERNEL=1 and never beside other tests).
export default defineConfig({
  test: {
    globalSetup: ['test/globalSetup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/realkernel/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'real-kernel',
          include: ['test/realkernel/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
