import type { Citation } from '../shared/citation.js';
import { DomainValidationError } from '../shared/validation.js';
import { SOURCES, clinicDefault } from './sources.js';
import {
  PROTOCOL_IDS,
  type OptionSpec,
  type PreSessionRequirement,
  type Protocol,
  type ProtocolId,
  type ProtocolSetting,
} from './protocol.js';

function s(
  value: number,
  unit: string,
  min: number,
  max: number,
  description: string,
  source: Citation,
  extra: Partial<ProtocolSetting> = {},
): ProtocolSetting {
  return { value, unit, min, max, description, source, ...extra };
}
const locked = { locked: true } as const;

const consent: PreSessionRequirement = {
  code: 'consent-current',
  label: 'Current consent signed',
  instructions:
    'A signed consent for this treatment, on the current version of the form, is needed before the session starts.',
  scope: 'every-session',
  source: clinicDefault('No session starts without a current consent for its modality (issue 4)'),
};

const ESKETAMINE_PRE_SESSION: readonly PreSessionRequirement[] = [
  consent,
  {
    code: 'rems-enrolled',
    label: 'Enrolled in the SPRAVATO REMS',
    instructions:
      'You are enrolled in the SPRAVATO safety programme before your first treatment; the clinic does this with you.',
    scope: 'first-session',
    source: SOURCES.spravatoRems,
  },
  {
    code: 'ride-home',
    label: 'Ride home confirmed',
    instructions:
      'Someone must take you home. Do not drive or operate machinery until the next day, after a restful sleep.',
    scope: 'every-session',
    source: SOURCES.spravatoDriving,
  },
  {
    code: 'fasting',
    label: 'Fasting instructions acknowledged (no food 2 h, no liquids 30 min)',
    instructions:
      'Do not eat for 2 hours and do not drink anything for 30 minutes before your session, to lower the chance of nausea and vomiting.',
    scope: 'every-session',
    fasting: { noFoodHours: 2, noLiquidsMinutes: 30 },
    source: SOURCES.spravatoAdministration,
  },
  {
    code: 'nasal-medication-timing',
    label: 'Nasal steroid or decongestant at least 1 h before',
    instructions:
      'If you use a steroid or decongestant nasal spray on a treatment day, use it at least 1 hour before your session.',
    scope: 'every-session',
    source: SOURCES.spravatoAdministration,
  },
];

const KETAMINE_PRE_SESSION: readonly PreSessionRequirement[] = [
  consent,
  {
    code: 'ride-home',
    label: 'Ride home confirmed',
    instructions:
      'Someone must take you home. Do not drive or operate machinery until the next day, after a restful sleep.',
    scope: 'every-session',
    source: clinicDefault('By analogy with the esketamine label (no driving until the next day after a restful sleep)'),
  },
  {
    code: 'fasting',
    label: 'Fasting instructions acknowledged (no food 4 h, no liquids 1 h)',
    instructions:
      'Do not eat for 4 hours and do not drink anything for 1 hour before your session, to lower the chance of nausea and vomiting.',
    scope: 'every-session',
    fasting: { noFoodHours: 4, noLiquidsMinutes: 60 },
    source: clinicDefault('Clinic fasting rule for ketamine sessions; no consensus value'),
  },
];

const ivMonitoring = s(
  60,
  'min',
  30,
  480,
  'Monitoring after the infusion ends, before discharge',
  clinicDefault(
    'Blood pressure peaks near the end of a 40-minute infusion (clinical-reference section 1); 60 minutes of observation after it',
  ),
);
const esketamineMonitoring = s(
  120,
  'min',
  120,
  480,
  'Monitoring after the last device, at least',
  SOURCES.spravatoMonitoring,
  { minReason: 'the label requires at least 2 hours after dosing' },
);
const esketamineSpacing = s(
  2,
  'days',
  1,
  3,
  'Minimum days between twice-weekly sessions',
  clinicDefault('The label gives no spacing; sessions on consecutive days are avoided'),
);

/**
 * The antidepressant range of IV racemic ketamine, which clinic settings stay inside (issue 10 item 4): 0.5 mg/kg
 * over 40 minutes is the studied dose, some protocols titrate to about 1 mg/kg; 1-2 mg/kg IV is anaesthetic induction
 * (Zanos et al., Pharmacol Rev 2018, Table 1; Sanacora et al. 2017). A wider range is a new protocol with its own
 * citation, not a setting.
 */
