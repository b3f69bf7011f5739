import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredEntry {
  readonly clinicId: string;
  readonly sequence: number;
  readonly entryId: string;
  readonly kind: string;
  readonly event: Record<string, unknown>;
  readonly recordedAt: Date;
  readonly recordedBy: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export interface LedgerHead {
  readonly clinicId: string;
  readonly lastSequence: number;
  readonly lastHash: string;
}

export class LedgerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Catalogue and safes ---------------------------------------------------------------------------------------

  listProducts(clinicId: string) {
    return this.db
      .selectFrom('ledgerProduct')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .orderBy('createdAt')
      .orderBy('productId')
      .execute();
  }

  /** Adds products that are not there yet (by id or NDC); existing ones are left exactly as they are. */
  async insertProducts(
    rows: Array<{
      clinicId: string;
      productId: string;
      ndc: string;
      product: Record<string, unknown>;
      createdAt: Date;
      createdBy: string | null;
    }>,
  ): Promise<number> {
    let inserted = 0;
    for (const row of rows) {
      const result = await this.db
        .insertInto('ledgerProduct')
        .values({ ...row, product: JSON.stringify(row.product) })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  listLocations(clinicId: string) {
    return this.db.selectFrom('ledgerLocation').selectAll().where('clinicId', '=', clinicId).orderBy('name').execute();
  }

  findLocation(clinicId: string, locationId: string) {
    return this.db
      .selectFrom('ledgerLocation')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('locationId', '=', locationId)
      .executeTakeFirst();
  }

  insertLocation(
    trx: Transaction<Database>,
    row: { clinicId: string; locationId: string; name: string; openableByRoles: string[]; at: Date },
  ) {
    return trx
      .insertInto('ledgerLocation')
      .values({
        clinicId: row.clinicId,
        locationId: row.locationId,
        name: row.name,
        openableByRoles: JSON.stringify(row.openableByRoles),
        createdAt: row.at,
        updatedAt: row.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateLocation(
    trx: Transaction<Database>,
    clinicId: string,
    locationId: string,
    change: { name?: string; openableByRoles?: string[]; at: Date },
  ) {
    return trx
      .updateTable('ledgerLocation')
      .set({
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.openableByRoles === undefined ? {} : { openableByRoles: JSON.stringify(change.openableByRoles) }),
        updatedAt: change.at,
      })
      .where('clinicId', '=', clinicId)
      .where('locationId', '=', locationId)
      .returningAll()
      .executeTakeFirst();
  }

  // The ledger ----------------------------------------------------------------------------------------------------

  /** Creates the clinic's head row (sequence 0, the genesis hash) if it has none. */
  async ensureHead(clinicId: string, genesisHash: string, at: Date): Promise<void> {
    await this.db
      .insertInto('ledgerHead')
      .values({ clinicId, lastSequence: 0, lastHash: genesisHash, updatedAt: at })
      .onConflict((oc) => oc.column('clinicId').doNothing())
      .execute();
  }

  /** The head, locked until the transaction ends: appends to one clinic's ledger run one at a time. */
  lockHead(trx: Transaction<Database>, clinicId: string): Promise<LedgerHead | undefined> {
    return trx
      .selectFrom('ledgerHead')
      .select(['clinicId', 'lastSequence', 'lastHash'])
      .where('clinicId', '=', clinicId)
      .forUpdate()
      .executeTakeFirst();
  }

  getHead(clinicId: string, db: Db = this.db): Promise<LedgerHead | undefined> {
    return db
      .selectFrom('ledgerHead')
      .select(['clinicId', 'lastSequence', 'lastHash'])
      .where('clinicId', '=', clinicId)
      .executeTakeFirst();
  }

  /** Every entry of a clinic, in sequence order. */
  loadEntries(clinicId: string, db: Db = this.db): Promise<StoredEntry[]> {
    return db.selectFrom('ledgerEntry').selectAll().where('clinicId', '=', clinicId).orderBy('sequence').execute();
  }

  /** The newest stored entry (what the head must point at). */
  lastEntry(clinicId: string, db: Db = this.db) {
    return db
      .selectFrom('ledgerEntry')
      .select(['sequence', 'hash'])
      .where('clinicId', '=', clinicId)
      .orderBy('sequence', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** A page of entries after a sequence, oldest first (verification). */
  entriesAfter(clinicId: string, afterSequence: number, limit: number, db: Db = this.db): Promise<StoredEntry[]> {
    return db
      .selectFrom('ledgerEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('sequence', '>', afterSequence)
      .orderBy('sequence')
      .limit(limit)
      .execute();
  }

  /** Every entry of some kinds, in sequence order. */
  entriesOfKinds(clinicId: string, kinds: readonly string[]): Promise<StoredEntry[]> {
    return this.db
      .selectFrom('ledgerEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('kind', 'in', [...kinds])
      .orderBy('sequence')
      .execute();
  }

  /** A page of entries, newest first. */
  entriesBefore(
    clinicId: string,
    filter: { beforeSequence?: number | undefined; kind?: string | undefined; limit: number },
  ): Promise<StoredEntry[]> {
    let query = this.db.selectFrom('ledgerEntry').selectAll().where('clinicId', '=', clinicId);
    if (filter.beforeSequence !== undefined) query = query.where('sequence', '<', filter.beforeSequence);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    return query.orderBy('sequence', 'desc').limit(filter.limit).execute();
  }

  findEntry(clinicId: string, sequence: number): Promise<StoredEntry | undefined> {
    return this.db
      .selectFrom('ledgerEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('sequence', '=', sequence)
      .executeTakeFirst();
  }

  /** One entry by its id (a draw a session record links to). */
  findEntryById(clinicId: string, entryId: string): Promise<StoredEntry | undefined> {
    return this.db
      .selectFrom('ledgerEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('entryId', '=', entryId)
      .executeTakeFirst();
  }

  /** Corrections naming any of these entries: entryId -> the correcting entries' sequences. */
  async correctionsOf(clinicId: string, entryIds: readonly string[]): Promise<Map<string, number[]>> {
    const result = new Map<string, number[]>();
    if (entryIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('ledgerEntry')
      .select(['sequence', sql<string>`event->>'correctsEntryId'`.as('target')])
      .where('clinicId', '=', clinicId)
      .where('kind', '=', 'correction')
      .where(sql<string>`event->>'correctsEntryId'`, 'in', [...entryIds])
      .orderBy('sequence')
      .execute();
    for (const row of rows) result.set(row.target, [...(result.get(row.target) ?? []), row.sequence]);
    return result;
  }

  async insertEntry(trx: Transaction<Database>, row: StoredEntry): Promise<void> {
    await trx
      .insertInto('ledgerEntry')
      .values({ ...row, event: JSON.stringify(row.event) })
      .execute();
  }

  async advanceHead(
    trx: Transaction<Database>,
    clinicId: string,
    sequence: number,
    hash: string,
    at: Date,
  ): Promise<void> {
    await trx
      .updateTable('ledgerHead')
      .set({ lastSequence: sequence, lastHash: hash, updatedAt: at })
      .where('clinicId', '=', clinicId)
      .execute();
  }

  /** An entry as a draw (kind, session, lot, NDC): the treatment day links a prepared dose to it. */
  async drawEntry(
    clinicId: string,
    entryId: string,
    trx?: Transaction<Database>,
  ): Promise<{ kind: string; sessionId: string | null; lot: string | null; ndc: string | null } | undefined> {
    const row = await (trx ?? this.db)
      .selectFrom('ledgerEntry')
      .select(['kind', 'event'])
      .where('clinicId', '=', clinicId)
      .where('entryId', '=', entryId)
      .executeTakeFirst();
    if (!row) return undefined;
    const event = row.event;
    return {
      kind: row.kind,
      sessionId: typeof event.sessionId === 'string' ? event.sessionId : null,
      lot: typeof event.lot === 'string' ? event.lot : null,
      ndc: typeof event.ndc === 'string' ? event.ndc : null,
    };
  }
}
