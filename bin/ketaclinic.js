#!/usr/bin/env node
// Launcher for the `ketaclinic` command: the compiled CLI when built (npm start builds it), otherwise the
// TypeScript source through tsx (a dev dependency, present in a checkout).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Commands that walk a whole table (a million audit events, a clinic's export) allocate a page of rows at a time;
// with V8's default 16 MB young generation, half their time went to scavenges. They run with a 64 MB one.
const WALKING_COMMANDS = new Set(['audit', 'ledger', 'export', 'backup', 'restore', 'migrate-to-postgres']);
if (
  WALKING_COMMANDS.has(process.argv[2]) &&
  !process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size'))
) {
  const { spawnSync } = await import('node:child_process');
  const child = spawnSync(
    process.execPath,
    ['--max-semi-space-size=64', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const { runCli } = existsSync(built)
  ? await import(pathToFileURL(built).href)
  : await (async () => {
      const { tsImport } = await import('tsx/esm/api');
      return tsImport(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href, import.meta.url);
    })();
const command = process.argv[2];
// Progress of long commands goes to standard error: shown on a terminal, or everywhere with --progress.
const progress = {
  write: (text) => {
    process.stderr.write(text);
  },
  isTTY: process.stderr.isTTY === true,
};
const code = await runCli(process.argv.slice(2), process.env, {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  progress,
});
if (command !== 'serve') process.exit(code);
