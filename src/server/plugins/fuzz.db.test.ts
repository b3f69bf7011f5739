/**
 * Fuzz (issue 12, acceptance): every route in the app's own OpenAPI document gets a fixed, seeded set of bad
 * inputs as a signed-in admin: NUL bytes, huge and infinite numbers, wrong types, impossible dates,
 * invisible-only names, overlong strings, missing required fields. Each must be answered with a 4xx problem
 * document, never a 5xx and never a success. Requests go through app.inject (no sockets), so it stays quick.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { createTestApp, signIn, type Session, type TestApp } from '../testing/test-app.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const INFINITY = '__fuzz_infinity__';
const toJson = (value: unknown) => JSON.stringify(value).replaceAll(`"${INFINITY}"`, '1e309');

function kindOf(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  const option = schema.anyOf?.find((s) => s.type !== 'null') ?? schema.oneOf?.find((s) => s.type !== 'null');
  if (option) return kindOf(option);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return type ?? (schema.const !== undefined ? typeof schema.const : 'any');
}

function formatOf(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  return schema.format ?? schema.anyOf?.map(formatOf).find(Boolean) ?? schema.oneOf?.map(formatOf).find(Boolean);
}

/** A plausible valid value for a schema (good enough that the one bad field is what the server judges). */
function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const option = schema.anyOf?.find((s) => s.type !== 'null') ?? schema.oneOf?.find((s) => s.type !== 'null');
  if (option) return sample(option, depth + 1);
  switch (kindOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = sample(sub, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string': {
      const format = formatOf(schema);
      if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (format === 'date') return '2026-10-01';
      if (format === 'date-time') return '2026-10-01T10:00:00Z';
      if (format === 'email') return 'someone@example.test';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    default:
      return 'x';
  }
}

/** The bad values for a field of this schema, each with a label. */
function badValues(schema: JsonSchema | undefined, name: string): Array<[string, unknown]> {
  const kind = kindOf(schema);
  const format = formatOf(schema);
  const values: Array<[string, unknown]> = [];
  if (kind === 'string' || kind === 'any') {
    values.push(
      ['NUL byte', `a\u0000b`],
      ['zero-width only', '\u200B\u200C\u200D'],
      ['overlong', 'y'.repeat(120_000)],
      ['number for text', 12_345],
      ['object for text', { a: 1 }],
    );
    if (format === 'date' || format === 'date-time' || /(At|On|Date|date|Birth|start|end|from|to)$/.test(name)) {
      values.push(
        ['year 0', format === 'date' ? '0000-01-01' : '0000-01-01T00:00:00Z'],
        ['year 1', '0001-01-01T00:00:00Z'],
        ['not a date', '2026-02-30T25:61:00Z'],
      );
    }
    if (/name$/i.test(name)) values.push(['bidi override', 'Ro\u202Enawor']);
  } else if (kind === 'integer') {
    values.push(
      ['huge integer', 1e23],
      ['infinite', INFINITY],
      ['fraction', 1.5],
      ['text for number', '12'],
      ['negative huge', -1e23],
    );
  } else if (kind === 'number') {
    values.push(['infinite', INFINITY], ['text for number', '12'], ['boolean for number', true]);
  } else if (kind === 'boolean') {
    values.push(['text for boolean', 'true'], ['number for boolean', 0]);
  } else if (kind === 'array') {
    values.push(['text for array', 'x'], ['array of NUL text', ['a\u0000b']], ['object for array', { 0: 'x' }]);
  } else if (kind === 'object') {
    values.push(['text for object', 'x'], ['array for object', [1, 2]]);
  }
  return values;
}

/** Bad query-string values by the parameter's type (a search for "1e309" is a fair search, not bad input). */
function badQueryValues(schema: JsonSchema | undefined): Array<[string, string]> {
  const kind = kindOf(schema);
  if (kind === 'integer')
    return [
      ['huge number', '99999999999999999999999'],
      ['infinite', '1e309'],
      ['negative huge', '-1e23'],
      ['text for number', 'abc'],
      ['NUL byte', '1%00'],
    ];
  if (kind === 'number')
    return [
      ['infinite', '1e309'],
      ['text for number', 'abc'],
      ['NUL byte', '1%00'],
    ];
  if (kind === 'boolean')
    return [
      ['text for boolean', 'maybe'],
      ['NUL byte', 'true%00'],
    ];
  const values: Array<[string, string]> = [
    ['NUL byte', 'a%00b'],
    ['zero-width only', '%E2%80%8B%E2%80%8B'],
    ['overlong', 'q'.repeat(120_000)],
  ];
  const format = formatOf(schema);
  if (format === 'date' || format === 'date-time')
    values.push(['year 0', format === 'date' ? '0000-01-01' : '0000-01-01T00:00:00Z'], ['not a date', '2026-13-45']);
  return values;
}
const PATH_BAD: Array<[string, string]> = [
  ['NUL byte', 'a%00b'],
  ['huge number', '99999999999999999999999'],
  ['infinite', '1e309'],
  ['zero-width only', '%E2%80%8B'],
  ['negative', '-1'],
  ['overlong', 'p'.repeat(500)],
  ['year 0', '0000-01-01'],
];

