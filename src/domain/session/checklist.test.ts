import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_SETTINGS, evaluateChecklist, type ChecklistInput } from './checklist.js';

const NOW = new Date('2025-03-04T09:00:00Z');
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);
const daysAgo = (d: number): Date => new Date(NOW.getTime() - d * 86_400_000);

/** Scenario builder: an esketamine patient for whom everything is in order. */
function esketamine(overrides: Partial<ChecklistInput> = {}): ChecklistInput {
  return {
    modality: 'esketamine-nasal',
    now: NOW,
    identityChecked: true,
    preDoseVitals: {
      takenAt: minutesAgo(10),
      systolic: 128,
      diastolic: 82,
      heartRate: 74,
      spo2: 98,
      respiratoryRate: 14,
    },
    dosesByWeight: false,
    fasting: { lastFoodAt: minutesAgo(180), lastLiquidAt: minutesAgo(45) },
    ride: { name: 'Sam Reyes', phone: '+1 555 0100', confirmed: true },
    consent: { signedAt: daysAgo(20) },
    eligibility: { decision: 'eligible', assessedAt: daysAgo(20) },
    remsPatientEnrolled: true,
    questionnaires: [
      { instrumentId: 'phq-9', completedAt: minutesAgo(30) },
      { instrumentId: 'c-ssrs-screener', completedAt: minutesAgo(30) },
    ],
    ...overrides,
  };
}

function iv(overrides: Partial<ChecklistInput> = {}): ChecklistInput {
  return esketamine({
    modality: 'iv-ketamine',
    dosesByWeight: true,
    weightKg: 72,
    remsPatientEnrolled: undefined,
    ...overrides,
  });
}

const item = (input: ChecklistInput, code: string) => evaluateChecklist(input).items.find((i) => i.code === code);

