/**
 * The treatment day's request inputs, its 409 error, the loaded session and small helpers shared by its services
 * (parsing a clinical time, the infusion's delivered amount, the protocol's cap).
 */
import { CLOCK_DRIFT_TOLERANCE_MS, observationTimeProblem } from '../../../domain/shared/plausible-dates.js';
import type { Transaction } from 'kysely';
import { ADMINISTRATION_EVENTS, OBSERVATION_KINDS } from '../../../contract/treatment-day.js';
import { type DoseLot, type DrugName } from '../../../domain/inventory/index.js';
import { type Protocol } from '../../../domain/protocols/index.js';
import { actualInfusions } from '../../../domain/pk/index.js';
import { VITAL_SIGN_KEYS } from '../../../domain/monitoring/index.js';
import {
  NAUSEA_LEVELS,
  isIvInfusion,
  type SameDaySuicideRisk,
  type SessionEvent,
  type TreatmentModality,
} from '../../../domain/session/index.js';
import type { Database } from '../../db/schema.js';
import { BadRequestError, ConflictError, type ProblemField } from '../../errors/http-errors.js';
import type { ProblemCode } from '../../errors/problem-codes.js';
import { type SessionRecord } from './treatment-day-record.js';
import type { AlertRow, TreatmentDayRepository } from './treatment-day.repository.js';
import { type TreatmentDaySettings } from './treatment-day-settings.js';

/** A 409 the web app can recognise by `code`. */
export class TreatmentConflictError extends ConflictError {
  constructor(
    message: string,
    readonly code: ProblemCode,
    fields: readonly ProblemField[] = [],
  ) {
    super(message, fields);
  }
}

/** What a write tells the live channel: the board of `clinicId` changed because of `sessionId`. */
export interface BoardChange {
  readonly topic: 'board';
  readonly sessionId: string;
}
/** What a discharge tells: ids and the time only. */
export interface Discharge {
  readonly clinicId: string;
  readonly sessionId: string;
  readonly patientId: string;
  readonly at: Date;
}
/**
 * What the treatment day tells the rest of the clinic. Each is called inside the write's transaction, so a notice
 * goes out only if the write commits (realtime/clinic-notices.ts sends them).
 */
export interface TreatmentDayNotices {
  /** A write changed the board of `clinicId` (the live channel: boards and session screens refetch). */
  boardChanged(trx: Transaction<Database>, clinicId: string, change: BoardChange): Promise<void>;
  /** A session was discharged (webhooks: session.discharged). */
  sessionDischarged(trx: Transaction<Database>, discharge: Discharge): Promise<void>;
}

export type SessionRow = NonNullable<Awaited<ReturnType<TreatmentDayRepository['findSession']>>>;

export interface Loaded {
  readonly session: SessionRow;
  readonly modality: TreatmentModality;
  readonly record: SessionRecord;
  readonly alerts: readonly AlertRow[];
  readonly timeZone: string;
  readonly clinicName: string;
  /** The clinic's locale (BCP 47): the language of its documents. */
  readonly locale?: string;
  readonly settings: TreatmentDaySettings;
}

export { ADMINISTRATION_EVENTS, OBSERVATION_KINDS };
export type AdministrationEvent = (typeof ADMINISTRATION_EVENTS)[number];
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export interface VitalsInput {
  systolic?: number | undefined;
  diastolic?: number | undefined;
  heartRate?: number | undefined;
  spo2?: number | undefined;
  respiratoryRate?: number | undefined;
}

export interface CheckInInput {
  arrivedAt?: string | undefined;
  identityChecked: boolean;
  identityMethod?: string | undefined;
  preDoseVitals?: (VitalsInput & { takenAt?: string | undefined; correctionReason?: string | undefined }) | undefined;
  weightKg?: number | undefined;
  fasting?: { lastFoodAt?: string | undefined; lastLiquidAt?: string | undefined } | undefined;
  ride?: { name?: string | undefined; phone?: string | undefined; confirmed: boolean } | undefined;
  pregnancy?:
    | { canBecomePregnant: boolean; result?: 'negative' | 'positive' | undefined; testedAt?: string | undefined }
    | undefined;
}

/**
 * Internal only (the demo seed): the demo's consents are signed at start-up, after the demo's back-dated dose times,
 * so the gate judged at the preparation time would block. Never exposed over HTTP.
 */
export interface DemoHistoryOptions {
  readonly skipChecklistGate?: boolean;
}

export interface DoseInput {
  /** When the dose was prepared (default now); the checklist is judged at that moment. */
  preparedAt?: string | undefined;
  concentrationMgPerMl?: number | undefined;
  durationMin?: number | undefined;
  /** A lot the clinic holds in its ledger (or drew for this session); see GET /api/sessions/:id/dose/lots. */
  lotNumber: string;
  /** The lot's NDC, when the same lot number is held under two products. */
  ndc?: string | undefined;
  /** Optional and not trusted: the ledger's expiry of the lot is the one recorded. */
  lotExpiry?: string | undefined;
  ledgerDrawId?: string | undefined;
  /** A prescriber's override of a dose above the protocol cap or the plan (IV), with the reason. */
  override?: { reason: string } | undefined;
}

/** The lots the ledger holds for a session's dose (wired in app.ts to the ledger service). */
export interface DoseStock {
  doseLots(clinicId: string, sessionId: string, drug: DrugName): Promise<DoseLot[]>;
}