/** Leaf and branch paths of a body schema down to depth 3, with their schemas (array items through index 0). */
function fieldsOf(
  schema: JsonSchema | undefined,
  prefix: string[] = [],
  out: Array<{ path: string[]; schema: JsonSchema }> = [],
) {
  if (!schema || prefix.length >= 3) return out;
  const inner = schema.anyOf?.find((s) => s.type !== 'null') ?? schema.oneOf?.find((s) => s.type !== 'null') ?? schema;
  const kind = kindOf(inner);
  if (kind === 'object') {
    for (const [key, sub] of Object.entries(inner.properties ?? {})) {
      out.push({ path: [...prefix, key], schema: sub });
      fieldsOf(sub, [...prefix, key], out);
    }
  } else if (kind === 'array' && inner.items && kindOf(inner.items) === 'object') {
    fieldsOf(inner.items, [...prefix, '0'], out);
  }
  return out;
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
  return copy;
}

interface Probe {
  method: string;
  url: string;
  what: string;
  body?: string;
}

describeEachDatabase('fuzz every route with bad input', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    const list = await t.app.inject({ method: 'GET', url: '/api/patients?limit=1', headers: { cookie: admin.cookie } });
    patientId = list.json<{ items: Array<{ id: string }> }>().items[0]!.id;
  });

  it('answers every bad input on every route with a 4xx problem document, never a 5xx', async () => {
    const random = seeded(12);
    const document = t.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
    const probes: Probe[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        if (template === '/api/events') continue; // a never-ending event stream: covered by its own tests
        const params = operation.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const goodPath = (name: string, schema?: JsonSchema) =>
          kindOf(schema) === 'integer'
            ? '1'
            : formatOf(schema) === 'uuid'
              ? patientId
              : name === 'id'
                ? patientId
                : 'x';
        const urlWith = (overrides: Record<string, string>) =>
          template.replace(
            /\{(\w+)\}/g,
            (_m, name: string) =>
              overrides[name] ?? encodeURIComponent(goodPath(name, pathParams.find((p) => p.name === name)?.schema)),
          );
        const url = urlWith({});
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        const body = bodySchema ? sample(bodySchema) : undefined;
        const upper = method.toUpperCase();

        for (const p of pathParams) {
          for (const [label, value] of PATH_BAD)
            probes.push({
              method: upper,
              url: urlWith({ [p.name]: value }),
              what: `path ${p.name}: ${label}`,
              ...(body === undefined ? {} : { body: toJson(body) }),
            });
        }
        for (const p of params.filter((x) => x.in === 'query')) {
          const candidates = badQueryValues(p.schema);
          const picks = candidates.filter(() => random() < 0.6);
          for (const [label, value] of picks.length ? picks : candidates.slice(0, 1)) {
            probes.push({
              method: upper,
              url: `${url}?${p.name}=${value}`,
              what: `query ${p.name}: ${label}`,
              ...(body === undefined ? {} : { body: toJson(body) }),
            });
          }
        }
        if (bodySchema && body !== undefined) {
          probes.push(
            { method: upper, url, what: 'body: an array', body: '[]' },
            { method: upper, url, what: 'body: a string', body: '"x"' },
          );
          for (const field of fieldsOf(bodySchema)) {
            const candidates = badValues(field.schema, field.path.at(-1)!);
            // A seeded choice of up to two bad values per field keeps the run short and the same every time.
            const chosen = candidates.filter(() => random() < 0.4).slice(0, 2);
            for (const [label, value] of chosen.length ? chosen : candidates.slice(0, 1)) {
              probes.push({
                method: upper,
                url,
                what: `body ${field.path.join('.')}: ${label}`,
                body: toJson(withValue(body, field.path, value)),
              });
            }
          }
          for (const name of bodySchema.required ?? []) {
            const { [name]: _dropped, ...rest } = body as Record<string, unknown>;
            probes.push({ method: upper, url, what: `body ${name}: missing`, body: toJson(rest) });
          }
        }
      }
    }
    expect(probes.length).toBeGreaterThan(500);

    const wrong: string[] = [];
    for (const probe of probes) {
      const headers: Record<string, string> = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
      if (probe.body !== undefined && probe.method !== 'GET' && probe.method !== 'DELETE')
        headers['content-type'] = 'application/json';
      const response = await t.app.inject({
        method: probe.method as 'GET',
        url: probe.url,
        headers,
        ...(probe.body !== undefined && probe.method !== 'GET' && probe.method !== 'DELETE'
          ? { payload: probe.body }
          : {}),
      });
      const isProblem = String(response.headers['content-type']).startsWith('application/problem+json');
      if (response.statusCode < 400 || response.statusCode >= 500 || !isProblem) {
        wrong.push(
          `${probe.method} ${probe.url.slice(0, 120)} [${probe.what}] -> ${response.statusCode} ${response.body.slice(0, 160)}`,
        );
      }
    }
    expect(wrong, `${wrong.length} of ${probes.length} bad requests were not answered with a 4xx problem`).toEqual([]);
  }, 240_000);
});
