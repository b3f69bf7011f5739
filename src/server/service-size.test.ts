/**
 * Services hold no rules (issue 13): a service loads, asks the domain, saves and audits. One that grows past 500 lines
 * has taken on a second job (or a rule that belongs in src/domain), and is split by responsibility instead. This test
 * names every service file over the limit, with its length.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesBelow } from './testing/source-tree.js';

const SERVER = import.meta.dirname;
const MAX_SERVICE_LINES = 500;

function serviceFiles(dir: string): string[] {
  return filesBelow(dir, (name) => name.endsWith('.service.ts'));
}

/** Lines as an editor counts them (a final newline does not start another line). */
const lineCount = (text: string): number => text.replace(/\n$/, '').split('\n').length;

describe('service size', () => {
  it('finds the services it measures', () => {
    const names = serviceFiles(SERVER).map((f) => relative(SERVER, f));
    expect(names).toContain('modules/patients/patients.service.ts');
    expect(names).toContain('fhir/fhir.service.ts');
  });

  it(`keeps every service at ${MAX_SERVICE_LINES} lines or fewer`, () => {
    const over = serviceFiles(SERVER)
      .map((file) => ({ file: relative(SERVER, file), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter((s) => s.lines > MAX_SERVICE_LINES)
      .map((s) => `${s.file}: ${s.lines} lines`);
    expect(over).toEqual([]);
  });

  it('counts lines as an editor does', () => {
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });
});