export const IV_ANTIDEPRESSANT_MAX_MG_PER_KG = 1;
/** The shortest infusion of the studied regimen (0.5 mg/kg over 40 minutes): a faster one approaches a bolus. */
export const IV_ANTIDEPRESSANT_MIN_INFUSION_MIN = 40;
const ANAESTHETIC_RANGE =
  'above 1 mg/kg is outside the antidepressant range (1-2 mg/kg IV is anaesthetic dosing, Zanos et al., Pharmacol Rev 2018, Table 1): a wider range needs a new, cited protocol';
const ivCapMgPerKg = s(
  1,
  'mg/kg',
  0.1,
  IV_ANTIDEPRESSANT_MAX_MG_PER_KG,
  'Highest dose per infusion; a higher dose needs a prescriber override',
  clinicDefault('Some clinics titrate to 1.0 mg/kg (clinical-reference section 1)'),
  { maxReason: ANAESTHETIC_RANGE, rangeSource: SOURCES.zanosDoseRanges },
);
const ivInfusionMin = s(40, 'min', IV_ANTIDEPRESSANT_MIN_INFUSION_MIN, 120, 'Infusion time', SOURCES.sanacoraDose, {
  minReason:
    'the studied antidepressant infusion runs 40 minutes (Sanacora et al. 2017; Zanos et al. 2018, Table 1): a shorter one delivers the dose closer to a bolus',
  rangeSource: SOURCES.zanosDoseRanges,
});

/** The doses (mg/kg) both IV antidepressant series (induction, maintenance) titrate through. */
const IV_ANTIDEPRESSANT_TITRATION_STEPS: readonly number[] = [0.5, 0.75, 1];
/** Both IV antidepressant series' plan option: the dose per infusion, which preview.ts holds to the capMgPerKg setting. */
const ivMgPerKgOption: OptionSpec = {
  kind: 'number',
  min: 0.05,
  max: 2,
  description: 'Dose per infusion, mg/kg (at most the cap)',
};

const IV_INDUCTION: Protocol = {
  id: 'iv-ketamine-induction',
  version: '1.0.0',
  title: 'IV ketamine induction series (mood disorders)',
  modality: 'iv-ketamine',
  route: 'intravenous',
  summary:
    'Six infusions of 0.5 mg/kg over 40 minutes, at least 48 hours apart, all within 21 days. Titration steps and the cap are settings; each dose is confirmed by the prescriber on the day. Off-label use of racemic ketamine.',
  sources: [SOURCES.sanacoraDose, SOURCES.sanacoraRepeated],
  settings: {
    sessions: s(
      6,
      'sessions',
      1,
      12,
      'Infusions in the series',
      clinicDefault('Commonly 6 infusions over 2-3 weeks; 4-6 typical (clinical-reference section 1)'),
    ),
    defaultMgPerKg: s(
      0.5,
      'mg/kg',
      0.1,
      IV_ANTIDEPRESSANT_MAX_MG_PER_KG,
      'Starting dose per infusion',
      SOURCES.sanacoraDose,
      { maxReason: ANAESTHETIC_RANGE, rangeSource: SOURCES.zanosDoseRanges },
    ),
    capMgPerKg: ivCapMgPerKg,
    infusionMin: ivInfusionMin,
    minHoursBetween: s(
      48,
      'h',
      24,
      168,
      'Minimum time between infusions',
      clinicDefault('At least 48 hours apart (issue 4 protocol default)'),
    ),
    targetDaysBetween: s(
      2,
      'days',
      2,
      7,
      'Planned days between infusions (alternate days)',
      clinicDefault('Alternate days, or 2-3 infusions a week (clinical-reference section 1)'),
    ),
    courseWithinDays: s(
      21,
      'days',
      7,
      42,
      'All infusions within this many days',
      clinicDefault('Series completed within 21 days (issue 4 protocol default)'),
    ),
    monitoringMin: ivMonitoring,
  },
  titrationSteps: IV_ANTIDEPRESSANT_TITRATION_STEPS,
  options: {
    mgPerKg: ivMgPerKgOption,
    sessions: { kind: 'number', min: 1, max: 12, integer: true, description: 'Number of infusions' },
    intervalDays: {
      kind: 'number',
      min: 1,
      max: 7,
      integer: true,
      description: 'Planned days between infusions (at least the minimum spacing)',
    },
  },
  preSession: KETAMINE_PRE_SESSION,
  needsWeight: true,
};

