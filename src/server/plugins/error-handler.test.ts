import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { logServerError, toProblem } from './error-handler.js';

describe('error handler: database data errors', () => {
  // PostgreSQL SQLSTATE class 22 "data exception": the request carried a value the database cannot hold.
  it.each(['22021', '22P05', '22P02', '22008', '22003', '22007'])(
    'turns SQLSTATE %s into a 400 problem, never a 500, without quoting the value',
    (code) => {
      const error = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 near "Rowan"'), { code });
      const problem = toProblem(error);
      expect(problem).toMatchObject({ type: 'bad-request', status: 400, code: `sqlstate-${code}` });
      expect(problem.detail).not.toContain('Rowan');
    },
  );

  it("still answers 500 for a database error that is the program's fault (an undefined table)", () => {
    expect(toProblem(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' })).status).toBe(500);
  });

  // PostgreSQL rolled the transaction back and asks for it to be run again (40P01 deadlock, 40001 serialization).
  // The transactor already ran it four times (db/transaction.ts); what still fails is a conflict, not a crash.
  it.each(['40P01', '40001'])('turns SQLSTATE %s, left after the retries, into a 409 asking to try again', (code) => {
    const problem = toProblem(Object.assign(new Error('deadlock detected'), { code }));
    expect(problem).toMatchObject({ type: 'conflict', status: 409, code: 'concurrent-change' });
    expect(problem.detail).toMatch(/try again/);
  });
});

describe('error handler: what a 5xx logs', () => {
  /** The log entries `logServerError` writes for `error`, through a request whose logger records them. */
  function logged(error: unknown): unknown[][] {
    const entries: unknown[][] = [];
    const request = { log: { error: (...args: unknown[]) => entries.push(args) } } as unknown as FastifyRequest;
    logServerError(request, error, 'request failed');
    return entries;
  }

  it('logs a database error by its SQLSTATE and constraint, never its message (it can quote a row value)', () => {
    const error = Object.assign(new Error('Key (mrn)=(Rowan-1) already exists'), {
      code: '23505',
      constraint: 'patient_mrn_key',
    });
    const [entry] = logged(error);
    expect(entry).toEqual([
      {
        err: expect.objectContaining({
          type: 'Error',
          code: '23505',
          constraint: 'patient_mrn_key',
          message: undefined,
        }),
      },
      'request failed',
    ]);
    expect(JSON.stringify(entry)).not.toContain('Rowan');
  });

  it("logs any other error's message and stack", () => {
    const [entry] = logged(new Error('the program went wrong'));
    expect(entry?.[0]).toEqual({
      err: expect.objectContaining({ message: 'the program went wrong', stack: expect.stringContaining('at ') }),
    });
  });
});
