import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { CHERNIK_1990, MOAAS_SEDATION_AT_OR_BELOW, SPRAVATO_SEDATION_CITATION } from '../instruments/moaa-s.js';
import { SPRAVATO_LABEL_BP_RISE, clinicDefault } from './sources.js';

/**
 * In-session alert thresholds: data a clinic admin may edit, each with its citation. None of the absolute
 * limits below is fixed by a label or guideline for ketamine clinics (clinical-reference.md section 1 marks them
 * unconfirmed), so they ship as clinic defaults. The rise-over-baseline size is the one the Spravato label
 * reports; using it as an alert is still the clinic's choice.
 */

/** What a threshold looks at. `systolicRise` / `diastolicRise` are mmHg above the pre-dose baseline. */
export type MonitoredMeasure =
  'systolic' | 'diastolic' | 'heartRate' | 'spo2' | 'respiratoryRate' | 'moaas' | 'systolicRise' | 'diastolicRise';

export const MONITORED_MEASURES: readonly MonitoredMeasure[] = [
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'respiratoryRate',
  'moaas',
  'systolicRise',
  'diastolicRise',
];

/** gt: alert when value > limit; gte: value >= limit; lt: value < limit; lte: value <= limit. */
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';

export type AlertSeverity = 'warning' | 'critical';

export interface AlertThreshold {
  /** Stable code, used to acknowledge the alert and to store it (e.g. `sbp-high`). */
  readonly code: string;
  readonly measure: MonitoredMeasure;
  readonly comparison: Comparison;
  readonly limit: number;
  readonly unit: string;
  readonly severity: AlertSeverity;
  /** Plain words, e.g. "Systolic BP above 180 mmHg". */
  readonly label: string;
  readonly citation: Citation;
  /** A clinic may switch a threshold off without deleting it (default on). */
  readonly enabled?: boolean;
}

export interface AlertThresholdSet {
  /** The clinic's version label for this set, stored with each alert it raised. */
  readonly version: string;
  readonly thresholds: readonly AlertThreshold[];
}

export const ALERT_CODES = {
  sbpHigh: 'sbp-high',
  dbpHigh: 'dbp-high',
  hrHigh: 'hr-high',
  hrLow: 'hr-low',
  spo2Low: 'spo2-low',
  rrLow: 'rr-low',
  rrHigh: 'rr-high',
  moaasLow: 'moaas-low',
  sbpRise: 'sbp-rise',
  dbpRise: 'dbp-rise',
} as const;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholdSet = {
  version: 'default-2026-12',
  thresholds: [
    {
      code: ALERT_CODES.sbpHigh,
      measure: 'systolic',
      comparison: 'gt',
      limit: 180,
      unit: 'mmHg',
      severity: 'critical',
      label: 'Systolic BP above 180 mmHg',
      citation: clinicDefault('Alert when systolic BP > 180 mmHg (no consensus stop limit for ketamine in psychiatry)'),
    },
    {
      code: ALERT_CODES.dbpHigh,
      measure: 'diastolic',
      comparison: 'gt',
      limit: 110,
      unit: 'mmHg',
      severity: 'critical',
      label: 'Diastolic BP above 110 mmHg',
      citation: clinicDefault('Alert when diastolic BP > 110 mmHg'),
    },
    {
      code: ALERT_CODES.hrHigh,
      measure: 'heartRate',
      comparison: 'gt',
      limit: 110,
      unit: '/min',
      severity: 'warning',
      label: 'Heart rate above 110/min',
      citation: clinicDefault('Alert when heart rate > 110/min'),
    },
    {
      code: ALERT_CODES.hrLow,
      measure: 'heartRate',
      comparison: 'lt',
      limit: 50,
      unit: '/min',
      severity: 'warning',
      label: 'Heart rate below 50/min',
      citation: clinicDefault('Alert when heart rate < 50/min'),
    },
    {
      code: ALERT_CODES.spo2Low,
      measure: 'spo2',
      comparison: 'lt',
      limit: 92,
      unit: '%',
      severity: 'critical',
      label: 'SpO2 below 92%',
      citation: clinicDefault('Alert when SpO2 < 92% (the REMS requires pulse oximetry but sets no number)'),
    },
    {
      code: ALERT_CODES.rrLow,
      measure: 'respiratoryRate',
      comparison: 'lt',
      limit: 8,
      unit: '/min',
      severity: 'critical',
      label: 'Respiratory rate below 8/min',
      citation: clinicDefault('Alert when respiratory rate < 8/min (respiratory depression)'),
    },
    {
      code: ALERT_CODES.rrHigh,
      measure: 'respiratoryRate',
      comparison: 'gt',
      limit: 24,
      unit: '/min',
      severity: 'warning',
      label: 'Respiratory rate above 24/min',
      citation: clinicDefault('Alert when respiratory rate > 24/min'),
    },
    {
      // The same limit as the MOAA/S instrument's "moderate or greater sedation" flag, so the chair and the scored
      // instrument never disagree about one rating (issue 10 item 8).
      code: ALERT_CODES.moaasLow,
      measure: 'moaas',
      comparison: 'lte',
      limit: MOAAS_SEDATION_AT_OR_BELOW,
      unit: 'MOAA/S',
      severity: 'critical',
      label: `MOAA/S ${MOAAS_SEDATION_AT_OR_BELOW} or lower (responds only to a loud or repeated name, or less): moderate or greater sedation`,
      citation: {
        source: `${CHERNIK_1990.source}; ${SPRAVATO_SEDATION_CITATION.source}`,
        detail: `MOAA/S anchors per Chernik 1990 (3 = responds only to name called loudly and/or repeatedly). ${SPRAVATO_SEDATION_CITATION.detail ?? ''} MOAA/S 0 is loss of consciousness, a serious event for the REMS.`,
        status: 'published',
      },
    },
    {
      code: ALERT_CODES.sbpRise,
      measure: 'systolicRise',
      comparison: 'gte',
      limit: 40,
      unit: 'mmHg',
      severity: 'warning',
      label: 'Systolic BP 40 mmHg or more above baseline',
      citation: {
        ...SPRAVATO_LABEL_BP_RISE,
        status: 'clinic-default',
        detail: `${SPRAVATO_LABEL_BP_RISE.detail ?? ''}. Using this size of rise as an alert is a clinic default.`,
      },
    },
    {
      code: ALERT_CODES.dbpRise,
      measure: 'diastolicRise',
      comparison: 'gte',
      limit: 25,
      unit: 'mmHg',
      severity: 'warning',
      label: 'Diastolic BP 25 mmHg or more above baseline',
      citation: {
        ...SPRAVATO_LABEL_BP_RISE,
        status: 'clinic-default',
        detail: `${SPRAVATO_LABEL_BP_RISE.detail ?? ''}. Using this size of rise as an alert is a clinic default.`,
      },
    },
  ],
};

