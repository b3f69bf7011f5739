import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../domain/shared/validation.js';
import { toProblem } from '../plugins/error-handler.js';
import { ConflictError, ProblemError, RuleRefusedError } from './http-errors.js';
import { PROBLEM_CODES, statusOfCode } from './problem-codes.js';
import { filesBelow } from '../testing/source-tree.js';

const SRC = join(import.meta.dirname, '..', '..');

/** Every TypeScript file of the server, the domain, the contract and the CLI that is not a test (the web throws none). */
function sourceFiles(dir: string): string[] {
  return filesBelow(dir, (name) => !name.startsWith('web/') && name.endsWith('.ts') && !name.endsWith('.test.ts'));
}

/**
 * Every string literal that names a problem code where an error is thrown: the domain's
 * `new RuleViolationError('code', …)`, `new ProblemError('code', …)`, a coded error class's second argument
 * (`new RuleRefusedError(message, 'code')`), a `code = '…'` field of an error class, and the `'…'` branches of a
 * conditional code. Codes built at run time (`eligibility-${code}`) are checked by the type of the constructors.
 */
function thrownCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (code: string, where: string) => {
    if (!found.has(code)) found.set(code, where);
  };
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const where = relative(SRC, file);
    for (const m of text.matchAll(/new (?:RuleViolationError|ProblemError)\(\s*'([a-z0-9-]+)'/g)) add(m[1]!, where);
    for (const m of text.matchAll(
      /new (?:RuleRefusedError|TreatmentConflictError|CodedForbiddenError|DoubleBookingError)\((?:[^;]*?)`?,\s*'([a-z0-9-]+)'\s*[,)]/g,
    ))
      add(m[1]!, where);
    for (const m of text.matchAll(/readonly code = '([a-z0-9-]+)'/g)) add(m[1]!, where);
    // A code chosen before the throw: `const code = cond ? 'a' : 'b'` (the conditions' own literals left out), `const LAST_ADMIN = '…'`.
    for (const m of text.matchAll(/const (?:code|LAST_ADMIN) = ([^;]*);/g)) {
      for (const c of m[1]!.matchAll(/(?:[?:]\s*|^)'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) add(c[1]!, where);
    }
  }
  return found;
}

describe('the table of problem codes', () => {
  it('lists every code thrown in src, so each code has one status', () => {
    const codes = thrownCodes();
    expect(codes.size).toBeGreaterThan(80);
    const missing = [...codes]
      .filter(([code]) => statusOfCode(code) === undefined)
      .map(([code, where]) => `${code} (${where})`);
    expect(missing).toEqual([]);
  });

  it('gives session-not-active one status, 409, in every module that refuses a cancelled or missed session', () => {
    expect(PROBLEM_CODES['session-not-active']).toBe(409);
    const thrownAt = sourceFiles(SRC)
      .filter((f) => readFileSync(f, 'utf8').includes("'session-not-active'"))
      .map((f) => relative(SRC, f));
    expect(thrownAt).toEqual(
      expect.arrayContaining(['server/errors/problem-codes.ts', 'domain/session/state-machine.ts']),
    );
    // The ledger refuses a draw for a cancelled or no-show session with the same code (and so the same 409).
    expect(thrownAt.some((f) => f.startsWith('server/modules/ledger/'))).toBe(true);
    expect(
      thrownAt
        .filter((f) => f.startsWith('server/modules/'))
        .every((f) => !/RuleRefusedError\([^)]*'session-not-active'/.test(readFileSync(join(SRC, f), 'utf8'))),
    ).toBe(true);
  });
});

describe('the error handler maps a code to its status', () => {
  it('answers a domain refusal with the status of its code, naming the fields it names', () => {
    const paused = toProblem(
      new RuleViolationError('pause-reason-required', 'A pause needs a reason.', undefined, [
        { field: 'reason', message: 'is required for a pause' },
      ]),
    );
    expect(paused).toMatchObject({
      status: 400,
      type: 'bad-request',
      code: 'pause-reason-required',
      detail: 'reason: is required for a pause',
      errors: [{ field: 'reason', message: 'is required for a pause' }],
    });
    expect(
      toProblem(new RuleViolationError('session-not-active', 'This session is cancelled.', 'sessionId')),
    ).toMatchObject({ status: 409, type: 'conflict', code: 'session-not-active' });
    expect(toProblem(new RuleViolationError('device-too-soon', 'wait', 'at'))).toMatchObject({
      status: 422,
      type: 'rule-refused',
      errors: [{ field: 'at', message: 'wait' }],
    });
  });

  it("answers a coded server error with its code's status, whichever class carried it", () => {
    expect(
      toProblem(new ProblemError('session-not-active', 'The session is cancelled: nothing may be drawn for it.')),
    ).toMatchObject({ status: 409, type: 'conflict', code: 'session-not-active' });
    expect(toProblem(new RuleRefusedError('Refused.', 'session-not-active'))).toMatchObject({
      status: 409,
      type: 'conflict',
    });
    expect(toProblem(new RuleRefusedError('No plan.', 'no-planned-dose'))).toMatchObject({
      status: 422,
      type: 'rule-refused',
      code: 'no-planned-dose',
    });
    expect(toProblem(new ConflictError('Changed meanwhile.'))).toMatchObject({ status: 409, type: 'conflict' });
  });
});
