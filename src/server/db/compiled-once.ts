import type { Compilable, CompiledQuery, QueryResult } from 'kysely';

/** What runs a compiled query: the database handle's Kysely or one of its transactions. */
export interface CompiledQueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * A select built and compiled once, then run with new values (issue 11). For a read by primary key the database's
 * own work is a fraction of a millisecond, while building the query (Kysely's builder, the camelCase plugin's pass
 * over the tree, the compiler) costs the server more CPU than the rest of the read. Here that is done on the first
 * call: `build` is called with a stand-in for each of its arguments, and every call swaps the stand-ins in the
 * compiled parameter list for the values it is given.
 *
 * Only selects: a compiled query runs the plugins' result transforms (camelCase names), not their query transforms,
 * so a write run this way would escape the table-write counter (table-writes.ts). Every argument must reach the
 * query as a plain parameter (a value compared in a `where`, not a table or column name): checked on compiling.
 */
export function compiledOnce<Args extends string[], Row>(
  build: (...args: Args) => Compilable<Row>,
  /** How many arguments `build` takes: its own count unless it takes them as a rest parameter. */
  arity = build.length,
): (runner: CompiledQueryRunner, ...args: Args) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; slots: readonly number[] } | undefined;
  const compile = () => {
    const standIns = Array.from({ length: arity }, (_, i) => `\u0000compiled-once-${i}\u0000`);
    const query = build(...(standIns as Args)).compile();
    if (query.query.kind !== 'SelectQueryNode') throw new Error('compiledOnce compiles selects only.');
    const slots = query.parameters.map((p) => (typeof p === 'string' ? standIns.indexOf(p) : -1));
    standIns.forEach((_, i) => {
      if (!slots.includes(i)) throw new Error(`compiledOnce: argument ${i} is not a parameter of the compiled query.`);
    });
    return { query, slots };
  };
  return async (runner, ...args) => {
    // `build.length` counts the arguments up to the first with a default: one past it would be compiled as its
    // default value and never swapped, so a call must give exactly the arguments that were stood in for.
    if (args.length !== arity)
      throw new Error(`compiledOnce: called with ${args.length} arguments; the query takes ${arity}.`);
    compiled ??= compile();
    const { query, slots } = compiled;
    const parameters = query.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    return (await runner.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
