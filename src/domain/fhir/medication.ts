/**
 * Pure mappers for the drugs a clinic gives: MedicationAdministration (one per dosing session: the dose given, its
 * lot, route and amount) and MedicationRequest (one per planned dosing session of a treatment plan: the order the
 * prescriber signed). No I/O and no clock: the caller passes rows and times in.
 *
 * Codes:
 * - RxNorm (`http://www.nlm.nih.gov/research/umls/rxnorm`, NLM): ketamine ingredient concept 6130; esketamine
 *   nasal spray (clinical drug form, SCDF) 2201623, as listed for Spravato (branded form 2201625) in the RxNorm
 *   release of May 2026 (ndclist.com/rxnorm/rxcui/2201623). The ketamine concept is the ingredient because clinics
 *   give it from several vial strengths; the product's NDC, when the dose records it, is added beside it.
 * - NDC (`http://hl7.org/fhir/sid/ndc`): the lot's product, from the controlled-substance ledger.
 * - Route: SNOMED CT "route of administration" concepts, the R4 example binding for dosage route
 *   (https://hl7.org/fhir/R4/valueset-route-codes.html): 47625008 intravenous, 78421000 intramuscular,
 *   46713006 nasal, 37839007 sublingual.
 * - Amounts in UCUM `mg` (https://ucum.org).
 */
import type { CodeableConcept, Medication, MedicationAdministration, MedicationRequest } from '@medplum/fhirtypes';
import type { Route } from '../protocols/protocol.js';
import type { PlannedSession } from '../protocols/preview.js';
import { fhirMeta, KETACLINIC_FHIR_BASE } from './resources.js';

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
/** The identifier system grouping the orders of one treatment plan (MedicationRequest.groupIdentifier). */
export const TREATMENT_PLAN_SYSTEM = `${KETACLINIC_FHIR_BASE}/sid/treatment-plan`;

export type Drug = 'ketamine' | 'esketamine';

export const DRUG_CODES: Readonly<Record<Drug, { readonly code: string; readonly display: string }>> = {
  ketamine: { code: '6130', display: 'ketamine' },
  esketamine: { code: '2201623', display: 'esketamine Nasal Spray' },
};

export const ROUTE_CODES: Readonly<Record<Route, { readonly code: string; readonly display: string }>> = {
  intravenous: { code: '47625008', display: 'Intravenous route' },
  intramuscular: { code: '78421000', display: 'Intramuscular route' },
  intranasal: { code: '46713006', display: 'Nasal route' },
  sublingual: { code: '37839007', display: 'Sublingual route' },
};

const ROUTES: readonly Route[] = ['intravenous', 'intramuscular', 'intranasal', 'sublingual'];

/** The drug of a modality: esketamine for the nasal spray, ketamine otherwise. */
export function drugOf(modality: string): Drug {
  return modality.startsWith('esketamine') ? 'esketamine' : 'ketamine';
}

/** The route a session recorded, or the modality's usual route when it recorded none. */
export function routeOf(modality: string, recorded: string | null | undefined): Route {
  if (recorded && (ROUTES as readonly string[]).includes(recorded)) return recorded as Route;
  if (modality.startsWith('esketamine')) return 'intranasal';
  if (modality.startsWith('im-')) return 'intramuscular';
  if (modality === 'kap') return 'sublingual';
  return 'intravenous';
}

export function medicationConcept(drug: Drug, ndc?: string): CodeableConcept {
  const rx = DRUG_CODES[drug];
  return {
    coding: [
      { system: RXNORM_SYSTEM, code: rx.code, display: rx.display },
      ...(ndc ? [{ system: NDC_SYSTEM, code: ndc }] : []),
    ],
    text: drug === 'esketamine' ? 'esketamine nasal spray 28 mg/device' : 'ketamine hydrochloride',
  };
}

export function routeConcept(route: Route): CodeableConcept {
  const r = ROUTE_CODES[route];
  return { coding: [{ system: SNOMED_SYSTEM, code: r.code, display: r.display }], text: route };
}

const mg = (value: number) => ({ value, unit: 'mg', system: UCUM, code: 'mg' });

export interface AdministrationRecord {
  /** The prepared dose's journal entry: the resource id. */
  readonly id: string;
  readonly patientId: string;
  readonly sessionId: string;
  readonly modality: string;
  readonly route: Route;
  /** in-progress: infusion running or devices still to give; completed: stopped, or every planned device given. */
  readonly status: 'in-progress' | 'completed';
  readonly startedAt: Date;
  readonly completedAt?: Date;
  /** mg given (completed), or so far for devices; absent while an infusion runs. */
  readonly givenMg?: number;
  readonly devices?: number;
  readonly preparedMg: number;
  /** A running infusion's current rate (mg/min), from its latest start or rate change. */
  readonly rateMgPerMin?: number;
  readonly ndc?: string;
  readonly lotNumber?: string;
  /** The lot's last usable day (YYYY-MM-DD). */
  readonly lotExpiry?: string;
  readonly performerId?: string;
  /** The plan order this dose carries out (MedicationRequest id), when the session was booked from a plan. */
  readonly requestId?: string;
  readonly versionId: string;
  readonly lastUpdated: Date;
}

