/**
 * Counts the writes (insert, update, delete, merge) this process sends to each table, as a Kysely plugin on every
 * database `openDatabase` returns. A cache of rows read from some tables compares the count before and after a
 * piece of work to know whether that work may have changed what it holds (the session cache, auth.service.ts),
 * instead of assuming that every state-changing request did.
 *
 * It counts statements built with Kysely's query builder, which is how repositories write. A raw `sql` statement
 * is not seen: none writes a table whose count is asked for (table-writes.test.ts names them), and a write made by
 * another process (another app instance, the command line) is not seen either; the caches bound that by a time.
 */
import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  MergeQueryNode,
  TableNode,
  UpdateQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** A table's name as written in SQL or in the schema (`user_session` and `userSession` are one table). */
function tableKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

export class TableWriteCounter implements KyselyPlugin {
  private readonly counts = new Map<string, number>();

  /** How many writes to any of these tables this process has sent so far. */
  countOf(tables: readonly string[]): number {
    let total = 0;
    for (const table of tables) total += this.counts.get(tableKey(table)) ?? 0;
    return total;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const table = writtenTable(args.node);
    if (table) {
      const key = tableKey(table);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  // `updateTable('x as y')` and `deleteFrom('x as y')` wrap the table in an alias.
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
}

function writtenTable(node: RootOperationNode): string | undefined {
  if (InsertQueryNode.is(node)) return tableName(node.into);
  if (UpdateQueryNode.is(node)) return tableName(node.table);
  if (DeleteQueryNode.is(node)) return tableName(node.from.froms[0]);
  if (MergeQueryNode.is(node)) return tableName(node.into);
  return undefined;
}
