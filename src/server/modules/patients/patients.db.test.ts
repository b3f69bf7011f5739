import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { backfillSearchNames } from '../../db/migrations/20261206120100-patient-search-name.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { transactor } from '../../db/transaction.js';
import type { PatientRow } from '../../db/schema.js';
import { ClinicsRepository } from '../clinics/clinics.repository.js';
import { PatientsRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';
import { TEST_PASSWORD, api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

const formatMrnNumber = (n: number) => String(n).padStart(6, '0');

const newPatient = {
  givenName: 'Rowan',
  familyName: 'Testperson',
  dateOfBirth: '1985-05-05',
  sex: 'other' as const,
  phone: '555-0199',
  email: 'Rowan@Example.test',
};

describeEachDatabase('patients', (ctx) => {
  let t: TestApp;
  let desk: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
  });

  /**
   * A patients service over a Kysely handle that notes the kind of every statement it runs and counts the queries
   * it builds, and a `transact` that counts the transactions it opens; with the front desk's request context to call
   * it with. A statement is noted when it answers: a subquery is built like a statement but runs inside its own.
   */
  async function countingService() {
    const statements: string[] = [];
    const kinds = new WeakMap<object, string>();
    let built = 0;
    const counting = ctx.database.db.withPlugin({
      transformQuery: (args) => {
        built += 1;
        kinds.set(args.queryId, args.node.kind);
        return args.node;
      },
      transformResult: async (args) => {
        statements.push(kinds.get(args.queryId) ?? 'unknown');
        return args.result;
      },
    });
    let transactions = 0;
    const transact = transactor(ctx.database.db);
    const service = new PatientsService(
      new PatientsRepository(counting),
      new ClinicsRepository(counting),
      t.services.audit,
      (work) => {
        transactions += 1;
        return transact(work);
      },
      () => t.clock.now(),
    );
    const session = await t.services.auth.authenticate(desk.cookie.slice('kc_session='.length));
    const requestCtx = { principal: session!.principal, clientIp: null, clinicSettings: session!.clinicSettings };
    return { service, statements, built: () => built, transactions: () => transactions, requestCtx };
  }

  /** Registers a patient through the API as the front desk: the test patient with these fields changed. */
  async function registered(fields: Partial<typeof newPatient>) {
    return (await api(t.app, desk, 'POST', '/api/patients', { ...newPatient, ...fields })).json();
  }

  describe('create', () => {
    it('registers a patient with a generated medical record number', async () => {
      const response = await api(t.app, desk, 'POST', '/api/patients', newPatient);
      expect(response.statusCode).toBe(201);
      const patient = response.json();
      expect(patient).toMatchObject({
        givenName: 'Rowan',
        familyName: 'Testperson',
        version: 1,
        email: 'rowan@example.test',
      });
      expect(patient.mrn).toMatch(/^KC-\d{6}$/);
      expect(response.headers.location).toBe(`/api/patients/${patient.id}`);
    });

    it('gives consecutive, unique MRNs under concurrent creates', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          api(t.app, desk, 'POST', '/api/patients', { ...newPatient, givenName: `Parallel${i}` }),
        ),
      );
      const mrns = responses.map((r) => r.json().mrn);
      expect(new Set(mrns).size).toBe(10);
    });

    it('creates a patient in two statements and no transaction: the MRN, then the patient, its version and its audit event', async () => {
      // Issue 11: a create made seven round trips (the MRN, then begin, the audit event, the patient, its version,
      // commit). Each statement Kysely builds passes the plugin once; a transaction would go through `transact`.
      const { service, statements, transactions, requestCtx } = await countingService();
      const created = await service.create(requestCtx, { ...newPatient, givenName: 'Counted' });
      // The MRN's insert-or-increment, then one `with` of three inserts that selects the new patient.
      expect(statements).toEqual(['InsertQueryNode', 'SelectQueryNode']);
      expect(transactions()).toBe(0);
      const audited = await sql<{ n: number }>`select count(*)::int as n from audit_event
        where resource_id = ${created.id} and action = 'create'`.execute(ctx.database.db);
      expect(audited.rows[0]?.n).toBe(1);
    });

    it('group-commits creates made together: fewer statements than creates, each patient with its own MRN, version and audit event', async () => {
      // Issue 11: creates that arrive while one is being written are written together by the next statement (the
      // numbers in one, the patients in another), so a busy clinic does not pay two commits per create.
      const { service, statements, requestCtx } = await countingService();
      const created = await Promise.all(
        Array.from({ length: 12 }, (_, i) => service.create(requestCtx, { ...newPatient, givenName: `Batched${i}` })),
      );
      // Unbatched, twelve creates are 24 statements; together, the first goes alone and the rest follow in one batch.
      expect(statements.length).toBeLessThan(12);
      expect(created.map((p) => p.givenName)).toEqual(Array.from({ length: 12 }, (_, i) => `Batched${i}`));
      const numbers = created.map((p) => Number(p.mrn.split('-')[1]));
      expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
      const ids = created.map((p) => p.id);
      const { rows } = await sql<{ audited: number; versions: number }>`select
          (select count(*)::int from audit_event where action = 'create' and resource_id = any(${ids})) as audited,
          (select count(*)::int from patient_version where version = 1 and patient_id = any(${ids})) as versions`.execute(
        ctx.database.db,
      );
      expect(rows[0]).toEqual({ audited: 12, versions: 12 });
    });

    it("takes the MRN in a statement of its own, before the patient's write: a failed create's number is never given again", async () => {
      // Issue 11: the clinic's counter was locked from its increment until the patient committed, so every create
      // in the clinic waited for the one before it. Now the lock lasts one statement; MRNs are unique and
      // increasing, with a gap where a create failed after taking its number.
      const session = await t.services.auth.authenticate(desk.cookie.slice('kc_session='.length));
      const requestCtx = { principal: session!.principal, clientIp: null };
      // The write of the patient fails after its number is taken (the number's statement has committed).
      class LostWrite extends PatientsRepository {
        override insert(): Promise<PatientRow[]> {
          return Promise.reject(new Error('the database went away mid-create'));
        }
      }
      const failing = new PatientsService(
        new LostWrite(ctx.database.db),
        new ClinicsRepository(ctx.database.db),
        t.services.audit,
        transactor(ctx.database.db),
        () => t.clock.now(),
      );
      const before = await t.services.patients.create(requestCtx, { ...newPatient, givenName: 'Before' });
      await expect(failing.create(requestCtx, { ...newPatient, givenName: 'Lost' })).rejects.toThrow('went away');
      const after = await t.services.patients.create(requestCtx, { ...newPatient, givenName: 'After' });
      const numberOf = (mrn: string) => Number(mrn.split('-')[1]);
      expect(numberOf(after.mrn)).toBe(numberOf(before.mrn) + 2);
      const lost = formatMrnNumber(numberOf(before.mrn) + 1);
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from patient where mrn like ${`%-${lost}`}`.execute(ctx.database.db);
      expect(rows[0]?.n).toBe(0);
    });

    it.each([
      [{ ...newPatient, dateOfBirth: '05/05/1985' }, 'dateOfBirth'],
      [{ ...newPatient, sex: 'f' }, 'sex'],
      [{ ...newPatient, givenName: '' }, 'givenName'],
      [{ ...newPatient, email: 'not-an-email' }, 'email'],
      [{ ...newPatient, favouriteColour: 'blue' }, 'favouriteColour'],
      [{ givenName: 'A', dateOfBirth: '1990-01-01', sex: 'male' }, 'familyName'],
    ])('refuses bad input with a 400 naming the field (%#)', async (body, field) => {
      const response = await api(t.app, desk, 'POST', '/api/patients', body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses malformed JSON with a 400, not a 500', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { cookie: desk.cookie, 'x-csrf-token': desk.csrfToken, 'content-type': 'application/json' },
        payload: '{"givenName": ',
      });
      expect(response.statusCode).toBe(400);
    });

    it('does not let a therapist register patients', async () => {
      const therapist = await signIn(t.app, 'therapist');
      expect((await api(t.app, therapist, 'POST', '/api/patients', newPatient)).statusCode).toBe(403);
    });
  });

  describe('search', () => {
    it('finds by the start of a family or given name, case-insensitively', async () => {
      const byFamily = (await api(t.app, desk, 'GET', '/api/patients?q=okaf')).json();
      expect(byFamily.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Okafor']);
      const byBoth = (await api(t.app, desk, 'GET', '/api/patients?q=marcus%20oka')).json();
      expect(byBoth.total).toBe(1);
    });

    it('finds by date of birth and by MRN', async () => {
      const byDob = (await api(t.app, desk, 'GET', '/api/patients?q=1979-11-02')).json();
      expect(byDob.items.map((p: { givenName: string }) => p.givenName)).toEqual(['Marcus']);
      const mrn = byDob.items[0].mrn;
      const byMrn = (await api(t.app, desk, 'GET', `/api/patients?q=${mrn.toLowerCase()}`)).json();
      expect(byMrn.items[0].mrn).toBe(mrn);
    });

    it('counts every match on each page, and on a page past the last match', async () => {
      const all = (await api(t.app, desk, 'GET', '/api/patients')).json();
      expect(all.total).toBeGreaterThan(2);
      const second = (await api(t.app, desk, 'GET', '/api/patients?limit=2&offset=2')).json();
      expect(second.items.map((p: { id: string }) => p.id)).toEqual(
        all.items.slice(2, 4).map((p: { id: string }) => p.id),
      );
      expect(second.total).toBe(all.total);
      const pastTheEnd = (await api(t.app, desk, 'GET', `/api/patients?offset=${all.total + 10}`)).json();
      expect(pastTheEnd).toEqual({ items: [], total: all.total });
    });
    it('treats % and _ as plain characters', async () => {
      expect((await api(t.app, desk, 'GET', '/api/patients?q=%25')).json().total).toBe(0);
    });

    it('finds a patient by part of the MRN: its zero-padded number or just its last digits', async () => {
      const created = await registered({ givenName: 'Partial', familyName: 'Mrnfinder' });
      const digits = created.mrn.split('-')[1] as string;
      const trimmed = String(Number(digits));
      for (const typed of [digits, trimmed, `${trimmed} mrnf`]) {
        const found = (await api(t.app, desk, 'GET', `/api/patients?q=${encodeURIComponent(typed)}&limit=200`)).json();
        expect(
          found.items.map((p: { id: string }) => p.id),
          typed,
        ).toContain(created.id);
      }
      const narrowed = (
        await api(t.app, desk, 'GET', `/api/patients?q=${encodeURIComponent(`${digits} partial`)}`)
      ).json();
      expect(narrowed.items.map((p: { id: string }) => p.id)).toEqual([created.id]);
    });

    it('finds names with accents typed without them, and typed with them', async () => {
      const created = await registered({ givenName: 'José', familyName: 'Núñez-Ørsted' });
      for (const typed of ['jose', 'JOSÉ', 'nunez', 'orsted', 'jose nun']) {
        const found = (await api(t.app, desk, 'GET', `/api/patients?q=${encodeURIComponent(typed)}`)).json();
        expect(
          found.items.map((p: { id: string }) => p.id),
          typed,
        ).toEqual([created.id]);
      }
    });

    it('keeps the search name up to date when the name is edited', async () => {
      const created = await registered({ givenName: 'Before', familyName: 'Renaming' });
      await api(t.app, desk, 'PATCH', `/api/patients/${created.id}`, { version: 1, familyName: 'Élodiesson' });
      expect(
        (await api(t.app, desk, 'GET', '/api/patients?q=elodiess')).json().items.map((p: { id: string }) => p.id),
      ).toEqual([created.id]);
      expect((await api(t.app, desk, 'GET', '/api/patients?q=renaming')).json().total).toBe(0);
    });

    it('builds the select once for each shape of search, and answers every later search with its own values', async () => {
      // Issue 11: a search's select is compiled once per shape (which filters it has) and reused with new values.
      // Each pair below has one shape and two sets of values: a reused select must answer the second set, not the
      // first. A name, a full name, a date, a whole MRN, MRN digits, everything, a page past the end, no match.
      const { service, built, requestCtx } = await countingService();
      const marcus = (await service.search(requestCtx, { q: 'okafor' })).items[0]!;
      const other = (await service.search(requestCtx, { q: 'takahashi' })).items[0]!;
      const pairs = [
        [{ q: 'okaf' }, { q: 'taka' }],
        [{ q: 'marcus oka' }, { q: 'jun taka' }],
        [{ q: marcus.dateOfBirth }, { q: other.dateOfBirth }],
        [{ q: marcus.mrn.toLowerCase() }, { q: other.mrn }],
        [{ q: marcus.mrn.split('-')[1]! }, { q: other.mrn.split('-')[1]! }],
        [{ limit: 2 }, { limit: 3, offset: 1 }],
        [{ offset: 10_000 }, { offset: 20_000 }],
        [{ q: 'nobodyhasthisname' }, { q: 'norhasanyonethis' }],
      ];
      const builtBefore = built();
      const firsts = [];
      for (const [first] of pairs) firsts.push(await service.search(requestCtx, first!));
      const builtForFirsts = built() - builtBefore;
      const seconds = [];
      for (const [, second] of pairs) seconds.push(await service.search(requestCtx, second!));
      // Nothing is built again but the count for the page past the end (which has no row to carry it).
      expect(built() - builtBefore - builtForFirsts).toBe(1);
      expect(firsts[0]!.items.map((p) => p.familyName)).toEqual(['Okafor']);
      expect(seconds[0]!.items.map((p) => p.familyName)).toEqual(['Takahashi']);
      expect(seconds[1]!.items.map((p) => p.id)).toEqual([other.id]);
      expect(seconds[2]!.items.map((p) => p.id)).toContain(other.id);
      expect(seconds[3]!.items.map((p) => p.id)).toEqual([other.id]);
      expect(seconds[4]!.items.map((p) => p.id)).toContain(other.id);
      expect(firsts[5]!.items).toHaveLength(2);
      expect(seconds[5]!.items.map((p) => p.id)).toEqual(
        (await service.search(requestCtx, { limit: 4 })).items.slice(1).map((p) => p.id),
      );
      expect(seconds[6]).toEqual({ items: [], total: firsts[5]!.total });
      expect(seconds[7]).toEqual({ items: [], total: 0 });
    });

    it("reads a typed date of birth in the clinic's order: 05/14/1990 in a US clinic, and 14.05.1990 anywhere", async () => {
      const created = await registered({ givenName: 'Dated', dateOfBirth: '1990-05-14' });
      for (const typed of ['05/14/1990', '14.05.1990', '1990-05-14']) {
        const found = (await api(t.app, desk, 'GET', `/api/patients?q=${encodeURIComponent(typed)}`)).json();
        expect(
          found.items.map((p: { id: string }) => p.id),
          typed,
        ).toContain(created.id);
      }
    });

    it('reads 04/05/1990 as 4 May in a day-first (de-DE) clinic', async () => {
      const clinic = await t.services.clinics.create({
        name: 'Praxis',
        slug: `praxis-${ctx.target}`,
        isDemo: true,
        settings: { locale: 'de-DE' },
      });
      await t.services.users.create(clinic.id, {
        email: `desk-${ctx.target}@praxis.test`,
        displayName: 'Praxis Desk',
        role: 'front_desk',
        password: TEST_PASSWORD,
      });
      const praxisDesk = await signIn(t.app, { email: `desk-${ctx.target}@praxis.test`, password: TEST_PASSWORD });
      const may = (
        await api(t.app, praxisDesk, 'POST', '/api/patients', { ...newPatient, dateOfBirth: '1990-05-04' })
      ).json();
      await api(t.app, praxisDesk, 'POST', '/api/patients', { ...newPatient, dateOfBirth: '1990-04-05' });
      const found = (await api(t.app, praxisDesk, 'GET', `/api/patients?q=${encodeURIComponent('04/05/1990')}`)).json();
      expect(found.items.map((p: { id: string }) => p.id)).toEqual([may.id]);
    });

    it('finds patients registered before the search name existed: the migration fills it in', async () => {
      const created = await registered({ givenName: 'Émile', familyName: 'Backfilled' });
      await sql`update patient set search_name = '' where id = ${created.id}`.execute(ctx.database.db);
      expect((await api(t.app, desk, 'GET', '/api/patients?q=emile')).json().total).toBe(0);
      await backfillSearchNames(ctx.database.db);
      expect(
        (await api(t.app, desk, 'GET', '/api/patients?q=emile')).json().items.map((p: { id: string }) => p.id),
      ).toEqual([created.id]);
    });

    it('refuses a limit out of range, naming it', async () => {
      const response = await api(t.app, desk, 'GET', '/api/patients?limit=5000');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('querystring.limit');
    });
  });

  describe('edit', () => {
    it('keeps every version with who changed which fields', async () => {
      const created = await registered({ givenName: 'Versioned' });
      const nurse = await signIn(t.app, 'nurse');
      const edited = await api(t.app, nurse, 'PATCH', `/api/patients/${created.id}`, {
        version: 1,
        phone: '555-0100',
        familyName: 'Renamed',
      });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ version: 2, phone: '555-0100', familyName: 'Renamed' });
      const history = (await api(t.app, nurse, 'GET', `/api/patients/${created.id}/history`)).json();
      expect(history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(history[0].changedFields.sort()).toEqual(['familyName', 'phone']);
      expect(history[0].changedBy.displayName).toBe('Nora Nurse');
      expect(history[1].data.familyName).toBe('Testperson');
    });

    it('refuses an edit of a stale version with 409 and loses neither edit', async () => {
      const created = await registered({ givenName: 'Contended' });
      expect(
        (await api(t.app, desk, 'PATCH', `/api/patients/${created.id}`, { version: 1, phone: '555-0001' })).statusCode,
      ).toBe(200);
      const stale = await api(t.app, desk, 'PATCH', `/api/patients/${created.id}`, { version: 1, phone: '555-0002' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().errors[0].field).toBe('version');
      expect((await api(t.app, desk, 'GET', `/api/patients/${created.id}`)).json().phone).toBe('555-0001');
    });

    it('answers 404 for an unknown patient and 400 for a malformed id', async () => {
      expect((await api(t.app, desk, 'GET', '/api/patients/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
        404,
      );
      expect((await api(t.app, desk, 'GET', '/api/patients/not-a-uuid')).statusCode).toBe(400);
    });
  });

  describe('tenancy', () => {
    /** A second clinic with a front desk of its own, signed in. */
    async function otherClinicDesk(slug: string): Promise<Session> {
      const other = await t.services.clinics.create({
        name: 'Other Clinic',
        slug: `${slug}-${ctx.target}`,
        isDemo: true,
      });
      const email = `desk-${slug}-${ctx.target}@other.test`;
      await t.services.users.create(other.id, {
        email,
        displayName: 'Other Desk',
        role: 'front_desk',
        password: TEST_PASSWORD,
      });
      return signIn(t.app, { email, password: TEST_PASSWORD });
    }

    it("never shows one clinic's patients to another clinic's staff", async () => {
      const otherDesk = await otherClinicDesk('other');
      const demoPatient = (await api(t.app, desk, 'GET', '/api/patients?q=okafor')).json().items[0];
      expect((await api(t.app, otherDesk, 'GET', `/api/patients/${demoPatient.id}`)).statusCode).toBe(404);
      expect((await api(t.app, otherDesk, 'GET', '/api/patients?q=okafor')).json().total).toBe(0);
      const created = (await api(t.app, otherDesk, 'POST', '/api/patients', newPatient)).json();
      expect(created.mrn).toBe('KC-000001');
    });

    it("answers reads made together, by two clinics' staff, each from its own clinic only", async () => {
      // Issue 11: reads by id that arrive together share one select per clinic (db/coalescer.ts). Each answer must
      // still be the patient asked for, of the caller's clinic, and an unknown id only fails its own request.
      const otherDesk = await otherClinicDesk('together');
      const ours = (await api(t.app, desk, 'GET', '/api/patients?limit=3')).json().items as { id: string }[];
      const theirs = (await api(t.app, otherDesk, 'POST', '/api/patients', newPatient)).json() as { id: string };
      const unknown = '00000000-0000-4000-8000-000000000000';
      const asks: [Session, string, number][] = [
        ...ours.map((p): [Session, string, number] => [desk, p.id, 200]),
        [desk, theirs.id, 404],
        [desk, unknown, 404],
        [otherDesk, theirs.id, 200],
        ...ours.map((p): [Session, string, number] => [otherDesk, p.id, 404]),
      ];
      const answers = await Promise.all(asks.map(([who, id]) => api(t.app, who, 'GET', `/api/patients/${id}`)));
      expect(answers.map((a) => a.statusCode)).toEqual(asks.map(([, , status]) => status));
      answers.forEach((answer, i) => {
        if (answer.statusCode === 200) expect(answer.json().id).toBe(asks[i]![1]);
      });
    });
  });
});