/**
 * One dose given in a session. The product and its lot go in a contained Medication (R4 MedicationAdministration
 * has no lot of its own; Medication.batch carries it).
 */
export function toMedicationAdministration(a: AdministrationRecord): MedicationAdministration {
  const drug = drugOf(a.modality);
  const medication: Medication = { resourceType: 'Medication', id: 'med', code: medicationConcept(drug, a.ndc) };
  if (a.lotNumber)
    medication.batch = { lotNumber: a.lotNumber, ...(a.lotExpiry ? { expirationDate: a.lotExpiry } : {}) };
  const amount =
    a.givenMg !== undefined
      ? `${a.givenMg} mg given`
      : `${a.preparedMg} mg prepared, infusion running${a.rateMgPerMin !== undefined ? ` at ${a.rateMgPerMin} mg/min` : ''}`;
  const resource: MedicationAdministration = {
    resourceType: 'MedicationAdministration',
    id: a.id,
    meta: fhirMeta(a.versionId, a.lastUpdated),
    contained: [medication],
    status: a.status,
    medicationReference: { reference: '#med', display: medication.code?.text ?? drug },
    subject: { reference: `Patient/${a.patientId}` },
    context: { reference: `Encounter/${a.sessionId}` },
    ...(a.completedAt
      ? { effectivePeriod: { start: a.startedAt.toISOString(), end: a.completedAt.toISOString() } }
      : { effectivePeriod: { start: a.startedAt.toISOString() } }),
    dosage: {
      text: `${amount} ${a.route}${a.devices !== undefined ? ` (${a.devices} device${a.devices === 1 ? '' : 's'})` : ''}`,
      route: routeConcept(a.route),
      // R4 mad-1: a dose or a rate. While an infusion runs the amount is not known yet: its rate is.
      ...(a.givenMg !== undefined
        ? { dose: mg(a.givenMg) }
        : a.rateMgPerMin !== undefined
          ? {
              rateRatio: {
                numerator: mg(a.rateMgPerMin),
                denominator: { value: 1, unit: 'min', system: UCUM, code: 'min' },
              },
            }
          : { dose: mg(a.preparedMg) }),
    },
  };
  if (a.performerId) resource.performer = [{ actor: { reference: `Practitioner/${a.performerId}` } }];
  if (a.requestId) resource.request = { reference: `MedicationRequest/${a.requestId}` };
  return resource;
}

/** Plan status -> MedicationRequest.status (R4 medicationrequest-status): a discontinued plan's orders are `stopped`. */
export const REQUEST_STATUS: Readonly<Record<string, MedicationRequest['status']>> = {
  draft: 'draft',
  active: 'active',
  completed: 'completed',
  discontinued: 'stopped',
};

/** The id of a plan session's order: `<plan id>-<session number>`. */
export function medicationRequestId(planId: string, sessionNumber: number): string {
  return `${planId}-${sessionNumber}`;
}

export interface PlanOrderRecord {
  readonly planId: string;
  readonly patientId: string;
  readonly modality: string;
  readonly planStatus: string;
  readonly protocolTitle: string;
  readonly session: PlannedSession;
  /** When the prescriber signed the plan (or, unsigned, when it was created). */
  readonly authoredOn: Date;
  /** The signing prescriber. */
  readonly requesterId?: string;
  readonly versionId: string;
  readonly lastUpdated: Date;
}

/** One planned dosing session as an order (intent `order`), based on the plan's CarePlan. */
export function toMedicationRequest(o: PlanOrderRecord): MedicationRequest {
  const s = o.session;
  const route = routeOf(o.modality, s.route);
  const resource: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: medicationRequestId(o.planId, s.number),
    meta: fhirMeta(o.versionId, o.lastUpdated),
    status: REQUEST_STATUS[o.planStatus] ?? 'unknown',
    intent: 'order',
    medicationCodeableConcept: medicationConcept(drugOf(o.modality)),
    subject: { reference: `Patient/${o.patientId}` },
    authoredOn: o.authoredOn.toISOString(),
    basedOn: [{ reference: `CarePlan/${o.planId}` }],
    groupIdentifier: { system: TREATMENT_PLAN_SYSTEM, value: o.planId },
    dosageInstruction: [
      {
        sequence: s.number,
        text: `${o.protocolTitle}: session ${s.number} (${s.phase}, week ${s.week}) on ${s.date}: ${s.doseMg} mg ${route} over ${s.durationMin} min, then monitoring ${s.monitoringMin} min`,
        timing: { event: [s.date] },
        route: routeConcept(route),
        doseAndRate: [{ doseQuantity: mg(s.doseMg) }],
      },
    ],
  };
  if (o.requesterId) resource.requester = { reference: `Practitioner/${o.requesterId}` };
  return resource;
}
