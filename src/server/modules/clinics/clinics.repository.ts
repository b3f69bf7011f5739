import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClinicRow, Database } from '../../db/schema.js';
import { compiledOnce } from '../../db/compiled-once.js';

export class ClinicsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Read by most requests that show clinic times or settings: compiled once (compiled-once.ts). */
  private readonly byId = compiledOnce((id: string) => this.db.selectFrom('clinic').selectAll().where('id', '=', id));

  async findById(id: string, trx?: Transaction<Database>): Promise<ClinicRow | undefined> {
    return (await this.byId(trx ?? this.db, id))[0];
  }

  /** True when the database holds the demo clinic (published passwords): every page then says so. */
  async hasDemoClinic(): Promise<boolean> {
    const row = await this.db.selectFrom('clinic').select('id').where('isDemo', '=', true).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Every clinic, oldest first (the `ketaclinic ledger verify` command walks them all). */
  listAll() {
    return this.db.selectFrom('clinic').select(['id', 'name', 'slug']).orderBy('createdAt').orderBy('id').execute();
  }

  findBySlug(slug: string): Promise<ClinicRow | undefined> {
    return this.db.selectFrom('clinic').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  async create(input: {
    name: string;
    slug: string;
    isDemo: boolean;
    timeZone?: string;
    settings?: Record<string, unknown>;
  }): Promise<ClinicRow> {
    return this.db
      .insertInto('clinic')
      .values({
        name: input.name,
        slug: input.slug,
        isDemo: input.isDemo,
        timeZone: input.timeZone ?? 'America/New_York',
        settings: JSON.stringify(input.settings ?? {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('clinic')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Replaces one group of the clinic's settings (`treatmentDay`, …); the other groups are left as they are. */
  async setSettingsGroup(
    trx: Transaction<Database>,
    clinicId: string,
    group: string,
    value: Record<string, unknown>,
  ): Promise<void> {
    await (trx ?? this.db)
      .updateTable('clinic')
      .set({
        settings: sql<string>`coalesce(settings, '{}'::jsonb) || jsonb_build_object(${group}::text, ${JSON.stringify(value)}::jsonb)`,
      })
      .where('id', '=', clinicId)
      .execute();
  }

  /**
   * Merges the clinic's care settings (hours, protocol settings, eligibility rules, ...) into its settings, and sets
   * its time zone when given (scheduling's care settings).
   */
  async updateCareSettings(
    trx: Transaction<Database>,
    clinicId: string,
    patch: Record<string, unknown>,
    timeZone: string | undefined,
  ): Promise<void> {
    await trx
      .updateTable('clinic')
      .set({ settings: sql`settings || ${JSON.stringify(patch)}::jsonb`, ...(timeZone ? { timeZone } : {}) })
      .where('id', '=', clinicId)
      .execute();
  }

  /** Adds one to the clinic's eligibility rule-set revision (under the row lock) and returns the new number. */
  async nextEligibilityRuleSetRevision(trx: Transaction<Database>, clinicId: string): Promise<number> {
    const row = await trx
      .updateTable('clinic')
      .set({
        settings: sql`jsonb_set(coalesce(settings, '{}'::jsonb), '{eligibilityRuleSetRevision}', to_jsonb(coalesce((settings->>'eligibilityRuleSetRevision')::int, 0) + 1))`,
      })
      .where('id', '=', clinicId)
      .returning(sql<number>`(settings->>'eligibilityRuleSetRevision')::int`.as('revision'))
      .executeTakeFirstOrThrow();
    return Number(row.revision);
  }
}
