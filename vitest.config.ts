import { defineConfig } from 'vitest/config';

// Three projects, one runner:
//   unit: pure tests beside the code (x.test.ts), fast, no I/O;
//   db:   tests on a real database (x.db.test.ts): PGlite always, PostgreSQL too when TEST_DATABASE_URL is set;
//   e2e:  browser tests in Debian's Chromium (e2e/*.e2e.test.ts) against a real server.
// Every response a test provokes is checked against its route's declared schema (src/server/plugins/response-contract.ts).
const checkResponses = { KETACLINIC_CHECK_RESPONSES: '1' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
          environment: 'node',
          env: checkResponses,
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
          environment: 'node',
          env: checkResponses,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          env: checkResponses,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
