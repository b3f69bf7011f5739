#!/usr/bin/env node
// `npm start` runs this before the server: it builds the server and the web app only when their sources changed
// since the last build, so a second start takes seconds instead of a full TypeScript and Vite build (issue 15).
// "Changed" means a different SHA-256 over every file the build reads (src/, the TypeScript and Vite configs,
// package-lock.json), kept in dist/.build-sha256 after a successful build. `--force` builds anyway.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-sha256');
const outputs = [path.join(root, 'dist', 'server', 'main.js'), path.join(root, 'dist', 'web', 'index.html')];
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'package.json'];

function* filesUnder(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const child of readdirSync(full, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (child.name.includes('.test.')) continue; // tests are not built
      yield* filesUnder(path.join(entry, child.name));
    }
  } else {
    yield entry;
  }
}

function sourcesHash() {
  const hash = createHash('sha256');
  for (const entry of inputs) {
    for (const file of filesUnder(entry))
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(path.join(root, file)))
        .update('\0');
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const current = sourcesHash();
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (!force && built === current && outputs.every((file) => existsSync(file))) {
  console.log('ketaclinic: the build is current (sources unchanged since the last build); starting.');
  process.exit(0);
}
console.log('ketaclinic: building the server and the web app…');
const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, `${current}\n`);
