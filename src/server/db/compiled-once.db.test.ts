import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { compiledOnce } from './compiled-once.js';

describeEachDatabase('a select compiled once', (ctx) => {
  const clinicBySlug = compiledOnce((slug: string) =>
    ctx.database.db.selectFrom('clinic').select(['id', 'name', 'timeZone']).where('slug', '=', slug),
  );
  const clinicByNameAndZone = compiledOnce((zone: string, name: string) =>
    ctx.database.db
      .selectFrom('clinic')
      .select('slug')
      .where('name', '=', name)
      .where('timeZone', '=', zone)
      .where('isDemo', '=', false),
  );

  it('runs with the values of each call, not those of the first, and names columns as the builder does', async () => {
    const db = ctx.database.db;
    await db
      .insertInto('clinic')
      .values([
        { name: 'North', slug: 'compiled-once-north', timeZone: 'America/New_York' },
        { name: 'South', slug: 'compiled-once-south', timeZone: 'America/Chicago' },
      ])
      .execute();
    expect(await clinicBySlug(db, 'compiled-once-north')).toEqual([
      { id: expect.any(String), name: 'North', timeZone: 'America/New_York' },
    ]);
    expect(await clinicBySlug(db, 'compiled-once-south')).toEqual([
      { id: expect.any(String), name: 'South', timeZone: 'America/Chicago' },
    ]);
    expect(await clinicBySlug(db, 'no-such-clinic')).toEqual([]);
    // Arguments in another order than they appear in the SQL, beside a value of the builder's own (isDemo = false).
    expect(await clinicByNameAndZone(db, 'America/Chicago', 'South')).toEqual([{ slug: 'compiled-once-south' }]);
    expect(await clinicByNameAndZone(db, 'America/New_York', 'South')).toEqual([]);
  });

  it("runs inside a transaction and sees that transaction's own writes", async () => {
    const rolledBack = new Error('roll back');
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        await trx.insertInto('clinic').values({ name: 'West', slug: 'compiled-once-west' }).execute();
        expect(await clinicBySlug(trx, 'compiled-once-west')).toEqual([expect.objectContaining({ name: 'West' })]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await clinicBySlug(ctx.database.db, 'compiled-once-west')).toEqual([]);
  });

  it('refuses a write, an argument that is not a parameter of the query, and one with a default', async () => {
    const write = compiledOnce((slug: string) =>
      ctx.database.db.updateTable('clinic').set({ name: 'Renamed' }).where('slug', '=', slug),
    );
    await expect(write(ctx.database.db, 'compiled-once-north')).rejects.toThrow('compiles selects only');
    const unused = compiledOnce((slug: string, _zone: string) =>
      ctx.database.db.selectFrom('clinic').select('id').where('slug', '=', slug),
    );
    await expect(unused(ctx.database.db, 'compiled-once-north', 'UTC')).rejects.toThrow('argument 1');
    // An argument with a default is not counted by the function's length, so it could never be swapped in.
    const defaulted = compiledOnce((slug: string, zone: string = 'UTC') =>
      ctx.database.db.selectFrom('clinic').select('id').where('slug', '=', slug).where('timeZone', '=', zone),
    );
    await expect(defaulted(ctx.database.db, 'compiled-once-north', 'America/New_York')).rejects.toThrow(
      'called with 2 arguments; the query takes 1',
    );
    expect(await clinicBySlug(ctx.database.db, 'compiled-once-north')).toEqual([
      expect.objectContaining({ name: 'North' }),
    ]);
  });
});