const IV_MAINTENANCE: Protocol = {
  id: 'iv-ketamine-maintenance',
  version: '1.0.0',
  title: 'IV ketamine maintenance infusions (mood disorders)',
  modality: 'iv-ketamine',
  route: 'intravenous',
  summary:
    'Booster infusions after an induction series at a clinician-set interval; maintenance schedules are not established by trials. Off-label use of racemic ketamine.',
  sources: [SOURCES.sanacoraDose, SOURCES.sanacoraRepeated],
  settings: {
    sessions: s(
      3,
      'sessions',
      1,
      26,
      'Booster infusions to plan',
      clinicDefault('Maintenance is individualised; 3 boosters planned at a time'),
    ),
    intervalDays: s(
      28,
      'days',
      7,
      120,
      'Days between boosters',
      clinicDefault('Clinician-set interval; 4 weeks as the default'),
    ),
    defaultMgPerKg: s(0.5, 'mg/kg', 0.1, IV_ANTIDEPRESSANT_MAX_MG_PER_KG, 'Dose per infusion', SOURCES.sanacoraDose, {
      maxReason: ANAESTHETIC_RANGE,
      rangeSource: SOURCES.zanosDoseRanges,
    }),
    capMgPerKg: ivCapMgPerKg,
    infusionMin: ivInfusionMin,
    minDaysBetween: s(
      7,
      'days',
      2,
      60,
      'Minimum days between boosters',
      clinicDefault('Boosters at least a week apart'),
    ),
    monitoringMin: ivMonitoring,
  },
  titrationSteps: IV_ANTIDEPRESSANT_TITRATION_STEPS,
  options: {
    mgPerKg: ivMgPerKgOption,
    sessions: { kind: 'number', min: 1, max: 26, integer: true, description: 'Number of boosters' },
    intervalDays: {
      kind: 'number',
      min: 2,
      max: 120,
      integer: true,
      description: 'Days between boosters (at least the minimum spacing)',
    },
  },
  preSession: KETAMINE_PRE_SESSION,
  needsWeight: true,
};

const ESKETAMINE_TRD: Protocol = {
  id: 'esketamine-trd',
  // 1.1.0: the end-of-induction review holds weeks 5-8; the label's missed-session rule.
  version: '1.1.0',
  title: 'Esketamine nasal spray for treatment-resistant depression (label schedule)',
  modality: 'esketamine-nasal',
  route: 'intranasal',
  summary:
    'Weeks 1-4: twice weekly, 56 mg on day 1 then 56 or 84 mg. Weeks 5-8: once weekly, 56 or 84 mg. Week 9 on: every 2 weeks or weekly at the lowest frequency that keeps the response. Monitoring at least 2 hours after the last device.',
  sources: [SOURCES.spravatoTrdDosing, SOURCES.spravatoAdministration, SOURCES.spravatoMonitoring],
  settings: {
    firstDoseMg: s(56, 'mg', 56, 56, 'Day 1 dose', SOURCES.spravatoTrdDosing, locked),
    inductionWeeks: s(4, 'weeks', 4, 4, 'Induction weeks (twice weekly)', SOURCES.spravatoTrdDosing, locked),
    inductionSessionsPerWeek: s(2, 'per week', 2, 2, 'Induction sessions per week', SOURCES.spravatoTrdDosing, locked),
    weeklyMaintenanceWeeks: s(4, 'weeks', 4, 4, 'Weeks 5-8 at once weekly', SOURCES.spravatoTrdDosing, locked),
    minDaysBetween: esketamineSpacing,
    monitoringMin: esketamineMonitoring,
  },
  options: {
    inductionDoseMg: { kind: 'enum', values: [56, 84], description: 'Dose for induction sessions after day 1' },
    maintenanceDoseMg: {
      kind: 'enum',
      values: [56, 84],
      description: 'Dose from week 5 (default: the induction dose)',
    },
    maintenanceWeeks: {
      kind: 'number',
      min: 0,
      max: 104,
      integer: true,
      description: 'Weeks from week 9 to include in the preview (default 0: maintenance is open-ended)',
    },
    maintenanceFrequency: {
      kind: 'enum',
      values: ['every-2-weeks', 'weekly'],
      description: 'Frequency from week 9 (default every 2 weeks)',
    },
  },
  preSession: ESKETAMINE_PRE_SESSION,
  needsWeight: false,
  reviews: [
    {
      code: 'end-of-induction',
      title: 'End-of-induction review',
      afterPhase: 'induction',
      instructions:
        'After the induction sessions (weeks 1-4), a prescriber evaluates therapeutic benefit and records whether treatment continues before weeks 5-8 are booked.',
      source: SOURCES.spravatoTrdInductionReview,
    },
  ],
  missedSessions: [
    {
      phase: 'induction',
      rule: 'A session missed in weeks 1-4: continue the current dosing schedule.',
      source: SOURCES.jnjMissedInduction,
    },
    {
      phase: 'maintenance',
      rule: 'Sessions missed during maintenance with worsening depressive symptoms: consider, per clinical judgement, returning to the previous dosing schedule (every 2 weeks -> once weekly; once weekly -> twice weekly).',
      source: SOURCES.spravatoMissedSessions,
    },
  ],
};

