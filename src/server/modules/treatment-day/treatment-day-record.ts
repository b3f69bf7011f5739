/**
 * Reads a session's journal (append-only rows) into what the domain rules take: the effective entries after
 * corrections, the `SessionEvent`s, the check-in, the prepared dose, readings, ratings and adverse events. Pure:
 * no database, no clock.
 *
 * Corrections: a row with `correctsId` replaces the row it points at (a correction of a correction replaces the
 * same original). The latest correction wins; `data.voided = true` strikes the original out without a new value.
 * The original stays in the timeline, marked corrected, with every correction's reason.
 */
import type { AdverseEvent } from '../../../domain/session/index.js';
import type { SessionEvent } from '../../../domain/session/index.js';
import { VITAL_SIGN_KEYS, type VitalSignReading } from '../../../domain/monitoring/index.js';
import type { EntryRow } from './treatment-day.repository.js';

export interface EffectiveEntry {
  /** The original entry's id (corrections keep it). */
  readonly id: string;
  readonly kind: EntryRow['kind'];
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly recordedBy: string;
  /** The correction now in force, when there is one. */
  readonly correctedBy?: EntryRow;
}

/** The vital signs taken at check-in, before the dose (any of them may be missing). */
interface PreDoseVitals {
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  spo2?: number;
  respiratoryRate?: number;
  takenAt: string;
}

export interface CheckInData {
  readonly arrivedAt: string;
  readonly identityChecked: boolean;
  readonly identityMethod?: string;
  readonly preDoseVitals?: PreDoseVitals & {
    /** When a re-save corrected the reading: what it replaced and why (the earlier check-in version stays too). */
    corrects?: PreDoseVitals & { reason: string };
  };
  readonly weightKg?: number;
  readonly fasting?: { lastFoodAt?: string; lastLiquidAt?: string };
  readonly ride?: { name?: string; phone?: string; confirmed: boolean };
  readonly pregnancy?: { canBecomePregnant: boolean; result?: 'negative' | 'positive'; testedAt?: string };
}

export interface DoseData {
  readonly doseMg: number;
  readonly devices?: number;
  readonly plannedDurationMin?: number;
  readonly concentrationMgPerMl?: number;
  readonly volumeMl?: number;
  readonly rateMlPerHour?: number;
  readonly rateMgPerMin?: number;
  /** IV: the weight the dose was prepared for. */
  readonly weightKg?: number;
  readonly lotNumber: string;
  readonly lotExpiry: string;
  readonly ledgerDrawId?: string;
  /** The lot's product and where it came from (doses prepared since issue 10 item 14: always the ledger). */
  readonly ndc?: string;
  readonly lotExpiryAsReceived?: string;
  readonly lotSource?: 'ledger';
  /** IV: the dose per kg at the weight above, the protocol cap and the plan's mg/kg (issue 10 item 3). */
  readonly mgPerKg?: number;
  readonly capMgPerKg?: number;
  readonly plannedMgPerKg?: number;
  /** Esketamine: the least time between two devices. */
  readonly minutesBetweenDevices?: number;
  /** A prescriber's override of the dose checks, with the reasons it overrode. */
  readonly override?: {
    readonly byUserId: string;
    readonly by: string;
    readonly at: string;
    readonly reason: string;
    readonly reasons: readonly string[];
    readonly messages: readonly string[];
  };
}

export interface SessionRecord {
  readonly entries: readonly EntryRow[];
  readonly effective: readonly EffectiveEntry[];
  readonly events: readonly SessionEvent[];
  readonly checkIn?: { readonly entry: EntryRow; readonly data: CheckInData };
  /** The latest acknowledgement per item, with the evidence it acknowledged ('' for one recorded before issue 10). */
  readonly acknowledgements: ReadonlyMap<string, { by: string; at: Date; reason: string; evidence: string }>;
  readonly dose?: {
    readonly entry: EntryRow;
    readonly data: DoseData;
    readonly verifiedBy?: string;
    readonly verifiedAt?: Date;
  };
  readonly readings: readonly VitalSignReading[];
  readonly moaas: ReadonlyArray<{ score: number; at: Date }>;
  readonly cadss: ReadonlyArray<{ score: number; at: Date; form: 'cadss' | 'cadss-6' }>;
  readonly adverseEvents: ReadonlyArray<AdverseEvent & { readonly id: string }>;
  readonly discharge?: EntryRow;
  readonly remsForm?: EntryRow;
  readonly remsSubmitted?: EntryRow;
  readonly billing?: EntryRow;
}

