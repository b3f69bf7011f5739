import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { collectVitalSignIssues, type VitalSignReading } from '../monitoring/vitals.js';
import {
  adverseEventLabel,
  collectAdverseEventIssues,
  interventionLabel,
  type AdverseEvent,
} from './adverse-events.js';
import { readTimeline, type SessionEvent } from './events.js';
import { isIvInfusion, modalityName, type TreatmentModality } from './modality.js';
import { checkDate, formatClock, formatDate, minutesBetween } from './time.js';

/**
 * Composes the draft session note from the record. The clinician edits and signs it; signing and addenda are the
 * server's business. Output is Markdown or plain text, deterministic for a given record and time zone.
 */

export interface SessionNoteRecord {
  readonly modality: TreatmentModality;
  readonly patientName: string;
  readonly clinicianName?: string;
  readonly dose: {
    readonly doseMg: number;
    readonly weightKg?: number;
    readonly mgPerKg?: number;
    readonly plannedDurationMin?: number;
    readonly lotNumbers?: readonly string[];
  };
  readonly events: readonly SessionEvent[];
  readonly preDoseVitals?: VitalSignReading;
  readonly readings: readonly VitalSignReading[];
  readonly moaas: ReadonlyArray<{ readonly score: number; readonly at: Date }>;
  readonly cadss: ReadonlyArray<{ readonly score: number; readonly at: Date; readonly form: 'cadss' | 'cadss-6' }>;
  readonly adverseEvents: readonly AdverseEvent[];
  readonly alerts?: ReadonlyArray<{
    readonly message: string;
    readonly raisedAt: Date;
    readonly acknowledgedBy?: string;
    readonly action?: string;
  }>;
  readonly dischargeOverride?: { readonly by: string; readonly reason: string };
  readonly freeText?: string;
}

export interface NoteOptions {
  readonly format?: 'markdown' | 'text';
  /** IANA time zone for clock times (default UTC). */
  readonly timeZone?: string;
}

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][] };

function validate(r: SessionNoteRecord): void {
  const issues: FieldIssue[] = [];
  if (typeof r.patientName !== 'string' || r.patientName.trim() === '')
    issues.push({ field: 'patientName', message: 'is required' });
  if (!Number.isFinite(r.dose?.doseMg) || r.dose.doseMg <= 0)
    issues.push({ field: 'dose.doseMg', message: 'must be > 0' });
  if (r.preDoseVitals) {
    checkDate(r.preDoseVitals.takenAt, 'preDoseVitals.takenAt', issues);
    collectVitalSignIssues(r.preDoseVitals, 'preDoseVitals', issues);
  }
  r.readings.forEach((v, i) => {
    checkDate(v.takenAt, `readings.${i}.takenAt`, issues);
    collectVitalSignIssues(v, `readings.${i}`, issues);
  });
  r.moaas.forEach((m, i) => {
    checkDate(m.at, `moaas.${i}.at`, issues);
    if (!Number.isInteger(m.score) || m.score < 0 || m.score > 5)
      issues.push({ field: `moaas.${i}.score`, message: 'must be 0-5' });
  });
  r.cadss.forEach((c, i) => {
    checkDate(c.at, `cadss.${i}.at`, issues);
    const max = c.form === 'cadss-6' ? 24 : 92;
    if (!Number.isInteger(c.score) || c.score < 0 || c.score > max)
      issues.push({ field: `cadss.${i}.score`, message: `must be 0-${max}` });
  });
  r.adverseEvents.forEach((e, i) => collectAdverseEventIssues(e, `adverseEvents.${i}`, issues));
  if (issues.length > 0) throw new DomainValidationError(issues);
}

const bp = (v: { systolic?: number; diastolic?: number }): string =>
  v.systolic !== undefined && v.diastolic !== undefined ? `${v.systolic}/${v.diastolic}` : '-';
const opt = (n: number | undefined, suffix = ''): string => (n === undefined ? '-' : `${n}${suffix}`);
const round1 = (n: number): string => (Math.round(n * 10) / 10).toString();