export function breaches(value: number, comparison: Comparison, limit: number): boolean {
  switch (comparison) {
    case 'gt':
      return value > limit;
    case 'gte':
      return value >= limit;
    case 'lt':
      return value < limit;
    case 'lte':
      return value <= limit;
  }
}

export const COMPARISON_WORDS: Readonly<Record<Comparison, string>> = {
  gt: 'above',
  gte: 'at or above',
  lt: 'below',
  lte: 'at or below',
};

/** Validates a clinic-edited threshold set; throws a DomainValidationError naming each bad field. */
export function validateAlertThresholds(set: AlertThresholdSet, path = 'thresholds'): AlertThresholdSet {
  const issues: FieldIssue[] = [];
  if (typeof set.version !== 'string' || set.version.trim() === '')
    issues.push({ field: `${path}.version`, message: 'is required' });
  const seen = new Set<string>();
  set.thresholds.forEach((t, i) => {
    const p = `${path}.thresholds.${i}`;
    if (typeof t.code !== 'string' || !/^[a-z0-9-]+$/.test(t.code))
      issues.push({ field: `${p}.code`, message: 'must be lower-case letters, digits and dashes' });
    else if (seen.has(t.code)) issues.push({ field: `${p}.code`, message: `duplicate code ${t.code}` });
    seen.add(t.code);
    if (!MONITORED_MEASURES.includes(t.measure))
      issues.push({ field: `${p}.measure`, message: `must be one of ${MONITORED_MEASURES.join(', ')}` });
    if (!['gt', 'gte', 'lt', 'lte'].includes(t.comparison))
      issues.push({ field: `${p}.comparison`, message: 'must be gt, gte, lt or lte' });
    if (typeof t.limit !== 'number' || !Number.isFinite(t.limit))
      issues.push({ field: `${p}.limit`, message: 'must be a number' });
    if (t.measure === 'moaas' && (t.limit < 0 || t.limit > 5))
      issues.push({ field: `${p}.limit`, message: 'MOAA/S limits are 0 to 5' });
    if (t.severity !== 'warning' && t.severity !== 'critical')
      issues.push({ field: `${p}.severity`, message: 'must be warning or critical' });
    if (typeof t.label !== 'string' || t.label.trim() === '')
      issues.push({ field: `${p}.label`, message: 'is required' });
    if (!t.citation || typeof t.citation.source !== 'string' || t.citation.source.trim() === '') {
      issues.push({
        field: `${p}.citation.source`,
        message: 'every threshold needs a citation (use a clinic default when no source fixes it)',
      });
    }
  });
  if (issues.length > 0) throw new DomainValidationError(issues);
  return set;
}