describe('evaluateChecklist', () => {
  it('lets a session start when every item passes', () => {
    const result = evaluateChecklist(esketamine());
    expect(result).toMatchObject({ isBlocked: false, canStart: true, blockingItems: [], unacknowledgedWarnings: [] });
    expect(result.items.map((i) => i.code)).toEqual([
      'identity',
      'pre-dose-vitals',
      'blood-pressure',
      'fasting',
      'ride-home',
      'pregnancy-test',
      'consent',
      'eligibility',
      'rems-enrolment',
      'questionnaires',
    ]);
  });

  // Source: Spravato PI (blood pressure before dosing; > 140/90 as a general guide: weigh benefit and risk).
  it('warns, and asks to weigh the risk, when esketamine pre-dose BP is above 140/90', () => {
    expect(
      item(
        esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, systolic: 140, diastolic: 90 } }),
        'blood-pressure',
      )?.status,
    ).toBe('pass');
    const warned = item(
      esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, systolic: 141, diastolic: 85 } }),
      'blood-pressure',
    );
    expect(warned).toMatchObject({ status: 'warn', citation: { status: 'label' } });
    expect(warned?.message).toContain('weigh the risk');
    expect(
      item(
        esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, systolic: 130, diastolic: 91 } }),
        'blood-pressure',
      )?.status,
    ).toBe('warn');
  });

  it('needs a prescriber acknowledgement before a warned session can start, and records it on the item', () => {
    const input = esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, systolic: 152, diastolic: 92 } });
    expect(evaluateChecklist(input)).toMatchObject({
      isBlocked: false,
      canStart: false,
      unacknowledgedWarnings: ['blood-pressure'],
    });
    const evidence = evaluateChecklist(input).items.find((i) => i.code === 'blood-pressure')!.evidence;
    const ack = {
      by: 'dr-lee',
      at: minutesAgo(1),
      reason: 'Usual BP for this patient; benefit outweighs risk',
      evidence,
    };
    const result = evaluateChecklist({ ...input, acknowledgements: { 'blood-pressure': ack } });
    expect(result.canStart).toBe(true);
    expect(result.items.find((i) => i.code === 'blood-pressure')?.acknowledgement).toEqual(ack);
  });

  it('applies an optional clinic hard hold for esketamine', () => {
    const settings = {
      ...DEFAULT_CHECKLIST_SETTINGS,
      esketamineBloodPressureHold: { systolicAbove: 180, diastolicAbove: 110 },
    };
    expect(
      item(esketamine({ settings, preDoseVitals: { ...esketamine().preDoseVitals!, systolic: 181 } }), 'blood-pressure')
        ?.status,
    ).toBe('block');
  });

  // Source: clinic default IV pre-infusion hold above 160/100 (clinical-reference.md section 1, unconfirmed).
  it('blocks IV ketamine above the clinic hold of 160/100, or warns when the clinic says so', () => {
    const high = { ...iv().preDoseVitals!, systolic: 161, diastolic: 95 };
    expect(item(iv({ preDoseVitals: { ...high, systolic: 160 } }), 'blood-pressure')?.status).toBe('pass');
    expect(item(iv({ preDoseVitals: high }), 'blood-pressure')).toMatchObject({
      status: 'block',
      citation: { status: 'clinic-default' },
    });
    const settings = { ...DEFAULT_CHECKLIST_SETTINGS, ivBloodPressureHoldAction: 'warn' as const };
    expect(item(iv({ preDoseVitals: high, settings }), 'blood-pressure')?.status).toBe('warn');
  });

  it('never lets an acknowledgement lift a block', () => {
    const input = iv({
      preDoseVitals: { ...iv().preDoseVitals!, systolic: 170 },
      acknowledgements: { 'blood-pressure': { by: 'dr-lee', at: NOW, reason: 'x', evidence: 'any' } },
    });
    expect(evaluateChecklist(input)).toMatchObject({
      isBlocked: true,
      canStart: false,
      blockingItems: ['blood-pressure'],
    });
  });

  it('blocks without pre-dose vitals, with stale ones, or with a missing SpO2', () => {
    expect(item(esketamine({ preDoseVitals: undefined }), 'pre-dose-vitals')?.status).toBe('block');
    expect(
      item(
        esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, takenAt: minutesAgo(61) } }),
        'pre-dose-vitals',
      )?.message,
    ).toMatch(/61 min old/);
    const { spo2: _spo2, ...noSpo2 } = esketamine().preDoseVitals!;
    expect(item(esketamine({ preDoseVitals: noSpo2 }), 'pre-dose-vitals')?.message).toBe(
      'Pre-dose vital signs lack: SpO2.',
    );
  });

  it('warns on a pre-dose SpO2 below the alert limit', () => {
    expect(
      item(esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, spo2: 91 } }), 'pre-dose-vitals')?.status,
    ).toBe('warn');
  });

  it('needs a weight when the protocol doses by weight', () => {
    expect(item(iv({ weightKg: undefined }), 'weight')?.status).toBe('block');
    expect(item(iv(), 'weight')?.status).toBe('pass');
    expect(item(esketamine(), 'weight')).toBeUndefined();
  });

  // Source: Spravato PI: no food for 2 hours and no liquids for 30 minutes before dosing.
  it('warns when an esketamine patient ate within 2 h or drank within 30 min', () => {
    expect(
      item(esketamine({ fasting: { lastFoodAt: minutesAgo(120), lastLiquidAt: minutesAgo(30) } }), 'fasting')?.status,
    ).toBe('pass');
    const warned = item(
      esketamine({ fasting: { lastFoodAt: minutesAgo(119), lastLiquidAt: 'none-today' } }),
      'fasting',
    );
    expect(warned).toMatchObject({ status: 'warn', citation: { status: 'label' } });
    expect(warned?.message).toContain('food 119 min ago (07:01)');
    expect(
      item(esketamine({ fasting: { lastFoodAt: minutesAgo(200), lastLiquidAt: minutesAgo(29) } }), 'fasting')?.status,
    ).toBe('warn');
    expect(item(esketamine({ fasting: undefined }), 'fasting')?.message).toContain('last food not recorded');
  });

  it('asks no fasting for IV unless the clinic sets it', () => {
    expect(item(iv({ fasting: undefined }), 'fasting')?.status).toBe('pass');
  });

  // Source: Spravato PI 5.8 and 17 (no driving until the next day; someone must drive the patient home).
  it('blocks without a confirmed ride with name and phone', () => {
    expect(item(esketamine({ ride: undefined }), 'ride-home')?.status).toBe('block');
    expect(item(esketamine({ ride: { name: 'Sam', confirmed: true } }), 'ride-home')?.message).toBe(
      'The ride home lacks a phone.',
    );
  });

  it('checks pregnancy tests only when the clinic requires them', () => {
    const settings = { ...DEFAULT_CHECKLIST_SETTINGS, pregnancyTestRequired: true };
    expect(item(esketamine(), 'pregnancy-test')?.status).toBe('pass');
    expect(item(esketamine({ settings }), 'pregnancy-test')?.status).toBe('block');
    expect(
      item(
        esketamine({ settings, pregnancy: { canBecomePregnant: true, result: 'negative', testedAt: daysAgo(2) } }),
        'pregnancy-test',
      )?.status,
    ).toBe('pass');
    expect(
      item(
        esketamine({ settings, pregnancy: { canBecomePregnant: true, result: 'negative', testedAt: daysAgo(8) } }),
        'pregnancy-test',
      )?.status,
    ).toBe('block');
    expect(
      item(
        esketamine({ settings, pregnancy: { canBecomePregnant: true, result: 'positive', testedAt: daysAgo(1) } }),
        'pregnancy-test',
      )?.status,
    ).toBe('block');
    expect(item(esketamine({ settings, pregnancy: { canBecomePregnant: false } }), 'pregnancy-test')?.status).toBe(
      'pass',
    );
  });

  // Source: SPRAVATO PI 8.1 (may cause fetal harm; not recommended during pregnancy). Issue 10 item 10: a
  // per-session pregnancy check is on by default for someone whose intake says they can become pregnant.
  it('checks pregnancy at every session when the intake says the patient can become pregnant, unless the clinic turns it off', () => {
    const blocked = item(esketamine({ canBecomePregnant: true }), 'pregnancy-test');
    expect(blocked?.status).toBe('block');
    expect(blocked?.message).toContain('can become pregnant');
    expect(
      item(
        esketamine({
          canBecomePregnant: true,
          pregnancy: { canBecomePregnant: true, result: 'negative', testedAt: daysAgo(1) },
        }),
        'pregnancy-test',
      )?.status,
    ).toBe('pass');
    expect(
      item(
        esketamine({
          canBecomePregnant: true,
          pregnancy: { canBecomePregnant: true, result: 'positive', testedAt: daysAgo(1) },
        }),
        'pregnancy-test',
      )?.status,
    ).toBe('block');
    expect(item(iv({ canBecomePregnant: true }), 'pregnancy-test')?.status).toBe('block');
    // A check-in that says "cannot become pregnant" against the intake does not pass by itself: a prescriber decides
    expect(
      item(esketamine({ canBecomePregnant: true, pregnancy: { canBecomePregnant: false } }), 'pregnancy-test')?.status,
    ).toBe('warn');
    // Not someone who can become pregnant, or a clinic that has turned the check off: no test asked for
    expect(item(esketamine({ canBecomePregnant: false }), 'pregnancy-test')?.status).toBe('pass');
    const off = { ...DEFAULT_CHECKLIST_SETTINGS, pregnancyCheckWhenCanBecomePregnant: false };
    expect(item(esketamine({ canBecomePregnant: true, settings: off }), 'pregnancy-test')?.status).toBe('pass');
  });

  it('blocks on missing, expired or withdrawn consent', () => {
    expect(item(esketamine({ consent: undefined }), 'consent')?.status).toBe('block');
    expect(item(esketamine({ consent: { signedAt: daysAgo(400), expiresAt: daysAgo(35) } }), 'consent')?.status).toBe(
      'block',
    );
    expect(item(esketamine({ consent: { signedAt: daysAgo(40), withdrawnAt: daysAgo(1) } }), 'consent')?.message).toBe(
      'Consent was withdrawn.',
    );
  });

  it('blocks an ineligible or expired decision and warns on an unreviewed relative contraindication', () => {
    expect(
      item(esketamine({ eligibility: { decision: 'ineligible', assessedAt: daysAgo(3) } }), 'eligibility')?.status,
    ).toBe('block');
    expect(
      item(
        esketamine({ eligibility: { decision: 'eligible', assessedAt: daysAgo(200), validUntil: daysAgo(1) } }),
        'eligibility',
      )?.status,
    ).toBe('block');
    expect(
      item(esketamine({ eligibility: { decision: 'review', assessedAt: daysAgo(3) } }), 'eligibility')?.status,
    ).toBe('warn');
    expect(
      item(
        esketamine({ eligibility: { decision: 'review', assessedAt: daysAgo(3), reviewedBy: 'dr-lee' } }),
        'eligibility',
      )?.status,
    ).toBe('pass');
  });

  // Source: SPRAVATO REMS (outpatient settings enrol patients before treatment).
  it('blocks esketamine without REMS enrolment and does not ask for it for IV', () => {
    expect(item(esketamine({ remsPatientEnrolled: false }), 'rems-enrolment')).toMatchObject({
      status: 'block',
      citation: { status: 'regulation' },
    });
    expect(item(iv(), 'rems-enrolment')).toBeUndefined();
  });

  it('warns on missing or flagged questionnaires', () => {
    expect(item(esketamine({ questionnaires: [] }), 'questionnaires')?.message).toBe(
      'Not completed: phq-9, c-ssrs-screener.',
    );
    const flagged = esketamine({
      questionnaires: [
        { instrumentId: 'phq-9', completedAt: minutesAgo(30), flag: 'item 9 answered 1: suicide-risk review' },
        { instrumentId: 'c-ssrs-screener', completedAt: minutesAgo(30) },
      ],
    });
    expect(item(flagged, 'questionnaires')).toMatchObject({ status: 'warn' });
    const settings = { ...DEFAULT_CHECKLIST_SETTINGS, missingQuestionnaireAction: 'block' as const };
    expect(item(esketamine({ questionnaires: [], settings }), 'questionnaires')?.status).toBe('block');
  });

  it('rejects an acknowledgement without a reason, naming the field', () => {
    expect(() =>
      evaluateChecklist(
        esketamine({ acknowledgements: { fasting: { by: 'dr-lee', at: NOW, reason: '', evidence: 'any' } } }),
      ),
    ).toThrow(/acknowledgements.fasting.reason/);
  });

  it('rejects implausible vital signs, naming the field', () => {
    expect(() =>
      evaluateChecklist(esketamine({ preDoseVitals: { ...esketamine().preDoseVitals!, heartRate: 400 } })),
    ).toThrow(/preDoseVitals.heartRate/);
  });
});

