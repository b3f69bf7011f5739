// ESLint flat config. `npm run lint` is part of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The domain layer is pure: clinical rules as data and functions. It may not reach the server, the web app,
// the database or any of Node's I/O modules. Time is passed in, never read.
const ioModules = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'cluster',
  'worker_threads',
  'readline',
  'os',
  'process',
];
const domainBoundary = {
  patterns: [
    { group: ['**/server/**', '**/server', '../../server/*'], message: 'src/domain must not import from src/server.' },
    { group: ['**/web/**', '**/web'], message: 'src/domain must not import from src/web.' },
    { group: ['**/cli/**'], message: 'src/domain must not import from src/cli.' },
    {
      group: ['kysely', 'kysely/*', 'pg', 'pg/*', '@electric-sql/*'],
      message: 'src/domain must not touch the database.',
    },
    { group: [...ioModules, ...ioModules.map((m) => `node:${m}`)], message: 'src/domain must not do I/O.' },
    { group: ['fastify', 'fastify/*', '@fastify/*'], message: 'src/domain must not depend on HTTP.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', domainBoundary],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/domain is pure: pass configuration in.' },
        { name: 'fetch', message: 'src/domain is pure: no I/O.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/domain takes the time as an argument (`now`), never reads the clock.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'src/domain takes the time as an argument (`now`), never reads the clock.',
        },
      ],
    },
  },
  {
    // Tests never read the machine's date (issue 9: the suite failed on Sundays). They take it from a clock they
    // control: TestClock (src/server/testing/test-app.ts) or controllableClock (e2e/support/server.ts). Durations
    // and deadlines of a wait use performance.now(), which says nothing about the calendar.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    ignores: ['e2e/support/server.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message:
            'Tests take the time from a clock they control (TestClock, controllableClock), never from the machine.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message:
            'Tests take the time from a clock they control (TestClock, controllableClock); time a wait with performance.now().',
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
