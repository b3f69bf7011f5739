import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { clinicDefault } from '../monitoring/sources.js';
import { checkDate } from './time.js';

/**
 * Adverse events on the treatment day and the interventions given for them, as data. The catalogue names
 * drugs; it never suggests a dose (the clinician records what was given).
 */

export const ADVERSE_EVENT_TYPES = [
  { code: 'nausea-vomiting', label: 'Nausea / vomiting' },
  { code: 'hypertension', label: 'Hypertension' },
  { code: 'dissociation-emergence', label: 'Dissociation / emergence reaction' },
  { code: 'sedation-loss-of-consciousness', label: 'Sedation / loss of consciousness' },
  { code: 'respiratory-depression', label: 'Respiratory depression' },
  { code: 'allergic-reaction', label: 'Allergic reaction' },
  { code: 'other', label: 'Other' },
] as const;
export type AdverseEventType = (typeof ADVERSE_EVENT_TYPES)[number]['code'];

export const INTERVENTIONS = [
  { code: 'ondansetron', label: 'Ondansetron', kind: 'drug', routes: ['IV', 'IM', 'PO', 'ODT'] },
  { code: 'clonidine', label: 'Clonidine', kind: 'drug', routes: ['PO'] },
  { code: 'labetalol', label: 'Labetalol', kind: 'drug', routes: ['IV', 'PO'] },
  { code: 'midazolam', label: 'Midazolam', kind: 'drug', routes: ['IV', 'IM', 'intranasal'] },
  { code: 'lorazepam', label: 'Lorazepam', kind: 'drug', routes: ['IV', 'IM', 'PO', 'SL'] },
  { code: 'diphenhydramine', label: 'Diphenhydramine', kind: 'drug', routes: ['IV', 'IM', 'PO'] },
  { code: 'epinephrine', label: 'Epinephrine', kind: 'drug', routes: ['IM', 'IV'] },
  { code: 'oxygen', label: 'Oxygen', kind: 'oxygen', routes: ['nasal cannula', 'face mask'] },
  { code: 'infusion-paused', label: 'Infusion paused', kind: 'action', routes: [] },
  { code: 'infusion-stopped', label: 'Infusion stopped', kind: 'action', routes: [] },
  { code: 'other', label: 'Other', kind: 'other', routes: [] },
] as const;
export type InterventionCode = (typeof INTERVENTIONS)[number]['code'];

export const ADVERSE_EVENT_CATALOGUE_CITATION: Citation = clinicDefault(
  "Adverse-event types and interventions listed in issue 5; the clinic may extend the list. Drug choice and dose are the clinician's.",
);

export const ADVERSE_EVENT_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AdverseEventSeverity = (typeof ADVERSE_EVENT_SEVERITIES)[number];
export const ADVERSE_EVENT_OUTCOMES = ['resolved', 'resolving', 'ongoing', 'transferred', 'other'] as const;
export type AdverseEventOutcome = (typeof ADVERSE_EVENT_OUTCOMES)[number];

/**
 * Nausea as rated at the chair during monitoring, an observation on the timeline (a nausea that needs treatment is
 * also an adverse event, 'nausea-vomiting'). The levels are the issue-5 catalogue's (ADVERSE_EVENT_CATALOGUE_CITATION).
 */
export const NAUSEA_LEVELS = ['none', 'mild', 'moderate', 'severe'] as const;
export type NauseaLevel = (typeof NAUSEA_LEVELS)[number];

export interface InterventionGiven {
  readonly code: InterventionCode;
  /** Required for `other`. */
  readonly name?: string;
  /** As given, e.g. "4 mg" or "2 L/min". Required for drugs and oxygen. */
  readonly dose?: string;
  readonly route?: string;
  readonly at: Date;
  readonly givenBy?: string;
}

export interface AdverseEvent {
  readonly type: AdverseEventType;
  readonly description?: string;
  readonly severity: AdverseEventSeverity;
  readonly serious: boolean;
  readonly startedAt: Date;
  readonly endedAt?: Date;
  readonly interventions: readonly InterventionGiven[];
  readonly outcome: AdverseEventOutcome;
}

export function adverseEventLabel(type: AdverseEventType): string {
  return ADVERSE_EVENT_TYPES.find((t) => t.code === type)?.label ?? type;
}

export function interventionLabel(i: Pick<InterventionGiven, 'code' | 'name'>): string {
  if (i.code === 'other') return i.name ?? 'Other';
  return INTERVENTIONS.find((x) => x.code === i.code)?.label ?? i.code;
}

export function collectAdverseEventIssues(e: AdverseEvent, path: string, issues: FieldIssue[]): void {
  if (!ADVERSE_EVENT_TYPES.some((t) => t.code === e.type))
    issues.push({
      field: `${path}.type`,
      message: `must be one of ${ADVERSE_EVENT_TYPES.map((t) => t.code).join(', ')}`,
    });
  if (e.type === 'other' && (typeof e.description !== 'string' || e.description.trim() === ''))
    issues.push({ field: `${path}.description`, message: 'describe an "other" event' });
  if (!ADVERSE_EVENT_SEVERITIES.includes(e.severity))
    issues.push({ field: `${path}.severity`, message: 'must be mild, moderate or severe' });
  if (typeof e.serious !== 'boolean') issues.push({ field: `${path}.serious`, message: 'must be true or false' });
  if (!ADVERSE_EVENT_OUTCOMES.includes(e.outcome))
    issues.push({ field: `${path}.outcome`, message: 'must be resolved, resolving, ongoing, transferred or other' });
  const startOk = checkDate(e.startedAt, `${path}.startedAt`, issues);
  if (
    e.endedAt !== undefined &&
    checkDate(e.endedAt, `${path}.endedAt`, issues) &&
    startOk &&
    e.endedAt.getTime() < e.startedAt.getTime()
  ) {
    issues.push({ field: `${path}.endedAt`, message: 'is before the start' });
  }
  e.interventions.forEach((iv, i) => {
    const p = `${path}.interventions.${i}`;
    const known = INTERVENTIONS.find((x) => x.code === iv.code);
    if (!known) {
      issues.push({ field: `${p}.code`, message: 'is not a known intervention (use "other" with a name)' });
      return;
    }
    checkDate(iv.at, `${p}.at`, issues);
    if (known.kind === 'other' && (typeof iv.name !== 'string' || iv.name.trim() === ''))
      issues.push({ field: `${p}.name`, message: 'name the intervention' });
    if ((known.kind === 'drug' || known.kind === 'oxygen') && (typeof iv.dose !== 'string' || iv.dose.trim() === ''))
      issues.push({ field: `${p}.dose`, message: 'record the dose given' });
    if (
      known.kind === 'drug' &&
      (typeof iv.route !== 'string' || !(known.routes as readonly string[]).includes(iv.route))
    ) {
      issues.push({ field: `${p}.route`, message: `must be one of ${known.routes.join(', ')}` });
    }
  });
}

export function validateAdverseEvent(e: AdverseEvent, path = 'adverseEvent'): AdverseEvent {
  const issues: FieldIssue[] = [];
  collectAdverseEventIssues(e, path, issues);
  if (issues.length > 0) throw new DomainValidationError(issues);
  return e;
}
