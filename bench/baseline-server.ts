/**
 * The bare server Ketaclinic is measured against (`npm run bench -- --only api`, PostgreSQL): Fastify and `pg`
 * with a pool of 10, the same tables and the same SQL as Ketaclinic's patient read, search and create
 * (PatientsRepository), and nothing else: no session, no CSRF check, no audit event, no request logging, no
 * response schema. What a request costs here is the floor: HTTP, the query round trips and JSON.
 *
 * It runs each request's statements on their own. Ketaclinic shares statements between requests made together
 * (src/server/db/coalescer.ts: one select for the reads by id of a clinic, a group commit for its creates), which is
 * work this server leaves out on purpose: it stays the plain one-request-one-statement floor, so the ratio shows what
 * the coalescing buys as well as what the rest costs.
 *
 *   BASELINE_DATABASE_URL=postgres://… BASELINE_CLINIC_ID=<uuid> BASELINE_USER_ID=<uuid> PORT=3100 \
 *     node --import tsx bench/baseline-server.ts
 *
 * Routes (the same paths as Ketaclinic, so the bench's requests run unchanged): GET /api/health,
 * GET /api/patients/:id, GET /api/patients?q=, POST /api/patients.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface PatientBody {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string;
  phone?: string | null;
  email?: string | null;
  address?: Record<string, string> | null;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const clinicId = required('BASELINE_CLINIC_ID');
  const userId = required('BASELINE_USER_ID');
  const mrnPrefix = process.env.BASELINE_MRN_PREFIX ?? 'BASE';
  // int8 as number, as Ketaclinic's database module does.
  pg.types.setTypeParser(20, Number);
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: required('BASELINE_DATABASE_URL'), max: 10 });
  const app = Fastify({ logger: false });

  app.get('/api/health', async () => {
    await pool.query('select 1');
    return { status: 'ok', database: 'postgres' };
  });

  app.get<{ Params: { id: string } }>('/api/patients/:id', async (request, reply) => {
    const { rows } = await pool.query('select * from "patient" where "clinic_id" = $1 and "id" = $2', [
      clinicId,
      request.params.id,
    ]);
    if (rows.length === 0) return reply.status(404).send({ status: 404 });
    return rows[0];
  });

  app.get<{ Querystring: { q?: string } }>('/api/patients', async (request) => {
    const terms = (request.query.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
    const dateTerm = terms.find((t) => DATE_ONLY.test(t));
    const params: unknown[] = [clinicId];
    let where = '"clinic_id" = $1';
    if (dateTerm) {
      params.push(dateTerm);
      where += ` and "date_of_birth" = $${params.length}`;
    }
    for (const term of terms.filter((t) => t !== dateTerm)) {
      if (/^\d+$/.test(term)) {
        params.push(`%${escapeLike(term)}%`);
        where += ` and mrn like $${params.length}`;
        continue;
      }
      // Ketaclinic's search: a word start anywhere in the folded name (search_name), or the whole MRN, each asked only
      // where it could match (a word without a digit is no MRN; a word with a hyphen is in no folded name). The bench's
      // terms are plain ASCII, so folding is lower-casing here.
      const alternatives: string[] = [];
      if (!term.includes('-')) {
        params.push(`% ${escapeLike(term.toLowerCase())}%`);
        alternatives.push(`search_name like $${params.length}`);
      }
      if (/\d/.test(term)) {
        params.push(term.toUpperCase());
        alternatives.push(`upper(mrn) = $${params.length}`);
      }
      where += ` and (${alternatives.join(' or ')})`;
    }
    // As Ketaclinic does: the page and the count of every match in one scan; a page past the last match counts alone.
    const page = await pool.query(
      `select *, count(*) over () as "match_count" from "patient" where ${where} order by lower(family_name), lower(given_name), "id" limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, 50, 0],
    );
    const total = page.rows.length > 0 ? Number(page.rows[0].match_count) : 0;
    return { items: page.rows.map(({ match_count: _count, ...row }) => row), total };
  });

  app.post<{ Body: PatientBody }>('/api/patients', async (request, reply) => {
    const b = request.body;
    // As Ketaclinic does: the clinic's MRN counter is advanced in a statement that commits at once, before the
    // patient's write, so creates do not queue on the counter's row lock.
    const seq = await pool.query(
      `insert into "mrn_sequence" ("clinic_id", "last_value") values ($1, $2)
      on conflict ("clinic_id") do update set "last_value" = mrn_sequence.last_value + 1 returning "last_value"`,
      [clinicId, 1],
    );
    const mrn = `${mrnPrefix}-${String(seq.rows[0].last_value).padStart(6, '0')}`;
    // As Ketaclinic does: the patient and its first version are one statement (two data-modifying `with` steps),
    // one round trip and one commit. Ketaclinic's statement has a third step, the audit event; this one has none.
    const now = new Date();
    const id = randomUUID();
    const fields = {
      givenName: b.givenName.trim(),
      familyName: b.familyName.trim(),
      dateOfBirth: b.dateOfBirth,
      sex: b.sex,
      phone: b.phone ?? null,
      email: b.email ?? null,
      address: b.address ?? null,
    };
    const inserted = await pool.query(
      `with "new_patient" as (insert into "patient" ("id", "clinic_id", "mrn", "given_name", "family_name", "date_of_birth", "sex", "phone", "email",
        "address", "version", "created_at", "created_by", "updated_at", "updated_by")
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning *),
      "first_version" as (insert into "patient_version" ("clinic_id", "patient_id", "version", "data", "changed_fields", "changed_by", "changed_at")
        values ($2, $1, $11, $16, $17, $13, $12) returning "id")
      select * from "new_patient"`,
      [
        id,
        clinicId,
        mrn,
        fields.givenName,
        fields.familyName,
        fields.dateOfBirth,
        fields.sex,
        fields.phone,
        fields.email,
        fields.address ? JSON.stringify(fields.address) : null,
        1,
        now,
        userId,
        now,
        userId,
        JSON.stringify({ mrn, ...fields }),
        JSON.stringify(Object.keys(fields)),
      ],
    );
    return reply.status(201).send(inserted.rows[0]);
  });

  const close = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => {
    void close();
  });
  process.once('SIGINT', () => {
    void close();
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3100) });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
