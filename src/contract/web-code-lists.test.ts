/**
 * The web app keeps no copy of a domain or contract code list (issue 13): a select's options, a set of kinds, a
 * list of values to check against. Such a list is taken from src/domain or src/contract (choicesOf builds options
 * from the list and a label record keyed by its type). This test reads every list of three or more codes declared
 * in src/domain and src/contract, then every array in src/web whose elements are codes, or options whose `value`s
 * are codes, and names each web array that holds exactly the codes of a declared list.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { filesBelow } from '../server/testing/source-tree.js';

const ROOT = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return filesBelow(dir, (name) => /\.tsx?$/.test(name) && !name.includes('.test.'));
}

/** A code: lower case, digits and dashes ('iv-ketamine', 'not-pregnant'), as the lists spell their values. */
const isCode = (text: string) => /^[a-z][a-z0-9-]*$/.test(text);

/** The codes an array holds: its string elements, or the string `value` of each object element. */
function codesOf(array: ts.ArrayLiteralExpression): string[] | undefined {
  const codes: string[] = [];
  for (const element of array.elements) {
    if (ts.isStringLiteral(element)) codes.push(element.text);
    else if (ts.isObjectLiteralExpression(element)) {
      const value = element.properties.find(
        (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'value',
      );
      if (!value || !ts.isStringLiteral(value.initializer)) return undefined;
      codes.push(value.initializer.text);
    } else return undefined;
  }
  const listed = codes.filter((c) => c !== '');
  return listed.length >= 3 && listed.every(isCode) ? listed : undefined;
}

/** Every array of three or more codes in a file, each with its line. */
function codeArrays(fileName: string, text: string): { line: number; codes: string[] }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: { line: number; codes: string[] }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isArrayLiteralExpression(node)) {
      const codes = codesOf(node);
      if (codes) found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, codes });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const keyOf = (codes: readonly string[]) => [...new Set(codes)].sort().join('|');

/** `file:line` of each web array holding exactly the codes of a list declared in `lists`. */
function copiesIn(
  lists: ReadonlyMap<string, string>,
  webFiles: readonly { name: string; text: string }[],
): { at: string; copies: string }[] {
  return webFiles.flatMap(({ name, text }) =>
    codeArrays(name, text).flatMap(({ line, codes }) => {
      const declared = lists.get(keyOf(codes));
      return declared ? [{ at: `${name}:${line}`, copies: declared }] : [];
    }),
  );
}

function declaredLists(): Map<string, string> {
  const lists = new Map<string, string>();
  for (const dir of ['src/domain', 'src/contract']) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const name = relative(ROOT, file);
      for (const { line, codes } of codeArrays(name, readFileSync(file, 'utf8')))
        if (!lists.has(keyOf(codes))) lists.set(keyOf(codes), `${name}:${line}`);
    }
  }
  return lists;
}

describe('the web app keeps no copy of a code list', () => {
  it('finds a list of codes, or of options with code values, that copies a declared list, and nothing else', () => {
    const lists = new Map([[keyOf(['expired', 'damaged', 'recalled']), 'src/domain/x.ts:3']]);
    const web = [
      "const A = [{ value: 'expired', label: 'Expired' }, { value: 'damaged', label: 'D' }, { value: 'recalled', label: 'R' }];",
      "const B = ['recalled', 'expired', 'damaged'];",
      "const C = [{ value: '', label: '—' }, { value: 'expired', label: 'E' }, { value: 'damaged', label: 'D' }, { value: 'recalled', label: 'R' }];",
      "const D = ['expired', 'damaged'];",
      "const E = ['expired', 'damaged', 'recalled', 'lost'];",
      'const F = choicesOf(DESTRUCTION_REASONS, LABELS);',
    ].join('\n');
    expect(copiesIn(lists, [{ name: 'w.tsx', text: web }])).toEqual([
      { at: 'w.tsx:1', copies: 'src/domain/x.ts:3' },
      { at: 'w.tsx:2', copies: 'src/domain/x.ts:3' },
      { at: 'w.tsx:3', copies: 'src/domain/x.ts:3' },
    ]);
  });

  it('reads the declared lists (the scan itself works)', () => {
    const lists = declaredLists();
    expect(lists.size).toBeGreaterThan(30);
    expect(lists.has(keyOf(['expired', 'damaged', 'recalled', 'other']))).toBe(true);
    expect(lists.has(keyOf(['iv-ketamine', 'iv-ketamine-pain', 'esketamine-nasal']))).toBe(true);
  });

  it('has no array in src/web that holds exactly the codes of a domain or contract list', () => {
    const web = sourceFiles(join(ROOT, 'src/web')).map((file) => ({
      name: relative(ROOT, file),
      text: readFileSync(file, 'utf8'),
    }));
    expect(web.length).toBeGreaterThan(50);
    expect(copiesIn(declaredLists(), web)).toEqual([]);
  });
});
