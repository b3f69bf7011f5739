/**
 * The web app keeps no hand-written copy of an API type (issue 13): every request and response shape in
 * `src/web/**\/*.api.ts` (and the shared `src/web/api/` files) is `Static<typeof …>` of a schema in src/contract, or
 * a part of one. So a declared interface, or a type alias that spells out an object type, is a copy in the making,
 * and this test names it. Object types written inline in a hook's arguments (a path id beside a body) are not
 * declarations and are left alone.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { filesBelow } from '../server/testing/source-tree.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'src', 'web');

/**
 * Declarations that may spell out an object type, each with the reason. A key is `file: type name`.
 * None of them mirrors a server payload.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  'src/web/features/admin/admin.api.ts: AccountAction':
    'which of the account routes a button calls (deactivate, reactivate, resets, role): a view-side union, not a payload',
  'src/web/api/client.ts: RequestOptions':
    "the fetch client's own options (query, abort signal, whether a 401 signs out): how a call is made, not what it carries",
  'src/web/features/ledger/ledger-admin.api.ts: DestructionInput':
    "the contract's destruction body with its witnesses narrowed to a pair (the schema says minItems and maxItems 2)",
};

/** The files the rule covers: every `*.api.ts` below src/web, and the shared shapes in src/web/api. */
function apiFiles(): string[] {
  const apis = filesBelow(WEB, (name) => name.endsWith('.api.ts'));
  return [...apis, join(WEB, 'api', 'types.ts'), join(WEB, 'api', 'client.ts')].sort();
}

/** `file: name` for each interface, and each type alias with an object type literal (a non-empty `{ … }`) anywhere in it. */
function handWrittenShapes(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const spellsAnObject = (node: ts.Node): boolean =>
    (ts.isTypeLiteralNode(node) && node.members.length > 0) ||
    (ts.forEachChild(node, (child) => spellsAnObject(child) || undefined) ?? false);
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node)) found.push(`${fileName}: ${node.name.text}`);
    else if (ts.isTypeAliasDeclaration(node) && spellsAnObject(node.type)) found.push(`${fileName}: ${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the web app declares no API type by hand', () => {
  it('finds an interface or an object type spelled out in a type alias, and not a type taken from the contract', () => {
    const sample = [
      "import type { Static } from 'typebox';",
      'export interface Chair { readonly id: string }',
      'export type Booked = { sessions: string[] };',
      'export type Maybe = Static<typeof X> | { none: true };',
      'export type FromContract = Static<typeof ChairSchema>;',
      "export type Part = Static<typeof PlanSchema>['sessions'][number] & {};",
      "export type Keys = Pick<Static<typeof X>, 'a' | 'b'>;",
    ].join('\n');
    expect(handWrittenShapes('sample.api.ts', sample)).toEqual([
      'sample.api.ts: Chair',
      'sample.api.ts: Booked',
      'sample.api.ts: Maybe',
    ]);
  });

  it("covers every feature's API file", () => {
    const files = apiFiles().map((file) => relative(ROOT, file));
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files).toContain('src/web/features/schedule/schedule.api.ts');
  });

  it('has no interface or object type literal in src/web/**/*.api.ts beyond the justified allow-list', () => {
    const found = apiFiles().flatMap((file) => handWrittenShapes(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(found.filter((key) => !(key in ALLOWED))).toEqual([]);
    // An allow-list entry whose declaration is gone is removed too, so the list stays the truth.
    expect(Object.keys(ALLOWED).filter((key) => !found.includes(key))).toEqual([]);
  });
});
