/**
 * The whole-clinic export, for a clinic leaving (issue 15, "Bulk and portability"): one zip holding one CSV per
 * table of the clinic's records, `README.md` and `columns.md` describing every file and column, and the FHIR R4
 * NDJSON the FHIR server serves (`fhir/<Type>.ndjson`). Streamed: tables are read in windows of 2,000 rows and the
 * zip is written as it is read (fflate's streaming Zip), so memory stays flat however large the clinic.
 * Secrets are left out (password hashes, second-factor secrets, token hashes); the format is in docs/export-format.md.
 */
import { Zip, ZipDeflate } from 'fflate';
import { csvLine } from '../../../domain/interop/csv.js';
import { FHIR_RESOURCES } from '../../fhir/fhir-resources.js';
import { ExportWindow, type FhirRepository } from '../../fhir/fhir.repository.js';
import { SearchQuery } from '../../fhir/search-params.js';
import type { AuditActor, AuditContext, AuditService } from '../audit/audit.service.js';
import type { ClinicExportRepository, ExportTable } from './clinic-export.repository.js';

const WINDOW = 2000;
export const EXPORT_FORMAT_VERSION = 1;

/** Tables that hold no record of the clinic's care or business: sessions, caches, export jobs. */
const SKIPPED_TABLES: ReadonlySet<string> = new Set([
  'user_session',
  'login_throttle',
  'bulk_export_job',
  'bulk_export_chunk',
  'clinic_event',
]);
/** Columns that are secrets or derived search keys: never leave the server. */
const SKIPPED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  app_user: ['password_hash', 'mfa_secret', 'recovery_codes', 'mfa_last_step'],
  api_token: ['secret_hash'],
  measure_link: ['token_hash'],
  self_intake_link: ['token_hash'],
  outbox: ['claim_token'],
  patient: ['search_name'],
};

/** What each file holds, in a sentence (tables not listed are described by their database comment). */
const TABLE_NOTES: Readonly<Record<string, string>> = {
  clinic: 'The clinic itself (one row): name, slug, time zone, settings.',
  app_user: 'Staff accounts: email, name, role, whether active (no password or second-factor secrets).',
  patient:
    'Patients: medical record number (mrn), names, date of birth, sex, contact details, address (JSON), current version.',
  patient_version:
    'Every earlier version of each patient record (data as JSON), with who changed which fields and when.',
  patient_identifier: 'Identifiers other systems gave a patient (system + value), kept from imports.',
  patient_intake:
    'The structured intake, every version: data (JSON: diagnoses, history, medicines, allergies, trials), the eligibility facts derived from it.',
  eligibility_decision: 'Eligibility decisions per modality, with the facts and reasons they were based on.',
  eligibility_override: 'Prescriber overrides of eligibility decisions, with reasons and countersignatures.',
  consent_signature: 'Signed consents: document id, version and SHA-256, typed name, when and how signed.',
  treatment_plan:
    'Treatment plans: modality, protocol and version, planned sessions (JSON), status, signing and discontinuation.',
  plan_review: 'Reviews of plans (benefit, decision, note).',
  treatment_session: 'Treatment sessions (the schedule and what happened): times, status, dose, route, chair, staff.',
  treatment_session_event: 'Session status changes (check-in, start, discharge…).',
  treatment_day_entry:
    'Everything charted on a treatment day: vital signs, doses given, adverse events, REMS forms, discharge (kind + data JSON; corrections point to the entry they correct).',
  session_alert: 'In-session alerts raised by vital-sign thresholds.',
  session_alert_ack: 'Acknowledgements of in-session alerts.',
  session_note: 'Session notes, every version.',
  session_confirmation: 'Confirmations staff recorded for a session.',
  measure:
    'Measures (questionnaires and rating scales): instrument, answers, total, band, flags, the FHIR QuestionnaireResponse.',
  observation: 'Score Observations derived from measures (LOINC codes, values, FHIR resource JSON).',
  measure_link: 'Questionnaire links sent to patients (no link secrets).',
  measurement_schedule: 'Which measures are due when, per patient, every version.',
  patient_outcome_summary: 'Baseline and latest score per patient and instrument.',
  safety_alert: 'Suicide-risk and other safety alerts: reasons, escalation, acknowledgement.',
  staff_notification: 'Notifications sent to staff about alerts.',
  safety_plan: 'Safety plans, every version.',
  suicide_risk_evaluation: 'Clinician evaluations of suicide risk after a flagged measure.',
  rems_patient_enrolment: 'Spravato REMS patient enrolments.',
  ledger_product: 'Controlled-substance products (NDC).',
  ledger_location: 'Controlled-substance storage locations.',
  ledger_entry:
    'The controlled-substance ledger: every movement (received, dispensed, wasted, counted…) as an event JSON, hash-chained (prev_hash, hash).',
  ledger_head: "The head of the clinic's ledger chain (to verify ledger_entry).",
  mrn_sequence: 'The last medical record number given.',
  chair: 'Treatment chairs.',
  room: 'Rooms.',
  staff_shift: 'Staff shifts.',
  appointment_type: 'Appointment types.',
  appointment: 'Appointments (non-treatment visits): type, times, status, staff, room.',
  appointment_event: 'Appointment changes.',
  resource_hold: 'Bookings holding a chair, room or staff member.',
  outbox: 'Messages to patients (reminders, links): channel, recipient, text, delivery status.',
  self_intake_link: 'Self-intake links sent to patients and what they submitted (no link secrets).',
  api_token: 'API tokens created for other systems: name, role, scopes (no secrets).',
  audit_event: 'The audit log: who did what to which record, when and from where; hash-chained (prev_hash, hash).',
};

