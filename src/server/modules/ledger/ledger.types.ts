/** The ledger services' shared types, its integrity error, and small helpers (settings, addresses, report tables, dates). */
import {
  reportCsv,
  type ClinicRegistrant,
  type CsvColumn,
  type CsvValue,
  type LedgerConfig,
  type LedgerEntry,
  type LedgerEvent,
  type LedgerSettings,
  type LedgerState,
  type Product,
  type StaffRef,
  type StockEvent,
  type StorageLocation,
} from '../../../domain/inventory/index.js';
import type { Canonical } from '../../../domain/audit/hash-chain.js';
import { DomainValidationError, RuleViolationError } from '../../../domain/shared/validation.js';
import { ConflictError, type ProblemField } from '../../errors/http-errors.js';
import { type DosedSession } from './ledger-session-record.js';
import {
  emptyReconciliation,
  type BalanceDto,
  type DiscrepancyDto,
  type EntryDto,
  type ReconciliationDto,
} from './ledger-dto.js';
import { type PdfColumn } from './ledger-pdf.js';
import { localToInstant } from '../clinics/clinic-time.js';
import type { StoredEntry } from './ledger.repository.js';

/** The stored ledger does not fit its head or no longer folds: refuse to write on top of it. */
export class LedgerIntegrityError extends ConflictError {
  readonly code = 'ledger-integrity';
  constructor(message: string, fields: readonly ProblemField[] = []) {
    super(message, fields);
  }
}

/** Entries folded one by one onto the memo; more than this and the whole ledger is folded afresh. */
export const INCREMENTAL_LIMIT = 200;
export const VERIFY_PAGE = 5000;

export interface ClinicLedger {
  /** `locale`: the clinic's locale (BCP 47), the language of its PDFs. */
  readonly clinic: { id: string; name: string; slug: string; timeZone: string; locale?: string };
  readonly products: readonly Product[];
  readonly locations: readonly StorageLocation[];
  /** Today's rules, for a new entry. */
  readonly config: LedgerConfig;
  /** For folding history (see the top of this file). */
  readonly replay: LedgerConfig;
  readonly holidays: readonly string[];
  readonly registrant: ClinicRegistrant;
}

export interface Prepared {
  readonly kind: StockEvent['kind'];
  /** From the request, in clinic time; undefined when the request left it out. */
  readonly occurredAt: string | undefined;
  readonly patientId: string | null;
  readonly sessionId: string | null;
  readonly lot: { readonly ndc: string; readonly lot: string };
  readonly detail: Record<string, Canonical>;
  build(base: { actor: StaffRef; occurredAt: string }): StockEvent;
}

export interface Appended {
  readonly entry: LedgerEntry;
  readonly prevHash: string;
  readonly hash: string;
  readonly state: LedgerState;
}

export interface AppendResult {
  entry: EntryDto;
  balances: BalanceDto[];
  reconciliation?: ReconciliationDto;
  discrepancies?: DiscrepancyDto[];
  deadlines?: unknown;
  form41?: unknown;
  form106?: unknown;
}

export type LedgerVerification =
  | { intact: true; checked: number; lastSequence: number; lastHash: string }
  | { intact: false; checked: number; brokenAtSequence: number; reason: string };

export type ReportOutput =
  | { readonly format: 'json'; readonly body: Record<string, unknown> }
  | {
      readonly format: 'csv' | 'pdf';
      readonly contentType: string;
      readonly filename: string;
      readonly body: string | Buffer;
    };

export type ReportRequest =
  | { readonly report: 'administration-log'; readonly from: string; readonly to: string }
  | {
      readonly report: 'inventory';
      readonly on: string;
      readonly countKind: 'initial-inventory' | 'biennial-inventory';
    }
  | { readonly report: 'lot-history'; readonly ndc: string; readonly lot: string }
  | { readonly report: 'discrepancies' };

export function integrityErrorFrom(error: unknown): unknown {
  if (error instanceof RuleViolationError || error instanceof DomainValidationError) {
    return new LedgerIntegrityError(
      `The stored ledger no longer adds up (${error.message}). An admin should run the ledger verification.`,
    );
  }
  return error;
}

export function toEntry(row: StoredEntry): LedgerEntry {
  return {
    entryId: row.entryId,
    sequence: row.sequence,
    clinicId: row.clinicId,
    recordedAt: row.recordedAt.toISOString(),
    event: row.event as unknown as LedgerEvent,
  };
}

export function formatAddress(address: Record<string, unknown> | null): string {
  if (!address) return '';
  const text = (k: string) => (typeof address[k] === 'string' ? (address[k] as string).trim() : '');
  const cityLine = [text('city'), [text('region'), text('postalCode')].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [text('line'), cityLine, text('country')].filter(Boolean).join(', ');
}

export function ledgerSettingsOf(settings: Record<string, unknown>): {
  ledger: Partial<LedgerSettings>;
  holidays: string[];
  registrant: Partial<ClinicRegistrant>;
} {
  const raw = (settings.ledger ?? {}) as Record<string, unknown>;
  const ledger: Partial<LedgerSettings> = {
    ...(typeof raw.wasteWitnessRequired === 'boolean' ? { wasteWitnessRequired: raw.wasteWitnessRequired } : {}),
    ...(typeof raw.receiptWitnessRequired === 'boolean' ? { receiptWitnessRequired: raw.receiptWitnessRequired } : {}),
  };
  const holidays = Array.isArray(raw.holidays)
    ? raw.holidays.filter((h): h is string => typeof h === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(h))
    : [];
  const registrant = (
    typeof raw.registrant === 'object' && raw.registrant !== null ? raw.registrant : {}
  ) as Partial<ClinicRegistrant>;
  return { ledger, holidays, registrant };
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface BuiltReport {
  readonly title: string;
  readonly scope: string;
  readonly filename: string;
  readonly citation: string;
  readonly rows: readonly unknown[];
  readonly extra: Record<string, unknown>;
  readonly pdfColumns: readonly PdfColumn[];
  csv(): string;
  pdfRows(): string[][];
}

/** A report's rows with its CSV columns (the domain's) and the columns printed in the PDF ([header, width, value?]). */
export function tableReport<R>(spec: {
  title: string;
  scope: string;
  filename: string;
  citation: string;
  rows: readonly R[];
  columns: readonly CsvColumn<R>[];
  pdf: ReadonlyArray<readonly [string, number, ((row: R) => CsvValue)?]>;
  extra: Record<string, unknown>;
}): BuiltReport {
  const cells = spec.pdf.map(
    ([header, , value]) => value ?? spec.columns.find((c) => c.header === header)?.value ?? (() => ''),
  );
  return {
    title: spec.title,
    scope: spec.scope,
    filename: spec.filename,
    citation: spec.citation,
    rows: spec.rows,
    extra: spec.extra,
    pdfColumns: spec.pdf.map(([header, weight]) => ({ header, weight })),
    csv: () => reportCsv(spec.rows, spec.columns),
    pdfRows: () =>
      spec.rows.map((row) =>
        cells.map((cell) => {
          const value = cell(row);
          return value === null || value === undefined ? '' : String(value);
        }),
      ),
  };
}

/** A dosed session with no draw: nothing drawn, so nothing can be reconciled (issue 10 item 14). */
export function missingDraw(d: DosedSession): ReconciliationDto {
  return {
    ...emptyReconciliation(d.sessionId, d.patientId),
    reconciled: false,
    missingDraw: true,
    dosedAt: d.dosedAt.toISOString(),
  };
}

export function addIsoDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function localMidnight(date: string, timeZone: string, field: string): Date {
  return localToInstant(`${date}T00:00`, timeZone, field);
}