const date = (value: unknown): Date => new Date(String(value));
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export function preDoseReading(checkIn: CheckInData | undefined): VitalSignReading | undefined {
  const v = checkIn?.preDoseVitals;
  if (!v) return undefined;
  return {
    takenAt: date(v.takenAt),
    ...(v.systolic !== undefined ? { systolic: v.systolic } : {}),
    ...(v.diastolic !== undefined ? { diastolic: v.diastolic } : {}),
    ...(v.heartRate !== undefined ? { heartRate: v.heartRate } : {}),
    ...(v.spo2 !== undefined ? { spo2: v.spo2 } : {}),
    ...(v.respiratoryRate !== undefined ? { respiratoryRate: v.respiratoryRate } : {}),
  };
}

export function readingOf(data: Record<string, unknown>, at: Date): VitalSignReading {
  const out: { -readonly [K in keyof VitalSignReading]?: VitalSignReading[K] } = { takenAt: at };
  for (const key of VITAL_SIGN_KEYS) {
    const value = num(data[key]);
    if (value !== undefined) out[key] = value;
  }
  return out as VitalSignReading;
}

export function adverseEventOf(data: Record<string, unknown>): AdverseEvent {
  const interventions = Array.isArray(data.interventions) ? (data.interventions as Array<Record<string, unknown>>) : [];
  return {
    type: data.type as AdverseEvent['type'],
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    severity: data.severity as AdverseEvent['severity'],
    serious: data.serious === true,
    startedAt: date(data.startedAt),
    ...(data.endedAt ? { endedAt: date(data.endedAt) } : {}),
    interventions: interventions.map((i) => ({
      code: i.code as AdverseEvent['interventions'][number]['code'],
      ...(typeof i.name === 'string' ? { name: i.name } : {}),
      ...(typeof i.dose === 'string' ? { dose: i.dose } : {}),
      ...(typeof i.route === 'string' ? { route: i.route } : {}),
      at: date(i.at),
      ...(typeof i.givenBy === 'string' ? { givenBy: i.givenBy } : {}),
    })),
    outcome: data.outcome as AdverseEvent['outcome'],
  };
}

/** The id of the original entry a row stands for (itself, or the entry its correction chain starts at). */
function rootOf(row: EntryRow, byId: Map<string, EntryRow>): string {
  let current = row;
  const seen = new Set<string>();
  while (current.correctsId && !seen.has(current.id)) {
    seen.add(current.id);
    const parent = byId.get(current.correctsId);
    if (!parent) return current.correctsId;
    current = parent;
  }
  return current.id;
}

