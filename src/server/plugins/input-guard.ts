/**
 * One gate for text that no route should accept, run before schema validation on every request (body, query
 * string and path parameters), so each route does not have to remember it:
 *
 * - a NUL character anywhere (PostgreSQL cannot store it in text or jsonb: SQLSTATE 22021 / 22P05);
 * - a value that is only invisible characters (zero-width spaces, joiners, BOM): it looks empty but is not;
 * - bidirectional override or isolate controls in names and emails (U+202A-U+202E, U+2066-U+2069): they
 *   make a name display differently from how it sorts and matches ("Trojan Source", CVE-2021-42574);
 * - any single text value over 100,000 characters (no field of this API needs more).
 *
 * Each refusal is a 400 problem naming the field, like a schema error.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError, type ProblemField } from '../errors/http-errors.js';

export const MAX_TEXT_LENGTH = 100_000;

const NUL = '\u0000';
const INVISIBLE_ONLY =
  /^[\s\u200B-\u200D\u2060\uFEFF\u00AD\u180E]*[\u200B-\u200D\u2060\uFEFF\u00AD\u180E][\s\u200B-\u200D\u2060\uFEFF\u00AD\u180E]*$/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** Fields holding a person's name or an address that identifies them: no direction tricks there. */
const IDENTIFYING_FIELD = /(name|email)$/i;

/** The first problem in a text value, or undefined. */
export function textProblem(key: string, value: string): string | undefined {
  if (value.includes(NUL)) return 'must not contain a NUL character';
  if (value.length > MAX_TEXT_LENGTH) return `must be at most ${MAX_TEXT_LENGTH} characters`;
  if (INVISIBLE_ONLY.test(value)) return 'is made only of invisible characters';
  if (IDENTIFYING_FIELD.test(key) && BIDI_CONTROL.test(value))
    return 'must not contain bidirectional override characters';
  return undefined;
}

/** Walks a parsed JSON value (or query/params object) and lists every bad text value or key, by field path. */
export function findTextProblems(value: unknown, path: string[] = [], out: ProblemField[] = []): ProblemField[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    const message = textProblem(path.at(-1) ?? '', value);
    if (message) out.push({ field: path.join('.') || 'body', message });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findTextProblems(item, [...path, String(i)], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes(NUL))
        out.push({
          field: [...path, key.replaceAll(NUL, '\\0')].join('.'),
          message: 'the field name must not contain a NUL character',
        });
      else findTextProblems(item, [...path, key], out);
    }
  }
  return out;
}

export function requestTextProblems(request: Pick<FastifyRequest, 'body' | 'query' | 'params'>): ProblemField[] {
  return [
    ...findTextProblems(request.params, ['params']),
    ...findTextProblems(request.query, ['querystring']),
    ...findTextProblems(request.body),
  ];
}

export function registerInputGuard(app: FastifyInstance): void {
  // A synchronous hook: most requests pass, and they should not pay for a promise each.
  app.addHook('preValidation', (request, _reply, done) => {
    const problems = requestTextProblems(request);
    done(
      problems.length > 0 ? new BadRequestError('Some text in the request cannot be accepted.', problems) : undefined,
    );
  });
}