export interface ClinicExportTarget {
  readonly clinicId: string;
  readonly clinicName: string;
}

/** The zip's bytes, as they are produced. */
export type ZipChunks = AsyncGenerator<Uint8Array>;

export class ClinicExportService {
  constructor(
    private readonly repo: ClinicExportRepository,
    private readonly fhir: FhirRepository,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
  ) {}

  /** The tables exported, with their columns (secrets left out). */
  async exportedTables(): Promise<ExportTable[]> {
    const tables = await this.repo.tables();
    return tables
      .filter((t) => !SKIPPED_TABLES.has(t.name))
      .map((t) => ({ ...t, columns: t.columns.filter((c) => !(SKIPPED_COLUMNS[t.name] ?? []).includes(c.name)) }));
  }

  /**
   * The export as a stream of zip bytes. The start is audited before the first byte, the finish (with the rows of
   * each file) after the last; `clientIp` for a request, null from the command line.
   */
  async *zip(actor: AuditActor, target: ClinicExportTarget, clientIp: string | null): ZipChunks {
    const ctx: AuditContext = { principal: actor, clientIp };
    const startedAt = this.clock();
    const tables = await this.exportedTables();
    await this.audit.record(ctx, {
      action: 'export',
      resourceType: 'Clinic',
      resourceId: target.clinicId,
      occurredAt: startedAt,
      detail: { format: 'zip', tables: tables.length },
    });

    const pending: Uint8Array[] = [];
    let failure: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else pending.push(chunk);
    });
    const encoder = new TextEncoder();
    function* drain(): Generator<Uint8Array> {
      if (failure) throw failure;
      while (pending.length > 0) yield pending.shift()!;
    }
    const counts: Record<string, number> = {};
    const rowsOf = (table: ExportTable) => this.rows(table, target.clinicId);
    const fhirOf = (type: string) => this.fhirWindows(type, target.clinicId);
    async function* file(name: string, parts: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Uint8Array> {
      const entry = new ZipDeflate(name, { level: 6 });
      entry.mtime = startedAt;
      zip.add(entry);
      for await (const text of parts) {
        if (text.length > 0) entry.push(encoder.encode(text));
        yield* drain();
      }
      entry.push(new Uint8Array(0), true);
      yield* drain();
    }

    for (const table of tables) {
      yield* file(
        `csv/${table.name}.csv`,
        (async function* () {
          yield csvLine(table.columns.map((c) => c.name));
          let n = 0;
          for await (const rows of rowsOf(table)) {
            n += rows.length;
            yield rows.map((row) => csvLine(table.columns.map((c) => cell(row[c.name])))).join('');
          }
          counts[`csv/${table.name}.csv`] = n;
        })(),
      );
    }
    for (const def of FHIR_RESOURCES) {
      yield* file(
        `fhir/${def.type}.ndjson`,
        (async function* () {
          let n = 0;
          for await (const lines of fhirOf(def.type)) {
            n += lines.length;
            yield lines.map((l) => `${l}\n`).join('');
          }
          counts[`fhir/${def.type}.ndjson`] = n;
        })(),
      );
    }
    yield* file('columns.md', [columnsMarkdown(tables)]);
    yield* file('README.md', [readme(target, startedAt, counts)]);
    zip.end();
    yield* drain();
    await this.audit.record(ctx, {
      action: 'export-completed',
      resourceType: 'Clinic',
      resourceId: target.clinicId,
      detail: {
        format: 'zip',
        rows: Object.values(counts).reduce((a, b) => a + b, 0),
        files: Object.keys(counts).length,
      },
    });
  }

  /** A table's rows for the clinic, a window at a time, in primary-key order. */
  private async *rows(table: ExportTable, clinicId: string): AsyncGenerator<Array<Record<string, unknown>>> {
    let after: unknown[] | undefined;
    for (;;) {
      const rows = await this.repo.window(table, clinicId, after, WINDOW);
      if (rows.length > 0) yield rows;
      if (table.key.length === 0 || rows.length < WINDOW) return;
      const last = rows.at(-1)!;
      after = table.key.map((k) => last[k]);
    }
  }

  /** A FHIR type's resources for the clinic as JSON lines, a window at a time (as the bulk export reads them). */
  private async *fhirWindows(type: string, clinicId: string): AsyncGenerator<string[]> {
    const def = FHIR_RESOURCES.find((d) => d.type === type)!;
    for (const source of type === 'Observation' ? (['scores', 'vitals'] as const) : (['scores'] as const)) {
      const window = new ExportWindow(WINDOW);
      window.source = source;
      for (;;) {
        window.fetched = undefined;
        const served = await def.search(this.fhir.windowed(window), clinicId, new SearchQuery(def.type, {}, []));
        if (served.length > 0) yield served.map((s) => JSON.stringify(s.resource));
        if (window.fetched === undefined || window.fetched < window.limit) break;
        window.after = window.lastKey;
      }
    }
  }
}