function composeBlocks(r: SessionNoteRecord, tz: string): Block[] {
  const t = readTimeline(r.modality, r.events);
  const clock = (d: Date): string => formatClock(d, tz);
  const rel = (d: Date): string => {
    if (!t.dosingStartedAt) return '';
    const m = Math.round(minutesBetween(t.dosingStartedAt, d));
    return m >= 0 ? ` (+${m} min)` : ` (${m} min)`;
  };
  const sessionDay = t.dosingStartedAt ?? t.checkedInAt ?? r.preDoseVitals?.takenAt;
  const blocks: Block[] = [];
  blocks.push({
    kind: 'heading',
    text: `Session note: ${modalityName(r.modality)}${sessionDay ? `, ${formatDate(sessionDay, tz)}` : ''}`,
  });
  blocks.push({
    kind: 'lines',
    lines: [`Patient: ${r.patientName}`, ...(r.clinicianName ? [`Clinician: ${r.clinicianName}`] : [])],
  });

  // Dose and administration.
  const dose: string[] = [];
  if (isIvInfusion(r.modality)) {
    const perKg =
      r.dose.mgPerKg !== undefined && r.dose.weightKg !== undefined
        ? ` (${r.dose.mgPerKg} mg/kg x ${r.dose.weightKg} kg)`
        : '';
    const planned = r.dose.plannedDurationMin !== undefined ? ` over ${r.dose.plannedDurationMin} min planned` : '';
    dose.push(`Ketamine ${round1(r.dose.doseMg)} mg IV${perKg}${planned}.`);
    if (t.infusionStartedAt) {
      dose.push(
        `Infusion started ${clock(t.infusionStartedAt)}${t.infusionEndedAt ? `, stopped ${clock(t.infusionEndedAt)} (${Math.round(minutesBetween(t.infusionStartedAt, t.infusionEndedAt))} min)` : ', not stopped'}.`,
      );
    } else {
      dose.push('Infusion not started.');
    }
    for (const e of [...r.events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      if (e.type === 'infusion-paused') dose.push(`Paused ${clock(e.at)}: ${e.reason}.`);
      if (e.type === 'infusion-resumed') dose.push(`Resumed ${clock(e.at)}.`);
      if (e.type === 'infusion-rate-changed')
        dose.push(`Rate changed to ${round1(e.rateMgPerMin * 60)} mg/h at ${clock(e.at)}.`);
      if (e.type === 'infusion-stopped' && e.reason) dose.push(`Stop reason: ${e.reason}.`);
    }
  } else {
    const devices = t.devicesAdministeredAt;
    dose.push(
      `Esketamine ${r.dose.doseMg} mg intranasal, ${devices.length} device(s)${devices.length > 0 ? ` at ${devices.map(clock).join(', ')}` : ''}.`,
    );
  }
  if (r.dose.lotNumbers && r.dose.lotNumbers.length > 0) dose.push(`Lot: ${r.dose.lotNumbers.join(', ')}.`);
  blocks.push({ kind: 'heading', text: 'Dose and administration' }, { kind: 'lines', lines: dose });

  // Timings.
  const timings: string[] = [];
  if (t.checkedInAt) timings.push(`Checked in ${clock(t.checkedInAt)}.`);
  if (t.dosingStartedAt) timings.push(`Dosing started ${clock(t.dosingStartedAt)}.`);
  if (t.dosingEndedAt) timings.push(`Dosing ended ${clock(t.dosingEndedAt)}.`);
  if (t.dischargedAt) {
    const since = t.dosingEndedAt
      ? ` after ${Math.round(minutesBetween(t.dosingEndedAt, t.dischargedAt))} min of monitoring`
      : '';
    timings.push(`Discharged ${clock(t.dischargedAt)}${since}.`);
  } else {
    timings.push('Not yet discharged.');
  }
  blocks.push({ kind: 'heading', text: 'Timings' }, { kind: 'lines', lines: timings });

  // Vital signs.
  const all = [...(r.preDoseVitals ? [r.preDoseVitals] : []), ...r.readings].sort(
    (a, b) => a.takenAt.getTime() - b.takenAt.getTime(),
  );
  const summary: string[] = [];
  if (r.preDoseVitals)
    summary.push(
      `Pre-dose: BP ${bp(r.preDoseVitals)} mmHg, HR ${opt(r.preDoseVitals.heartRate)}, SpO2 ${opt(r.preDoseVitals.spo2, '%')}, RR ${opt(r.preDoseVitals.respiratoryRate)}.`,
    );
  const withBp = all.filter((v) => v.systolic !== undefined && v.diastolic !== undefined);
  const peak = withBp.reduce<VitalSignReading | undefined>(
    (best, v) =>
      !best || v.systolic! > best.systolic! || (v.systolic === best.systolic && v.diastolic! > best.diastolic!)
        ? v
        : best,
    undefined,
  );
  if (peak) summary.push(`Peak BP ${bp(peak)} mmHg at ${clock(peak.takenAt)}${rel(peak.takenAt)}.`);
  const spo2s = all.filter((v) => v.spo2 !== undefined);
  if (spo2s.length > 0) {
    const low = spo2s.reduce((a, b) => (b.spo2! < a.spo2! ? b : a));
    summary.push(`Lowest SpO2 ${low.spo2}% at ${clock(low.takenAt)}.`);
  }
  const hrs = all.flatMap((v) => (v.heartRate !== undefined ? [v.heartRate] : []));
  if (hrs.length > 0) summary.push(`Heart rate ${Math.min(...hrs)}-${Math.max(...hrs)}/min.`);
  const last = all[all.length - 1];
  if (last && last !== r.preDoseVitals) summary.push(`Last reading ${clock(last.takenAt)}: BP ${bp(last)} mmHg.`);
  if (all.length === 0) summary.push('No vital signs recorded.');
  blocks.push({ kind: 'heading', text: 'Vital signs' }, { kind: 'lines', lines: summary });
  if (all.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Time', 'BP (mmHg)', 'HR', 'SpO2', 'RR'],
      rows: all.map((v) => [
        `${clock(v.takenAt)}${rel(v.takenAt)}`,
        bp(v),
        opt(v.heartRate),
        opt(v.spo2, '%'),
        opt(v.respiratoryRate),
      ]),
    });
  }

  // Sedation and dissociation.
  const ratings: string[] = [];
  if (r.moaas.length > 0) {
    const low = r.moaas.reduce((a, b) => (b.score < a.score ? b : a));
    const lastM = [...r.moaas].sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1)!;
    ratings.push(`MOAA/S lowest ${low.score} at ${clock(low.at)}; last ${lastM.score} at ${clock(lastM.at)}.`);
  } else {
    ratings.push('MOAA/S not recorded.');
  }
  if (r.cadss.length > 0) {
    const high = r.cadss.reduce((a, b) => (b.score > a.score ? b : a));
    ratings.push(`${high.form === 'cadss-6' ? 'CADSS-6' : 'CADSS'} highest ${high.score} at ${clock(high.at)}.`);
  } else {
    ratings.push('CADSS not recorded.');
  }
  blocks.push({ kind: 'heading', text: 'Sedation and dissociation' }, { kind: 'lines', lines: ratings });

  // Adverse events.
  const events = r.adverseEvents.map((e) => {
    const span = `${clock(e.startedAt)}${e.endedAt ? `-${clock(e.endedAt)}` : ''}`;
    const given = e.interventions.map(
      (i) => `${interventionLabel(i)}${i.dose ? ` ${i.dose}` : ''}${i.route ? ` ${i.route}` : ''} at ${clock(i.at)}`,
    );
    return (
      `${adverseEventLabel(e.type)}${e.description ? ` (${e.description})` : ''}: ${e.severity}${e.serious ? ', serious' : ''}, ${span}. ` +
      `${given.length > 0 ? `Given: ${given.join('; ')}. ` : ''}Outcome: ${e.outcome}.`
    );
  });
  blocks.push(
    { kind: 'heading', text: 'Adverse events' },
    { kind: 'lines', lines: events.length > 0 ? events : ['None recorded.'] },
  );

  if (r.alerts && r.alerts.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Alerts' },
      {
        kind: 'lines',
        lines: r.alerts.map(
          (a) =>
            `${clock(a.raisedAt)} ${a.message}${a.acknowledgedBy ? `; acknowledged by ${a.acknowledgedBy}` : '; not acknowledged'}${a.action ? `: ${a.action}` : ''}.`,
        ),
      },
    );
  }
  if (r.dischargeOverride) {
    blocks.push(
      { kind: 'heading', text: 'Discharge override' },
      { kind: 'lines', lines: [`By ${r.dischargeOverride.by}: ${r.dischargeOverride.reason}`] },
    );
  }
  if (r.freeText && r.freeText.trim() !== '')
    blocks.push({ kind: 'heading', text: 'Notes' }, { kind: 'paragraph', text: r.freeText.trim() });
  return blocks;
}