const ESKETAMINE_MDSI: Protocol = {
  id: 'esketamine-mdsi',
  version: '1.0.0',
  title: 'Esketamine nasal spray for MDD with acute suicidal ideation or behaviour (label schedule)',
  modality: 'esketamine-nasal',
  route: 'intranasal',
  summary:
    '84 mg twice weekly for 4 weeks; may be reduced to 56 mg for tolerability. Use beyond 4 weeks has not been systematically evaluated. Monitoring at least 2 hours after the last device.',
  sources: [SOURCES.spravatoMdsiDosing, SOURCES.spravatoAdministration, SOURCES.spravatoMonitoring],
  settings: {
    weeks: s(4, 'weeks', 4, 4, 'Treatment weeks', SOURCES.spravatoMdsiDosing, locked),
    sessionsPerWeek: s(2, 'per week', 2, 2, 'Sessions per week', SOURCES.spravatoMdsiDosing, locked),
    defaultDoseMg: s(84, 'mg', 84, 84, 'Dose', SOURCES.spravatoMdsiDosing, locked),
    minDaysBetween: esketamineSpacing,
    monitoringMin: esketamineMonitoring,
  },
  options: {
    doseMg: { kind: 'enum', values: [84, 56], description: 'Dose (84 mg; 56 mg if 84 mg is not tolerated)' },
  },
  preSession: ESKETAMINE_PRE_SESSION,
  needsWeight: false,
};

const KAP: Protocol = {
  id: 'kap',
  version: '1.0.0',
  title: 'Ketamine-assisted psychotherapy (sublingual or intramuscular dosing)',
  modality: 'kap',
  route: 'sublingual',
  summary:
    'A preparation session, then weekly dosing sessions with a therapist present, each followed by an integration session. The prescriber sets the dose; there is no consensus dose, so none is assumed. Off-label use of racemic ketamine.',
  sources: [
    clinicDefault(
      'KAP schedules and doses are not fixed by a consensus document; every value here is a clinic default',
    ),
  ],
  settings: {
    sessions: s(6, 'sessions', 1, 12, 'Dosing sessions', clinicDefault('Six weekly dosing sessions')),
    intervalDays: s(7, 'days', 3, 28, 'Days between dosing sessions', clinicDefault('Weekly dosing sessions')),
    minDaysBetween: s(3, 'days', 1, 28, 'Minimum days between dosing sessions', clinicDefault('At least 3 days apart')),
    sublingualHoldMin: s(
      15,
      'min',
      5,
      30,
      'Time the lozenge or troche is held in the mouth',
      clinicDefault('Dosing time for sublingual ketamine'),
    ),
    intramuscularDosingMin: s(
      5,
      'min',
      1,
      15,
      'Time for an intramuscular injection',
      clinicDefault('Dosing time for an injection'),
    ),
    capSublingualMg: s(
      300,
      'mg',
      25,
      1000,
      'Highest sublingual dose a plan may carry',
      clinicDefault('Upper guard only, not a recommended dose'),
    ),
    capIntramuscularMgPerKg: s(
      1,
      'mg/kg',
      0.1,
      2,
      'Highest intramuscular dose a plan may carry',
      clinicDefault('Upper guard only, not a recommended dose'),
    ),
    monitoringMin: s(
      120,
      'min',
      60,
      480,
      'Session time after dosing (therapy and monitoring)',
      clinicDefault('Dosing sessions with a therapist last about 2 hours'),
    ),
    preparationLeadDays: s(
      2,
      'days',
      1,
      28,
      'Days from the preparation session to the first dosing session',
      clinicDefault('Preparation before the first dose'),
    ),
    integrationAfterDays: s(
      1,
      'days',
      0,
      7,
      'Days from a dosing session to its integration session',
      clinicDefault('Integration soon after each dose'),
    ),
  },
  options: {
    route: {
      kind: 'enum',
      values: ['sublingual', 'intramuscular'],
      description: 'Route of the dosing sessions (default sublingual)',
    },
    doseMg: {
      kind: 'number',
      min: 5,
      max: 1000,
      description: 'Sublingual dose in mg, set by the prescriber (required for sublingual)',
    },
    mgPerKg: {
      kind: 'number',
      min: 0.05,
      max: 2,
      description: 'Intramuscular dose in mg/kg, set by the prescriber (required for intramuscular)',
    },
    sessions: { kind: 'number', min: 1, max: 12, integer: true, description: 'Number of dosing sessions' },
    intervalDays: {
      kind: 'number',
      min: 1,
      max: 28,
      integer: true,
      description: 'Days between dosing sessions (at least the minimum spacing)',
    },
  },
  preSession: KETAMINE_PRE_SESSION,
  needsWeight: 'for-intramuscular',
};

