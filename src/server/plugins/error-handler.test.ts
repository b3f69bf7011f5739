import { describe, expect, it } from 'vitest';
import { toProblem } from './error-handler.js';

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