/** A value as one CSV cell: JSON for objects and arrays (jsonb columns), text otherwise, empty for null. */
function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}

function columnsMarkdown(tables: readonly ExportTable[]): string {
  const lines = [
    '# Columns of each CSV file',
    '',
    'Generated from the database catalogue at export time: the column name as stored, its PostgreSQL type, and the comment the schema carries (if any).',
    '',
  ];
  for (const table of tables) {
    lines.push(
      `## csv/${table.name}.csv`,
      '',
      TABLE_NOTES[table.name] ?? table.comment ?? 'Records of the clinic.',
      '',
      '| column | type | meaning |',
      '|---|---|---|',
    );
    for (const c of table.columns)
      lines.push(
        `| ${c.name} | ${c.dataType} | ${(c.comment ?? columnHint(c.name)).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Meanings shared by many tables, for columns the schema carries no comment on. */
function columnHint(name: string): string {
  if (name === 'id') return "the row's identifier (UUID unless the type says otherwise)";
  if (name === 'clinic_id') return 'the clinic (csv/clinic.csv)';
  if (name === 'patient_id') return 'the patient (csv/patient.csv)';
  if (name === 'session_id') return 'the treatment session (csv/treatment_session.csv)';
  if (name === 'plan_id') return 'the treatment plan (csv/treatment_plan.csv)';
  if (name === 'measure_id') return 'the measure (csv/measure.csv)';
  if (/_by$/.test(name) || name === 'user_id' || name === 'staff_id') return 'a staff member (csv/app_user.csv)';
  if (/_at$/.test(name)) return 'a time (ISO 8601 with offset)';
  if (name === 'version') return 'the version number (1 is the first)';
  return '';
}

function readme(target: ClinicExportTarget, at: Date, counts: Readonly<Record<string, number>>): string {
  return [
    `# Ketaclinic export of ${target.clinicName}`,
    '',
    `Exported ${at.toISOString()} (format version ${EXPORT_FORMAT_VERSION}). Clinic id: ${target.clinicId}.`,
    '',
    '- `csv/<table>.csv`: every record of the clinic, one file per table, one row per record. UTF-8, comma-separated,',
    '  CRLF line ends, a header row, fields quoted when they hold a comma, quote or line break (RFC 4180). Times are',
    '  ISO 8601 with their offset; JSON columns hold JSON text; an empty field is a null. Password hashes, second-factor',
    '  secrets and link or token secrets are not exported.',
    '- `columns.md`: the columns of each file.',
    '- `fhir/<Type>.ndjson`: the same records as FHIR R4 resources, one a line (as the FHIR server and its `$export` serve them).',
    '- Nothing is overwritten in Ketaclinic: earlier versions are rows of the `*_version` tables or later rows that correct',
    '  earlier ones (`corrects_id`); the audit log and the controlled-substance ledger are hash chains (`prev_hash`, `hash`).',
    '',
    '## Files and rows',
    '',
    '| file | rows |',
    '|---|---|',
    ...Object.entries(counts).map(([name, n]) => `| ${name} | ${n} |`),
    '',
  ].join('\n');
}
