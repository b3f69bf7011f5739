import { sql, type Kysely } from 'kysely';
import type { AppUserRow, Database, StaffRole } from '../../db/schema.js';

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listByClinic(clinicId: string): Promise<AppUserRow[]> {
    return this.db.selectFrom('appUser').selectAll().where('clinicId', '=', clinicId).orderBy('role').orderBy('displayName').execute();
  }

  async emailExists(email: string): Promise<boolean> {
    const row = await this.db.selectFrom('appUser').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
    return row !== undefined;
  }

  insert(input: { clinicId: string; email: string; displayName: string; role: StaffRole; passwordHash: string }): Promise<AppUserRow> {
    return this.db.insertInto('appUser').values({ ...input, email: input.email.toLowerCase(), mfaSecret: null })
      .returningAll().executeTakeFirstOrThrow();
  }
}
