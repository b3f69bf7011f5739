import type { Kysely } from 'kysely';
import type { ClinicRow, Database } from '../../db/schema.js';

export class ClinicsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<ClinicRow | undefined> {
    return this.db.selectFrom('clinic').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** True when the database holds the demo clinic (published passwords): every page then says so. */
  async hasDemoClinic(): Promise<boolean> {
    const row = await this.db.selectFrom('clinic').select('id').where('isDemo', '=', true).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  findBySlug(slug: string): Promise<ClinicRow | undefined> {
    return this.db.selectFrom('clinic').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  async create(input: { name: string; slug: string; isDemo: boolean; timeZone?: string; settings?: Record<string, unknown> }): Promise<ClinicRow> {
    return this.db.insertInto('clinic').values({
      name: input.name, slug: input.slug, isDemo: input.isDemo, timeZone: input.timeZone ?? 'America/New_York',
      settings: JSON.stringify(input.settings ?? {}),
    }).returningAll().executeTakeFirstOrThrow();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('clinic').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
