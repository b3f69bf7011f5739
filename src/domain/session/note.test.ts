import { describe, expect, it } from 'vitest';
import { validateAdverseEvent } from './adverse-events.js';
import { composeSessionNote, type SessionNoteRecord } from './note.js';

const T0 = Date.parse('2025-03-04T14:00:00Z');
const at = (min: number): Date => new Date(T0 + min * 60_000);

/** An IV session: 0.5 mg/kg for 70 kg over 40 min, a nausea episode treated with ondansetron, discharged at +75. */
const ivRecord: SessionNoteRecord = {
  modality: 'iv-ketamine',
  patientName: 'Alex Morgan',
  clinicianName: 'Dana Lee, MD',
  dose: { doseMg: 35, weightKg: 70, mgPerKg: 0.5, plannedDurationMin: 40, lotNumbers: ['K2291'] },
  events: [
    { type: 'checked-in', at: at(-25) },
    { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 },
    { type: 'infusion-paused', at: at(12), reason: 'nausea' },
    { type: 'infusion-resumed', at: at(15) },
    { type: 'infusion-stopped', at: at(43) },
    { type: 'discharged', at: at(75) },
  ],
  preDoseVitals: { takenAt: at(-10), systolic: 124, diastolic: 78, heartRate: 72, spo2: 99, respiratoryRate: 14 },
  readings: [
    { takenAt: at(15), systolic: 138, diastolic: 86, heartRate: 80, spo2: 98, respiratoryRate: 14 },
    { takenAt: at(30), systolic: 182, diastolic: 98, heartRate: 88, spo2: 97, respiratoryRate: 16 },
    { takenAt: at(43), systolic: 150, diastolic: 90, heartRate: 82, spo2: 98, respiratoryRate: 14 },
    { takenAt: at(73), systolic: 128, diastolic: 80, heartRate: 74, spo2: 99, respiratoryRate: 14 },
  ],
  moaas: [
    { score: 4, at: at(30) },
    { score: 5, at: at(73) },
  ],
  cadss: [
    { score: 9, at: at(30), form: 'cadss-6' },
    { score: 0, at: at(73), form: 'cadss-6' },
  ],
  adverseEvents: [
    {
      type: 'nausea-vomiting',
      severity: 'mild',
      serious: false,
      startedAt: at(12),
      endedAt: at(25),
      outcome: 'resolved',
      interventions: [{ code: 'ondansetron', dose: '4 mg', route: 'IV', at: at(13), givenBy: 'RN Park' }],
    },
  ],
  alerts: [
    {
      message: 'Systolic BP 182 mmHg is above the limit of 180 mmHg',
      raisedAt: at(30),
      acknowledgedBy: 'Dana Lee, MD',
      action: 'rechecked in 5 min, no treatment',
    },
  ],
};