export const drugOf = (modality: TreatmentModality): DrugName =>
  isIvInfusion(modality) ? 'ketamine-hcl' : 'esketamine-hcl';

export interface AdministrationInput {
  event: AdministrationEvent;
  at?: string | undefined;
  rateMgPerMin?: number | undefined;
  reason?: string | undefined;
  totalDeliveredMg?: number | undefined;
  overrideReason?: string | undefined;
  /** Stop: the total is confirmed although it differs from the estimate from the recorded rates. */
  confirmTotalDelivered?: boolean | undefined;
  /** Stop with `confirmTotalDelivered`: why the total differs from the estimate. */
  confirmationReason?: string | undefined;
}

export interface ObservationInput {
  kind: ObservationKind;
  at?: string | undefined;
  vitals?: VitalsInput | undefined;
  score?: number | undefined;
  form?: 'cadss-6' | 'cadss' | undefined;
  answers?: Record<string, unknown> | undefined;
  level?: (typeof NAUSEA_LEVELS)[number] | undefined;
  text?: string | undefined;
}

export interface AdverseEventInput {
  type: string;
  description?: string | undefined;
  severity: string;
  serious: boolean;
  startedAt: string;
  endedAt?: string | undefined;
  interventions: Array<{
    code: string;
    name?: string | undefined;
    dose?: string | undefined;
    route?: string | undefined;
    at: string;
    givenBy?: string | undefined;
  }>;
  outcome: string;
}

export interface CorrectionInput {
  reason: string;
  voided?: boolean | undefined;
  observation?: Omit<ObservationInput, 'kind'> | undefined;
  adverseEvent?: AdverseEventInput | undefined;
}

export interface SuicideRiskEvaluationInput {
  measureId: string;
  decision: 'may-proceed' | 'do-not-dose';
  note: string;
  at?: string | undefined;
}

export interface DischargeInput {
  clinicallyStable: boolean;
  ridePresent: boolean;
  override?: { reason: string } | undefined;
}

export const MINUTE = 60_000;
export const iso = (d: Date | undefined | null): string | null => (d ? d.toISOString() : null);

export function initials(givenName: string, familyName: string): string {
  return `${givenName.trim().charAt(0)}${familyName.trim().charAt(0)}`.toUpperCase();
}

export function parseInstant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    throw new BadRequestError(`${field} must be an ISO date-time.`, [
      { field, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-02T15:04:00Z' },
    ]);
  return at;
}

/** A clinical time given by the client, or now; never in the future (beyond the clock drift tolerated everywhere). */
export function clinicalTime(value: string | undefined, now: Date, field = 'at'): Date {
  const at = parseInstant(value, field) ?? now;
  if (at.getTime() > now.getTime() + CLOCK_DRIFT_TOLERANCE_MS)
    throw new BadRequestError(`${field} is in the future.`, [{ field, message: 'is later than now' }]);
  const problem = observationTimeProblem(at, now, CLOCK_DRIFT_TOLERANCE_MS);
  if (problem) throw new BadRequestError(`${field} ${problem}.`, [{ field, message: problem }]);
  return at;
}

export const sameVitals = (a: VitalsInput, b: VitalsInput): boolean => VITAL_SIGN_KEYS.every((k) => a[k] === b[k]);

/**
 * One chair's (or one alert's) wait on a prescriber, in words: who waits (the chair's staff, with the patient) on whom
 * (a prescriber) and for what. Built from the domain's same-day suicide-risk result.
 */
export function waitingForPrescriber(risk: SameDaySuicideRisk, chairName: string | null) {
  if (risk.awaitingPrescriber.length === 0) return null;
  const where = chairName ? `${chairName} (the nurse with the patient)` : 'The nurse with the patient';
  return {
    waiting: 'chair-staff' as const,
    waitingOn: 'prescriber' as const,
    reason: 'suicide-risk-evaluation' as const,
    measureIds: risk.awaitingPrescriber.map((a) => a.measureId),
    message: `${where} is waiting for a prescriber to evaluate today's suicide-risk answer before dosing: ${risk.awaitingPrescriber.map((a) => a.describe).join('; ')}.`,
  };
}

export function definedVitals(v: VitalsInput): VitalsInput {
  const out: VitalsInput = {};
  for (const key of VITAL_SIGN_KEYS) if (v[key] !== undefined) out[key] = v[key];
  return out;
}

/**
 * The protocol's cap for one infusion in mg/kg: `capMgPerKg`, or for a mg/kg/h protocol (chronic pain) the hourly cap
 * times the infusion hours. Without a protocol on the plan, the top of the cited antidepressant range (1 mg/kg,
 * Zanos et al., Pharmacol Rev 2018, Table 1).
 */
export function ivCapMgPerKg(protocol: Protocol | undefined, durationMin: number): number {
  const perKg = protocol?.settings.capMgPerKg?.value;
  if (perKg !== undefined) return perKg;
  const perHour = protocol?.settings.capMgPerKgPerHour?.value;
  if (perHour !== undefined) return Math.round(perHour * (durationMin / 60) * 1000) / 1000;
  return 1;
}

/**
 * Ketamine delivered by an infusion up to `until`, from its rate events (pauses deliver nothing). An estimate the
 * nurse confirms at stop (`totalDeliveredMg`), shown so a pump reading can be checked against it.
 */
export function deliveredMg(events: readonly SessionEvent[], until: Date): number {
  return actualInfusions(events, until).reduce((sum, s) => sum + s.rateMgPerMin * (s.endMin - s.startMin), 0);
}