export function readSessionRecord(entries: readonly EntryRow[]): SessionRecord {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const latestCorrection = new Map<string, EntryRow>();
  for (const e of entries) if (e.correctsId) latestCorrection.set(rootOf(e, byId), e);

  const effective: EffectiveEntry[] = [];
  for (const e of entries) {
    if (e.correctsId) continue;
    const correction = latestCorrection.get(e.id);
    if (correction?.data.voided === true) continue;
    const data = correction ? correction.data : e.data;
    const occurredAt = correction ? correction.occurredAt : e.occurredAt;
    effective.push({
      id: e.id,
      kind: e.kind,
      data,
      occurredAt,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy,
      ...(correction ? { correctedBy: correction } : {}),
    });
  }

  const events: SessionEvent[] = [];
  const readings: VitalSignReading[] = [];
  const moaas: Array<{ score: number; at: Date }> = [];
  const cadss: Array<{ score: number; at: Date; form: 'cadss' | 'cadss-6' }> = [];
  const adverseEvents: Array<AdverseEvent & { id: string }> = [];
  const acknowledgements = new Map<string, { by: string; at: Date; reason: string; evidence: string }>();
  let checkIn: SessionRecord['checkIn'];
  let dose: { entry: EntryRow; data: DoseData; verifiedBy?: string; verifiedAt?: Date } | undefined;
  let discharge: EntryRow | undefined;
  let remsForm: EntryRow | undefined;
  let remsSubmitted: EntryRow | undefined;
  let billing: EntryRow | undefined;

  for (const e of effective) {
    const at = e.occurredAt;
    const d = e.data;
    switch (e.kind) {
      case 'check-in': {
        const entry = byId.get(e.id)!;
        if (!checkIn) events.push({ type: 'checked-in', at: date(d.arrivedAt) });
        checkIn = { entry, data: d as unknown as CheckInData };
        break;
      }
      case 'checklist-acknowledged':
        acknowledgements.set(String(d.item), {
          by: e.recordedBy,
          at,
          reason: String(d.reason),
          evidence: typeof d.evidence === 'string' ? d.evidence : '',
        });
        break;
      case 'dose-prepared': {
        const data = d as unknown as DoseData;
        dose = { entry: byId.get(e.id)!, data };
        events.push({
          type: 'dose-prepared',
          at,
          doseMg: data.doseMg,
          ...(data.devices !== undefined ? { devices: data.devices } : {}),
          ...(data.plannedDurationMin !== undefined ? { plannedDurationMin: data.plannedDurationMin } : {}),
        });
        break;
      }
      case 'dose-verified':
        if (dose && d.doseEntryId === dose.entry.id) dose = { ...dose, verifiedBy: e.recordedBy, verifiedAt: at };
        break;
      case 'infusion-started':
        events.push({ type: 'infusion-started', at, rateMgPerMin: Number(d.rateMgPerMin) });
        break;
      case 'infusion-rate-changed':
        events.push({ type: 'infusion-rate-changed', at, rateMgPerMin: Number(d.rateMgPerMin) });
        break;
      case 'infusion-paused':
        events.push({ type: 'infusion-paused', at, reason: String(d.reason) });
        break;
      case 'infusion-resumed':
        events.push({ type: 'infusion-resumed', at });
        break;
      case 'infusion-stopped':
        events.push({ type: 'infusion-stopped', at, ...(typeof d.reason === 'string' ? { reason: d.reason } : {}) });
        break;
      case 'device-administered':
        events.push({ type: 'device-administered', at });
        break;
      case 'vitals':
        readings.push(readingOf(d, at));
        events.push({
          type: 'vitals-recorded',
          at,
          hasBloodPressure: typeof d.systolic === 'number' && typeof d.diastolic === 'number',
        });
        break;
      case 'moaas':
        moaas.push({ score: Number(d.score), at });
        break;
      case 'cadss':
        cadss.push({ score: Number(d.total), at, form: d.form === 'cadss' ? 'cadss' : 'cadss-6' });
        break;
      case 'adverse-event':
        adverseEvents.push({ ...adverseEventOf(d), id: e.id });
        break;
      case 'discharged':
        discharge = byId.get(e.id);
        events.push({ type: 'discharged', at });
        break;
      case 'rems-form':
        remsForm = byId.get(e.id);
        break;
      case 'rems-submitted':
        remsSubmitted = byId.get(e.id);
        break;
      case 'billing-captured':
        billing = byId.get(e.id);
        break;
      case 'nausea':
      case 'note':
        break;
    }
  }

  return {
    entries,
    effective,
    events,
    acknowledgements,
    readings,
    moaas,
    cadss,
    adverseEvents,
    ...(checkIn ? { checkIn } : {}),
    ...(dose ? { dose } : {}),
    ...(discharge ? { discharge } : {}),
    ...(remsForm ? { remsForm } : {}),
    ...(remsSubmitted ? { remsSubmitted } : {}),
    ...(billing ? { billing } : {}),
  };
}