describe('evaluateChecklist: an acknowledgement covers the evidence it acknowledged, nothing newer', () => {
  const ackFor = (
    input: ChecklistInput,
    code: 'blood-pressure' | 'questionnaires' | 'fasting',
    at = minutesAgo(5),
  ) => ({
    by: 'dr-lee',
    at,
    reason: 'Reviewed with the patient',
    evidence: evaluateChecklist(input).items.find((i) => i.code === code)!.evidence,
  });

  // Source: SPRAVATO PI, Dosage and Administration / W&P 5.6: assess blood pressure before dosing and do not dose
  // when a rise in blood pressure would pose a serious risk: the decision is about the reading in front of the
  // prescriber, so a newer reading needs a new decision.
  it('lets a newer, worse pre-dose BP and a high-risk C-SSRS un-acknowledge what was acknowledged (issue 10 item 1)', () => {
    const first = esketamine({
      preDoseVitals: { ...esketamine().preDoseVitals!, takenAt: minutesAgo(20), systolic: 145, diastolic: 92 },
      questionnaires: [{ id: 'm-1', instrumentId: 'c-ssrs-screener', completedAt: minutesAgo(40) }],
    });
    const acknowledgements = {
      'blood-pressure': ackFor(first, 'blood-pressure'),
      questionnaires: ackFor(first, 'questionnaires'),
    };
    expect(evaluateChecklist({ ...first, acknowledgements }).canStart).toBe(true);

    const later = {
      ...first,
      acknowledgements,
      preDoseVitals: { ...first.preDoseVitals!, takenAt: minutesAgo(2), systolic: 215, diastolic: 125 },
      questionnaires: [
        ...first.questionnaires,
        {
          id: 'm-2',
          instrumentId: 'c-ssrs-screener',
          completedAt: minutesAgo(3),
          flag: 'C-SSRS screener triage: high risk',
        },
      ],
    };
    const result = evaluateChecklist(later);
    expect(result.canStart).toBe(false);
    expect(result.unacknowledgedWarnings).toEqual(['blood-pressure', 'questionnaires']);
    expect(result.staleAcknowledgements).toEqual(['blood-pressure', 'questionnaires']);
    const bp = result.items.find((i) => i.code === 'blood-pressure')!;
    expect(bp.acknowledgement).toBeUndefined();
    expect(bp.supersededAcknowledgement?.reason).toBe('Reviewed with the patient');
  });

  // Source: SPRAVATO PI (assess BP before dosing): a re-take is a new reading even when the numbers repeat.
  it('treats a re-taken BP with the same numbers as new evidence', () => {
    const first = esketamine({
      preDoseVitals: { ...esketamine().preDoseVitals!, takenAt: minutesAgo(20), systolic: 150, diastolic: 92 },
    });
    const acknowledgements = { 'blood-pressure': ackFor(first, 'blood-pressure') };
    const retaken = evaluateChecklist({
      ...first,
      acknowledgements,
      preDoseVitals: { ...first.preDoseVitals!, takenAt: minutesAgo(1) },
    });
    expect(retaken.unacknowledgedWarnings).toEqual(['blood-pressure']);
  });

  // Source: SPRAVATO PI, fasting before dosing (nausea, vomiting). The minutes counted grow as time passes, but the
  // facts acknowledged (when the patient ate and drank) do not: the acknowledgement keeps covering them.
  it('keeps covering a fasting warning while the recorded times are unchanged', () => {
    const input = esketamine({ fasting: { lastFoodAt: minutesAgo(60), lastLiquidAt: minutesAgo(45) } });
    const acknowledgements = { fasting: ackFor(input, 'fasting') };
    expect(evaluateChecklist({ ...input, acknowledgements, now: new Date(NOW.getTime() + 10 * 60_000) }).canStart).toBe(
      true,
    );
  });
});

describe('evaluateChecklist: same-day suicide risk', () => {
  // Source: clinical-reference.md section 3; PHQ-9 item 9 (Kroenke 2001) and C-SSRS screener triage (Posner 2011):
  // a positive answer today reaches a prescriber before dosing; no acknowledgement lifts it.
  it("blocks while today's suicide-risk answer awaits a prescriber, and passes once evaluated", () => {
    const waiting = {
      treatmentDate: '2025-03-04',
      signals: [],
      awaitingPrescriber: [],
      heldByPrescriber: [],
      blocksDosing: true,
      message: 'Dosing waits for a prescriber',
    };
    const blocked = evaluateChecklist(esketamine({ sameDaySuicideRisk: waiting }));
    expect(blocked).toMatchObject({ isBlocked: true, canStart: false, blockingItems: ['suicide-risk-today'] });
    const cleared = evaluateChecklist(
      esketamine({ sameDaySuicideRisk: { ...waiting, blocksDosing: false, message: 'evaluated' } }),
    );
    expect(cleared.canStart).toBe(true);
  });
});
