import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import {
  COMPARISON_WORDS,
  DEFAULT_ALERT_THRESHOLDS,
  breaches,
  type AlertSeverity,
  type AlertThresholdSet,
  type Comparison,
  type MonitoredMeasure,
} from './thresholds.js';
import { collectVitalSignIssues, type VitalSigns } from './vitals.js';

/** A reading as the nurse records it: any vital signs plus, optionally, the MOAA/S sedation rating. */
export interface MonitoringReading extends VitalSigns {
  readonly moaas?: number;
}

export interface VitalAlert {
  readonly code: string;
  readonly measure: MonitoredMeasure;
  /** The value compared: the reading itself, or for rises the mmHg above baseline. */
  readonly value: number;
  readonly limit: number;
  readonly comparison: Comparison;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly thresholdsVersion: string;
  readonly citation: Citation;
}

const MEASURE_WORDS: Readonly<Record<MonitoredMeasure, string>> = {
  systolic: 'Systolic BP',
  diastolic: 'Diastolic BP',
  heartRate: 'Heart rate',
  spo2: 'SpO2',
  respiratoryRate: 'Respiratory rate',
  moaas: 'MOAA/S',
  systolicRise: 'Systolic BP rise over baseline',
  diastolicRise: 'Diastolic BP rise over baseline',
};

function measureValue(
  measure: MonitoredMeasure,
  reading: MonitoringReading,
  baseline: VitalSigns | undefined,
): number | undefined {
  switch (measure) {
    case 'systolicRise':
      return reading.systolic !== undefined && baseline?.systolic !== undefined
        ? reading.systolic - baseline.systolic
        : undefined;
    case 'diastolicRise':
      return reading.diastolic !== undefined && baseline?.diastolic !== undefined
        ? reading.diastolic - baseline.diastolic
        : undefined;
    default:
      return reading[measure];
  }
}

/**
 * Compares one reading (and its rise over the pre-dose baseline, when a baseline is given) with the clinic's
 * thresholds. Returns one alert per breached threshold, in the order of the threshold set; none when all is well.
 * Implausible input (SBP 900, MOAA/S 7) throws a DomainValidationError rather than raising an alert.
 */
export function evaluateVitals(
  reading: MonitoringReading,
  baseline?: VitalSigns,
  thresholds: AlertThresholdSet = DEFAULT_ALERT_THRESHOLDS,
): VitalAlert[] {
  const issues: FieldIssue[] = [];
  collectVitalSignIssues(reading, 'reading', issues);
  if (baseline) collectVitalSignIssues(baseline, 'baseline', issues);
  if (reading.moaas !== undefined && (!Number.isInteger(reading.moaas) || reading.moaas < 0 || reading.moaas > 5)) {
    issues.push({ field: 'reading.moaas', message: 'MOAA/S must be a whole number from 0 to 5' });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);

  const alerts: VitalAlert[] = [];
  for (const t of thresholds.thresholds) {
    if (t.enabled === false) continue;
    const value = measureValue(t.measure, reading, baseline);
    if (value === undefined || !breaches(value, t.comparison, t.limit)) continue;
    const isRise = t.measure === 'systolicRise' || t.measure === 'diastolicRise';
    const message = isRise
      ? `${MEASURE_WORDS[t.measure]} is ${value} ${t.unit} (${t.measure === 'systolicRise' ? reading.systolic : reading.diastolic} vs baseline ${
          t.measure === 'systolicRise' ? baseline?.systolic : baseline?.diastolic
        }): ${COMPARISON_WORDS[t.comparison]} the limit of ${t.limit} ${t.unit}`
      : `${MEASURE_WORDS[t.measure]} ${value}${t.unit === '%' ? '%' : ` ${t.unit}`} is ${COMPARISON_WORDS[t.comparison]} the limit of ${t.limit}${
          t.unit === '%' ? '%' : ` ${t.unit}`
        }`;
    alerts.push({
      code: t.code,
      measure: t.measure,
      value,
      limit: t.limit,
      comparison: t.comparison,
      severity: t.severity,
      message,
      thresholdsVersion: thresholds.version,
      citation: t.citation,
    });
  }
  return alerts;
}

/** What one reading raised, as one alert to acknowledge: the most severe first, every threshold crossed kept. */
export interface ReadingAlert<
  T extends { readonly code: string; readonly severity: AlertSeverity; readonly message: string },
> {
  readonly code: string;
  readonly codes: readonly string[];
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly thresholds: readonly T[];
}

/**
 * Groups the alerts one reading raised into one (a BP of 215/125 crosses systolic, diastolic and both rise limits:
 * one event at the chair, one acknowledgement). Critical before warning, otherwise in threshold order. Undefined
 * when the reading raised nothing.
 */
export function groupReadingAlerts<
  T extends { readonly code: string; readonly severity: AlertSeverity; readonly message: string },
>(alerts: readonly T[]): ReadingAlert<T> | undefined {
  if (alerts.length === 0) return undefined;
  const ordered = [
    ...alerts.filter((a) => a.severity === 'critical'),
    ...alerts.filter((a) => a.severity !== 'critical'),
  ];
  const first = ordered[0]!;
  const message =
    ordered.length === 1
      ? first.message
      : `${ordered.length} limits crossed by one reading: ${ordered.map((a) => a.message).join('; ')}`;
  return { code: first.code, codes: alerts.map((a) => a.code), severity: first.severity, message, thresholds: ordered };
}
