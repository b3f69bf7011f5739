/**
 * No cycles between modules (issue 13): if module A imports B at run time, B does not import A, directly or through
 * others. A cycle makes the order modules load in matter, and was once broken in app.ts with a closure; clinic-wide
 * helpers (time zone, clinic context) live in `clinics`, which every module may use. Type-only imports are left out:
 * they vanish from the compiled code, and the read ports (`*-ports.ts`) name other modules' repositories by type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesBelow } from '../testing/source-tree.js';

const MODULES = import.meta.dirname;

/** `import { a, type B } from '../plans/x.js'` counts; `import type { B } from …` and `import { type B } …` do not. */
const IMPORT = /^(?:import|export)\s+(type\s+)?(?:\{([^}]*)\}|[^;{]*?)\s*from\s+'\.\.\/([a-z0-9-]+)\/[^']+'/gm;

function sourceFiles(dir: string): string[] {
  return filesBelow(dir, (name) => name.endsWith('.ts') && !name.includes('.test.') && !name.endsWith('.testing.ts'));
}

/** The modules each module imports at run time. */
function runtimeImports(sources: ReadonlyMap<string, readonly string[]>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [module, texts] of sources) {
    const targets = new Set<string>();
    for (const text of texts) {
      for (const [, typeOnly, names, target] of text.matchAll(IMPORT)) {
        const onlyTypes =
          typeOnly !== undefined ||
          (names !== undefined &&
            names
              .split(',')
              .map((n) => n.trim())
              .filter(Boolean)
              .every((n) => n.startsWith('type ')));
        if (!onlyTypes && target !== module && sources.has(target!)) targets.add(target!);
      }
    }
    graph.set(module, targets);
  }
  return graph;
}

/** Every group of modules that reach each other (strongly connected, more than one module). */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (module: string) => {
    order.set(module, order.size);
    low.set(module, order.get(module)!);
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(module, Math.min(low.get(module)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(module, Math.min(low.get(module)!, order.get(next)!));
      }
    }
    if (low.get(module) === order.get(module)) {
      const group: string[] = [];
      for (;;) {
        const member = stack.pop()!;
        group.push(member);
        if (member === module) break;
      }
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const module of graph.keys()) if (!order.has(module)) visit(module);
  return found;
}

const sources = new Map(
  readdirSync(MODULES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, sourceFiles(join(MODULES, entry.name)).map((f) => readFileSync(f, 'utf8'))] as const),
);

describe('imports between modules', () => {
  it('reads value imports and leaves type-only ones out, and finds a cycle where there is one', () => {
    const graph = runtimeImports(
      new Map([
        ['plans', ["import { planProtocol } from '../scheduling/x.js';"]],
        ['scheduling', ["import { a, type B } from '../plans/y.js';", "import type { C } from '../audit/z.js';"]],
        ['audit', ["import { type D } from '../plans/w.js';"]],
      ]),
    );
    expect(graph).toEqual(
      new Map([
        ['plans', new Set(['scheduling'])],
        ['scheduling', new Set(['plans'])],
        ['audit', new Set()],
      ]),
    );
    expect(cycles(graph)).toEqual([['plans', 'scheduling']]);
  });

  it('scans the real modules (the scan itself works)', () => {
    const graph = runtimeImports(sources);
    expect(graph.size).toBeGreaterThan(20);
    expect(graph.get('scheduling')?.has('clinics')).toBe(true);
  });

  it('has no cycle between modules at run time', () => {
    expect(cycles(runtimeImports(sources))).toEqual([]);
  });
});