describe('composeSessionNote', () => {
  it('writes dose, timings, vitals with the peak BP, MOAA/S, CADSS, adverse events and discharge time', () => {
    const note = composeSessionNote(ivRecord);
    expect(note).toMatchInlineSnapshot(`
      "# Session note: Intravenous ketamine for mood disorders, 2025-03-04

      - Patient: Alex Morgan
      - Clinician: Dana Lee, MD

      ## Dose and administration

      - Ketamine 35 mg IV (0.5 mg/kg x 70 kg) over 40 min planned.
      - Infusion started 14:00, stopped 14:43 (43 min).
      - Paused 14:12: nausea.
      - Resumed 14:15.
      - Lot: K2291.

      ## Timings

      - Checked in 13:35.
      - Dosing started 14:00.
      - Dosing ended 14:43.
      - Discharged 15:15 after 32 min of monitoring.

      ## Vital signs

      - Pre-dose: BP 124/78 mmHg, HR 72, SpO2 99%, RR 14.
      - Peak BP 182/98 mmHg at 14:30 (+30 min).
      - Lowest SpO2 97% at 14:30.
      - Heart rate 72-88/min.
      - Last reading 15:13: BP 128/80 mmHg.

      | Time | BP (mmHg) | HR | SpO2 | RR |
      | --- | --- | --- | --- | --- |
      | 13:50 (-10 min) | 124/78 | 72 | 99% | 14 |
      | 14:15 (+15 min) | 138/86 | 80 | 98% | 14 |
      | 14:30 (+30 min) | 182/98 | 88 | 97% | 16 |
      | 14:43 (+43 min) | 150/90 | 82 | 98% | 14 |
      | 15:13 (+73 min) | 128/80 | 74 | 99% | 14 |

      ## Sedation and dissociation

      - MOAA/S lowest 4 at 14:30; last 5 at 15:13.
      - CADSS-6 highest 9 at 14:30.

      ## Adverse events

      - Nausea / vomiting: mild, 14:12-14:25. Given: Ondansetron 4 mg IV at 14:13. Outcome: resolved.

      ## Alerts

      - 14:30 Systolic BP 182 mmHg is above the limit of 180 mmHg; acknowledged by Dana Lee, MD: rechecked in 5 min, no treatment.
      "
    `);
  });

  it('writes plain text with the clinic time zone', () => {
    const note = composeSessionNote(ivRecord, { format: 'text', timeZone: 'America/New_York' });
    expect(note.startsWith('SESSION NOTE: INTRAVENOUS KETAMINE FOR MOOD DISORDERS, 2025-03-04\n=====')).toBe(true);
    expect(note).toContain('Infusion started 09:00, stopped 09:43 (43 min).');
    expect(note).toContain('Time             BP (mmHg)  HR  SpO2  RR');
    expect(note).not.toContain('|');
  });

  it('lists esketamine devices with their times and says when nothing adverse happened', () => {
    const note = composeSessionNote({
      modality: 'esketamine-nasal',
      patientName: 'Sam Reyes',
      dose: { doseMg: 56, lotNumbers: ['E77'] },
      events: [
        { type: 'device-administered', at: at(0) },
        { type: 'device-administered', at: at(5) },
        { type: 'discharged', at: at(127) },
      ],
      readings: [],
      moaas: [],
      cadss: [],
      adverseEvents: [],
    });
    expect(note).toContain('- Esketamine 56 mg intranasal, 2 device(s) at 14:00, 14:05.');
    expect(note).toContain('- Discharged 16:07 after 122 min of monitoring.');
    expect(note).toContain('## Adverse events\n\n- None recorded.');
    expect(note).toContain('- No vital signs recorded.');
  });

  it('rejects a bad record, naming the field', () => {
    expect(() => composeSessionNote({ ...ivRecord, moaas: [{ score: 6, at: at(1) }] })).toThrow(/moaas.0.score/);
  });
});

describe('validateAdverseEvent', () => {
  it('needs a dose and a known route for a drug, and a name for "other"', () => {
    const base = {
      type: 'hypertension' as const,
      severity: 'moderate' as const,
      serious: false,
      startedAt: at(30),
      outcome: 'resolved' as const,
    };
    expect(() =>
      validateAdverseEvent({ ...base, interventions: [{ code: 'labetalol', at: at(31), route: 'IV' }] }),
    ).toThrow(/interventions.0.dose/);
    expect(() =>
      validateAdverseEvent({ ...base, interventions: [{ code: 'labetalol', at: at(31), dose: '10 mg', route: 'SC' }] }),
    ).toThrow(/interventions.0.route/);
    expect(() => validateAdverseEvent({ ...base, interventions: [{ code: 'other', at: at(31) }] })).toThrow(
      /interventions.0.name/,
    );
    const valid = {
      ...base,
      interventions: [{ code: 'oxygen' as const, at: at(31), dose: '2 L/min', route: 'nasal cannula' }],
    };
    expect(validateAdverseEvent(valid)).toBe(valid);
  });
});
