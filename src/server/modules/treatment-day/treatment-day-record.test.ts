import { describe, expect, it } from 'vitest';
import { readSessionRecord } from './treatment-day-record.js';
import type { EntryRow } from './treatment-day.repository.js';
import { deliveredMg } from './treatment-day.service.js';
import { billableInfusionMinutes } from '../../../domain/billing/index.js';
import { DEFAULT_TREATMENT_DAY_SETTINGS, resolveTreatmentDaySettings } from './treatment-day-settings.js';

const t = (hhmm: string) => new Date(`2026-11-02T${hhmm}:00Z`);
let seq = 0;
function entry(
  kind: EntryRow['kind'],
  at: string,
  data: Record<string, unknown>,
  correction?: { of: string; reason: string },
): EntryRow {
  seq += 1;
  return {
    id: `e${seq}`,
    seq,
    clinicId: 'c',
    sessionId: 's',
    patientId: 'p',
    kind,
    data,
    occurredAt: t(at),
    recordedAt: t(at),
    recordedBy: 'u',
    correctsId: correction?.of ?? null,
    correctionReason: correction?.reason ?? null,
  };
}

describe('reading a session journal', () => {
  it('turns administration and vital-sign entries into the domain session events, in order', () => {
    const record = readSessionRecord([
      entry('check-in', '09:00', { arrivedAt: '2026-11-02T08:55:00Z', identityChecked: true }),
      entry('dose-prepared', '09:05', { doseMg: 35, plannedDurationMin: 40, lotNumber: 'K1', lotExpiry: '2027-01-01' }),
      entry('infusion-started', '09:10', { rateMgPerMin: 0.875 }),
      entry('vitals', '09:25', { systolic: 130, diastolic: 80 }),
      entry('infusion-stopped', '09:50', {}),
    ]);
    expect(record.events.map((e) => e.type)).toEqual([
      'checked-in',
      'dose-prepared',
      'infusion-started',
      'vitals-recorded',
      'infusion-stopped',
    ]);
    // The arrival time is the patient's, not the time the nurse typed it.
    expect(record.events[0]!.at).toEqual(t('08:55'));
    expect(record.readings).toEqual([{ takenAt: t('09:25'), systolic: 130, diastolic: 80 }]);
  });

  it('keeps the original of a corrected reading on record while the latest correction is in force', () => {
    const original = entry('vitals', '09:25', { systolic: 182, diastolic: 80 });
    const first = entry('vitals', '09:25', { systolic: 128, diastolic: 80 }, { of: original.id, reason: 'typo' });
    const second = entry(
      'vitals',
      '09:25',
      { systolic: 126, diastolic: 80 },
      { of: first.id, reason: 'checked the monitor again' },
    );
    const record = readSessionRecord([original, first, second]);
    expect(record.readings).toEqual([{ takenAt: t('09:25'), systolic: 126, diastolic: 80 }]);
    expect(record.effective[0]).toMatchObject({ id: original.id, correctedBy: { id: second.id } });
    expect(record.entries).toHaveLength(3);
  });

  it('drops a voided entry from the rules but not from the journal', () => {
    const original = entry('moaas', '09:30', { score: 2 });
    const record = readSessionRecord([
      original,
      entry('moaas', '09:30', { voided: true }, { of: original.id, reason: 'wrong patient' }),
    ]);
    expect(record.moaas).toEqual([]);
    expect(record.entries).toHaveLength(2);
  });

  it('links a verification to the dose it verified, and only that one', () => {
    const dose = entry('dose-prepared', '09:05', { doseMg: 35, lotNumber: 'K1', lotExpiry: '2027-01-01' });
    const verified = readSessionRecord([dose, entry('dose-verified', '09:06', { doseEntryId: dose.id })]);
    expect(verified.dose).toMatchObject({ verifiedBy: 'u', verifiedAt: t('09:06') });
    const stale = readSessionRecord([dose, entry('dose-verified', '09:06', { doseEntryId: 'another' })]);
    expect(stale.dose?.verifiedBy).toBeUndefined();
  });
});

describe('infusion arithmetic', () => {
  const events = [
    { type: 'infusion-started' as const, at: t('09:00'), rateMgPerMin: 1 },
    { type: 'infusion-paused' as const, at: t('09:10'), reason: 'BP' },
    { type: 'infusion-resumed' as const, at: t('09:15') },
    { type: 'infusion-rate-changed' as const, at: t('09:25'), rateMgPerMin: 0.5 },
    { type: 'infusion-stopped' as const, at: t('09:45') },
  ];

  it('estimates the delivered dose from the rates, with nothing delivered while paused', () => {
    // 10 min at 1 mg/min + 10 min at 1 mg/min + 20 min at 0.5 mg/min = 30 mg.
    expect(deliveredMg(events, t('10:00'))).toBe(30);
    expect(deliveredMg(events, t('09:12'))).toBe(10);
  });

  it('counts the minutes an infusion ran, pauses excluded (CPT time is infusion time)', () => {
    expect(billableInfusionMinutes(events)).toBe(40);
    expect(billableInfusionMinutes(events.slice(0, 3))).toBeUndefined();
  });
});

describe('treatment-day settings', () => {
  it('uses the cited defaults, with second-person verification on for IV and off for esketamine', () => {
    expect(resolveTreatmentDaySettings({})).toEqual(DEFAULT_TREATMENT_DAY_SETTINGS);
    expect(DEFAULT_TREATMENT_DAY_SETTINGS.secondPersonVerification).toEqual({ iv: true, esketamine: false });
  });

  it("takes a clinic edit and refuses one the domain forbids (esketamine monitoring below the label's 120 min)", () => {
    expect(
      resolveTreatmentDaySettings({ treatmentDay: { secondPersonVerification: { esketamine: true } } })
        .secondPersonVerification,
    ).toEqual({ iv: true, esketamine: true });
    expect(() =>
      resolveTreatmentDaySettings({ treatmentDay: { monitoring: { esketamineMinimumMonitoringMin: 90 } } }),
    ).toThrow(/esketamineMinimumMonitoringMin/);
  });
});