/** "Low-dose" ketamine infusion for chronic pain is at most 1 mg/kg/h (Cohen et al., Reg Anesth Pain Med 2018). */
export const PAIN_LOW_DOSE_MAX_MG_PER_KG_PER_HOUR = 1;
const LOW_DOSE_RANGE =
  'above 1 mg/kg/h is no longer a low-dose infusion (Cohen et al., ASRA/AAPM/ASA consensus 2018): a wider range needs a new, cited protocol';

const IV_PAIN: Protocol = {
  id: 'iv-ketamine-pain',
  version: '1.0.0',
  title: 'IV ketamine for chronic pain (CRPS example, ASRA/AAPM/ASA 2018)',
  modality: 'iv-ketamine-pain',
  route: 'intravenous',
  summary:
    '0.35 mg/kg/h over 4 hours daily for 10 days, one of the CRPS regimens the 2018 consensus cites. The other cited regimen (22 mg/h continuously for about 4 days) is an inpatient infusion and is not planned in chairs. Off-label use of racemic ketamine.',
  sources: [SOURCES.cohenDosing, SOURCES.cohenContraindications],
  settings: {
    sessions: s(10, 'sessions', 1, 20, 'Daily infusions', SOURCES.cohenDosing),
    defaultMgPerKgPerHour: s(
      0.35,
      'mg/kg/h',
      0.05,
      PAIN_LOW_DOSE_MAX_MG_PER_KG_PER_HOUR,
      'Infusion rate',
      SOURCES.cohenDosing,
      { maxReason: LOW_DOSE_RANGE, rangeSource: SOURCES.cohenDosing },
    ),
    infusionHours: s(4, 'h', 1, 8, 'Infusion time per day', SOURCES.cohenDosing),
    capMgPerKgPerHour: s(
      1,
      'mg/kg/h',
      0.1,
      PAIN_LOW_DOSE_MAX_MG_PER_KG_PER_HOUR,
      'Highest infusion rate a plan may carry',
      clinicDefault('"Low dose" is at most 1 mg/kg/h (clinical-reference section 1, after Cohen 2018)'),
      { maxReason: LOW_DOSE_RANGE, rangeSource: SOURCES.cohenDosing },
    ),
    minDaysBetween: s(1, 'days', 1, 7, 'Minimum days between infusions', SOURCES.cohenDosing),
    monitoringMin: ivMonitoring,
  },
  titrationSteps: [0.35, 0.5, 0.75, 1],
  options: {
    mgPerKgPerHour: { kind: 'number', min: 0.05, max: 2, description: 'Infusion rate, mg/kg/h (at most the cap)' },
    sessions: { kind: 'number', min: 1, max: 20, integer: true, description: 'Number of daily infusions' },
  },
  preSession: KETAMINE_PRE_SESSION,
  needsWeight: true,
};

/** Every shipped protocol, versioned. */
export const PROTOCOLS: Readonly<Record<ProtocolId, Protocol>> = {
  'iv-ketamine-induction': IV_INDUCTION,
  'iv-ketamine-maintenance': IV_MAINTENANCE,
  'esketamine-trd': ESKETAMINE_TRD,
  'esketamine-mdsi': ESKETAMINE_MDSI,
  kap: KAP,
  'iv-ketamine-pain': IV_PAIN,
};

export function isProtocolId(value: unknown): value is ProtocolId {
  return typeof value === 'string' && (PROTOCOL_IDS as readonly string[]).includes(value);
}

/** The protocol with that id; an unknown id is a DomainValidationError on `field`. */
export function getProtocol(id: string, field = 'protocol'): Protocol {
  if (!isProtocolId(id))
    throw new DomainValidationError([{ field, message: `unknown protocol; known: ${PROTOCOL_IDS.join(', ')}` }]);
  return PROTOCOLS[id];
}
