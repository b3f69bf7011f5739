/**
 * The API contract (issue 13): every route says what it answers, exactly enough for a client to rely on, and the
 * OpenAPI document generated from those declarations is valid OpenAPI.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../server/db/database.js';
import { buildApp } from '../server/app.js';
import type { App } from '../server/http.js';
import { openMigratedPglite } from '../server/testing/pglite-template.js';
import { TestClock, testConfig } from '../server/testing/test-app.js';
import { openParts } from './open-schema.js';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type OpenApiDocument = { paths?: Record<string, Record<string, Operation>> } & Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('the API contract', () => {
  let database: DatabaseHandle;
  let app: App;
  let document: OpenApiDocument;

  beforeAll(async () => {
    database = await openMigratedPglite();
    app = await buildApp(testConfig(), { database, clock: new TestClock().now, runBackgroundJobs: false });
    await app.ready();
    document = app.swagger() as unknown as OpenApiDocument;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('finds an open schema wherever it hides, and accepts typed ones', () => {
    expect(openParts({})).toEqual(['(root)']);
    expect(openParts({ type: 'object', additionalProperties: true })).toEqual(['(root)']);
    expect(openParts({ type: 'object', properties: { items: { type: 'array', items: {} } } })).toEqual(['items[]']);
    expect(
      openParts({ anyOf: [{ type: 'string' }, { type: 'object', properties: {}, additionalProperties: true }] }),
    ).toEqual(['(root)|1']);
    expect(openParts({ type: 'object', patternProperties: { '^.*$': {} } })).toEqual(['(root){}']);
    expect(
      openParts({
        type: 'object',
        properties: { a: { type: 'string' }, b: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
        required: ['a'],
      }),
    ).toEqual([]);
    expect(openParts({ type: 'object', patternProperties: { '^.*$': { type: 'number' } } })).toEqual([]);
  });

  it('gives every route in the OpenAPI document a typed 2xx response, none of it open', () => {
    const problems: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        operations++;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2/.test(status));
        if (success.length === 0) problems.push(`${method.toUpperCase()} ${path}: no 2xx response declared`);
        for (const [status, response] of success) {
          const contents = Object.values(response.content ?? {});
          if (contents.length === 0 && status !== '204')
            problems.push(`${method.toUpperCase()} ${path} ${status}: no body schema`);
          for (const content of contents) {
            for (const where of openParts(content.schema))
              problems.push(`${method.toUpperCase()} ${path} ${status}: open at ${where}`);
          }
        }
      }
    }
    expect(operations).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('publishes an OpenAPI document that a standard OpenAPI validator accepts', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 4000)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
