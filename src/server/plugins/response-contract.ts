/**
 * How responses are written, and how the tests hold them to their declared schemas (issue 13).
 *
 * Fastify's default serializer (fast-json-stringify) writes only the properties a response schema names and
 * coerces values to the declared types: a field missing from a schema would silently vanish from the answer.
 * Here every response is written with plain `JSON.stringify`, whatever its schema says, so a schema documents
 * the answer and never changes it.
 *
 * When checking is on (the test suites turn it on: `KETACLINIC_CHECK_RESPONSES=1` in vitest.config.ts), every 2xx
 * body is validated against its route's declared schema, read as exact: an object schema that does not say
 * otherwise allows no property it does not name. A mismatch answers 500 and writes the route and Ajv's errors
 * to stderr, so every test that calls a route also checks that route's contract.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySerializerCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** True when the environment asks for response checking (the vitest configuration sets it). */
export function responseCheckingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KETACLINIC_CHECK_RESPONSES === '1';
}

/** A response that does not match its route's declared schema (raised only when checking is on). */
export class ResponseContractError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly problems: readonly ErrorObject[],
  ) {
    super(
      `${route} answered ${status} with a body that does not match its declared response schema: ${problems
        .map(
          (p) =>
            `${p.instancePath || '(body)'} ${p.message ?? 'is invalid'}${p.params && 'additionalProperty' in p.params ? ` "${String(p.params.additionalProperty)}"` : ''}`,
        )
        .join('; ')}`,
    );
    this.name = 'ResponseContractError';
  }
}

/**
 * A copy of `schema` in which every object schema that lists properties and says nothing about others allows
 * no others: the schemas are written to be exact, and the check holds them to it.
 */
export function exactSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(exactSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) out[key] = exactSchema(value);
  if (
    out.type === 'object' &&
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    out.patternProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function isSuccess(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}

export function responseSerializerCompiler(options: { check: boolean }): FastifySerializerCompiler<FastifySchema> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('binary', true); // OpenAPI's file bodies (a Buffer is sent as it is, never through this serializer)
  return ({ schema, method, url, httpStatus }) => {
    let validate: ValidateFunction | undefined;
    if (options.check && isSuccess(String(httpStatus))) validate = ajv.compile(exactSchema(schema) as object);
    const route = `${method} ${url}`;
    return (data: unknown): string => {
      const text = JSON.stringify(data);
      if (validate && !validate(text === undefined ? undefined : JSON.parse(text))) {
        const error = new ResponseContractError(route, Number(httpStatus), validate.errors ?? []);
        process.stderr.write(`${error.message}\n`);
        throw error;
      }
      return text;
    };
  };
}