function render(blocks: Block[], format: 'markdown' | 'text'): string {
  const out: string[] = [];
  blocks.forEach((b, i) => {
    switch (b.kind) {
      case 'heading':
        if (format === 'markdown') out.push(`${i === 0 ? '#' : '##'} ${b.text}`, '');
        else out.push(b.text.toUpperCase(), (i === 0 ? '=' : '-').repeat(b.text.length));
        break;
      case 'lines':
        out.push(...b.lines.map((l) => (format === 'markdown' ? `- ${l}` : l)), '');
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'table':
        if (format === 'markdown') {
          out.push(
            `| ${b.head.join(' | ')} |`,
            `| ${b.head.map(() => '---').join(' | ')} |`,
            ...b.rows.map((row) => `| ${row.join(' | ')} |`),
            '',
          );
        } else {
          const widths = b.head.map((h, c) => Math.max(h.length, ...b.rows.map((row) => row[c]!.length)));
          const line = (cells: string[]): string =>
            cells
              .map((cell, c) => cell.padEnd(widths[c]!))
              .join('  ')
              .trimEnd();
          out.push(line(b.head), ...b.rows.map(line), '');
        }
        break;
    }
  });
  return `${out.join('\n').trimEnd()}\n`;
}

/** The draft note as Markdown (default) or plain text. */
export function composeSessionNote(record: SessionNoteRecord, options: NoteOptions = {}): string {
  validate(record);
  return render(composeBlocks(record, options.timeZone ?? 'UTC'), options.format ?? 'markdown');
}
