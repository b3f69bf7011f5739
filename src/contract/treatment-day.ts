/**
 * The treatment-day API contract (issue 13): what each route answers, generated from the service types and then read
 * by hand. Routes use these schemas; the web app imports their types.
 */
import { Type } from 'typebox';
import { CHECKLIST_ITEM_CODES } from '../domain/session/index.js';
import { OBSERVATION_KINDS } from './code-lists.js';
import { CitationSchema, JsonObject, literalUnion, Nullable, StaffRefSchema } from './common.js';

export const MonitoringSettingsSchema = Type.Object({
  ivIntervalDuringInfusionMin: Type.Number(),
  ivCheckAtInfusionEnd: Type.Boolean(),
  ivInfusionEndWindowMin: Type.Number(),
  ivIntervalAfterInfusionMin: Type.Number(),
  ivMinimumPostInfusionMin: Type.Number(),
  esketamineFirstCheckMin: Type.Number(),
  esketamineRepeatIntervalMin: Type.Number(),
  esketamineMinimumMonitoringMin: Type.Number(),
  esketamineMinutesBetweenDevices: Type.Number(),
  checkBeforeDischarge: Type.Boolean(),
  earlyWindowMin: Type.Number(),
  overdueGraceMin: Type.Number(),
  requiredMoaasForDischarge: Type.Number(),
  dischargeAssessmentMaxAgeMin: Type.Number(),
});
export const BloodPressureLimitSchema = Type.Object({ systolicAbove: Type.Number(), diastolicAbove: Type.Number() });
export const ChecklistSettingsSchema = Type.Object({
  ivBloodPressureHold: BloodPressureLimitSchema,
  ivBloodPressureHoldAction: literalUnion(['warn', 'block']),
  esketamineBloodPressureCaution: BloodPressureLimitSchema,
  esketamineBloodPressureHold: Nullable(BloodPressureLimitSchema),
  requiredPreDoseVitals: Type.Array(literalUnion(['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate'])),
  preDoseVitalsMaxAgeMin: Type.Number(),
  fasting: Type.Object({
    iv: Type.Object({ foodMin: Nullable(Type.Number()), liquidMin: Nullable(Type.Number()) }),
    esketamine: Type.Object({ foodMin: Nullable(Type.Number()), liquidMin: Nullable(Type.Number()) }),
  }),
  pregnancyTestRequired: Type.Boolean(),
  pregnancyCheckWhenCanBecomePregnant: Type.Boolean(),
  pregnancyTestMaxAgeDays: Type.Number(),
  requiredQuestionnaires: Type.Array(Type.String()),
  missingQuestionnaireAction: literalUnion(['warn', 'block']),
});
export const MonitoredMeasureSchema = literalUnion([
  'moaas',
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'respiratoryRate',
  'systolicRise',
  'diastolicRise',
]);
export const ComparisonSchema = literalUnion(['gt', 'gte', 'lt', 'lte']);
export const AlertSeveritySchema = literalUnion(['warning', 'critical']);
export const AlertThresholdSchema = Type.Object({
  code: Type.String(),
  measure: MonitoredMeasureSchema,
  comparison: ComparisonSchema,
  limit: Type.Number(),
  unit: Type.String(),
  severity: AlertSeveritySchema,
  label: Type.String(),
  citation: CitationSchema,
  enabled: Type.Optional(Type.Boolean()),
});
export const AlertThresholdSetSchema = Type.Object({
  version: Type.String(),
  thresholds: Type.Array(AlertThresholdSchema),
});
export const SecondPersonVerificationSchema = Type.Object({ iv: Type.Boolean(), esketamine: Type.Boolean() });
export const HealthcareSettingTypeSchema = literalUnion(['outpatient', 'inpatient']);
export const RemsSettingDefaultsSchema = Type.Object({
  setting: HealthcareSettingTypeSchema,
  healthcareSetting: Type.Object({
    name: Type.Optional(Type.String()),
    address1: Type.Optional(Type.String()),
    address2: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    state: Type.Optional(Type.String()),
    zip: Type.Optional(Type.String()),
  }),
  monitoringContact: Type.Object({ phone: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }),
});
export const TreatmentDaySettingsSchema = Type.Object({
  monitoring: MonitoringSettingsSchema,
  checklist: ChecklistSettingsSchema,
  thresholds: AlertThresholdSetSchema,
  secondPersonVerification: SecondPersonVerificationSchema,
  questionnaireWindowHours: Type.Number(),
  rems: RemsSettingDefaultsSchema,
});
export const SessionStatusSchema = literalUnion(['scheduled', 'in-progress', 'completed', 'cancelled', 'no-show']);
export const SessionPhaseSchema = literalUnion([
  'pre-dose',
  'dosing',
  'monitoring',
  'ready-for-discharge',
  'discharged',
]);
export const ChecklistItemCodeSchema = literalUnion(CHECKLIST_ITEM_CODES);
export const ChecklistStatusSchema = literalUnion(['warn', 'block', 'pass']);
export const AcknowledgementSchema = Type.Object({
  by: Type.String(),
  at: Type.String({ format: 'date-time' }),
  reason: Type.String(),
  evidence: Type.String(),
});
export const ChecklistItemSchema = Type.Object({
  code: ChecklistItemCodeSchema,
  status: ChecklistStatusSchema,
  message: Type.String(),
  citation: CitationSchema,
  acknowledgement: Type.Optional(AcknowledgementSchema),
  evidence: Type.String(),
  supersededAcknowledgement: Type.Optional(AcknowledgementSchema),
});
export const SuicideRiskEvaluationSchema = Type.Object({
  measureId: Type.String(),
  by: Type.String(),
  at: Type.String({ format: 'date-time' }),
  decision: literalUnion(['may-proceed', 'do-not-dose']),
  note: Type.String(),
});
export const SameDaySignalSchema = Type.Object({
  measureId: Type.String(),
  instrumentId: Type.String(),
  observedAt: Type.String({ format: 'date-time' }),
  describe: Type.String(),
  citation: CitationSchema,
  evaluation: Type.Optional(SuicideRiskEvaluationSchema),
});
export const SameDaySuicideRiskSchema = Type.Object({
  treatmentDate: Type.String(),
  signals: Type.Array(SameDaySignalSchema),
  awaitingPrescriber: Type.Array(SameDaySignalSchema),
  heldByPrescriber: Type.Array(SameDaySignalSchema),
  blocksDosing: Type.Boolean(),
  message: Type.String(),
});
export const CheckStatusSchema = literalUnion(['done', 'upcoming', 'due', 'overdue', 'missed']);
export const CheckKindSchema = literalUnion([
  'during-infusion',
  'infusion-end',
  'post-infusion',
  'post-dose',
  'pre-discharge',
  'extended-monitoring',
]);
export const AdverseEventSeveritySchema = literalUnion(['mild', 'moderate', 'severe']);
export const AdverseEventOutcomeSchema = literalUnion(['other', 'resolved', 'resolving', 'ongoing', 'transferred']);
export const InfusionSchema = Type.Object({
  startMin: Type.Number(),
  endMin: Type.Number(),
  rateMgPerMin: Type.Number(),
});
export const ConcentrationPointSchema = Type.Object({
  tMin: Type.Number(),
  mgPerL: Type.Number(),
  ngPerMl: Type.Number(),
});
export const DrugNameSchema = literalUnion(['ketamine-hcl', 'esketamine-hcl']);
export const BillingLineSchema = Type.Object({
  units: Type.Number(),
  system: literalUnion(['CPT', 'HCPCS']),
  code: Type.String(),
  description: Type.String(),
  citation: CitationSchema,
});
export const BillingDiagnosisSchema = Type.Object({
  code: Type.String(),
  description: Type.Optional(Type.String()),
  isCommon: Type.Boolean(),
  citation: CitationSchema,
});
export const SessionBillingSchema = Type.Object({
  lines: Type.Array(BillingLineSchema),
  diagnoses: Type.Array(BillingDiagnosisSchema),
  notes: Type.Array(Type.String()),
});
export const RemsSessionEndKindSchema = literalUnion(['discharged', 'completed-in-schedule', 'stopped-early']);
export const RemsAnswersSchema = Type.Object({
  isFirstTreatment: Type.Optional(Type.Boolean()),
  concomitantMedications: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
  sedation: Type.Optional(Type.Boolean()),
  dissociation: Type.Optional(Type.Boolean()),
  respiratoryDepression: Type.Optional(Type.Boolean()),
  pulseOximetryUsed: Type.Optional(Type.Boolean()),
  vitalSignsAcceptable: Type.Optional(
    Type.Object({ beforeAdministration: Type.Boolean(), beforeCompletion: Type.Boolean() }),
  ),
  readyToLeaveMinutes: Type.Optional(Type.Number()),
  seriousAdverseEventDescription: Type.Optional(Type.String()),
});
export const PersonNameSchema = Type.Object({ firstName: Type.String(), lastName: Type.String() });
export const BloodPressureSchema = Type.Object({ systolic: Type.Number(), diastolic: Type.Number() });
export const ConcomitantMedicationsView = Type.Object({
  benzodiazepines: Type.Optional(Type.Boolean()),
  'non-benzodiazepine-sedative-hypnotics': Type.Optional(Type.Boolean()),
  'sedative-hypnotics': Type.Optional(Type.Boolean()),
  opioids: Type.Optional(Type.Boolean()),
  psychostimulants: Type.Optional(Type.Boolean()),
  maois: Type.Optional(Type.Boolean()),
});
export const MonitoringFormInputSchema = Type.Object({
  setting: HealthcareSettingTypeSchema,
  patient: Type.Object({
    firstName: Type.String(),
    lastName: Type.String(),
    birthDate: Type.String(),
    sex: literalUnion(['female', 'male', 'other']),
  }),
  isFirstTreatment: Type.Boolean(),
  patientEnrolled: Type.Boolean(),
  concomitantMedications: ConcomitantMedicationsView,
  prescriber: PersonNameSchema,
  monitoringProvider: Type.Object({
    firstName: Type.String(),
    lastName: Type.String(),
    phone: Type.String(),
    email: Type.String(),
  }),
  healthcareSetting: Type.Object({
    name: Type.String(),
    address1: Type.String(),
    address2: Type.Optional(Type.String()),
    city: Type.String(),
    state: Type.String(),
    zip: Type.String(),
  }),
  treatmentDate: Type.String(),
  doseMg: Type.Number(),
  lotNumbers: Type.Array(Type.String()),
  firstDeviceAt: Type.String({ format: 'date-time' }),
  lastDeviceAt: Type.String({ format: 'date-time' }),
  monitoringEndedAt: Type.String({ format: 'date-time' }),
  readyToLeaveMinutes: Type.Optional(Type.Number()),
  vitalSignsAcceptable: Type.Object({ beforeAdministration: Type.Boolean(), beforeCompletion: Type.Boolean() }),
  bloodPressure: Type.Object({
    beforeAdministration: BloodPressureSchema,
    fortyMinutesAfter: BloodPressureSchema,
    beforeCompletion: BloodPressureSchema,
  }),
  sedation: Type.Boolean(),
  dissociation: Type.Boolean(),
  respiratory: Type.Optional(
    Type.Object({
      respiratoryDepression: Type.Boolean(),
      pulseOximetryUsed: Type.Boolean(),
      lowestSpo2: Type.Optional(Type.Number()),
    }),
  ),
  seriousAdverseEvents: Type.Object({ occurred: Type.Boolean(), description: Type.Optional(Type.String()) }),
});
/** The Patient Monitoring Form's fields as far as the record fills them: any may still be missing (see `missing`). */
export const RemsPrefilledSchema = Type.Partial(
  Type.Object({
    ...MonitoringFormInputSchema.properties,
    vitalSignsAcceptable: Type.Partial(MonitoringFormInputSchema.properties.vitalSignsAcceptable),
    bloodPressure: Type.Partial(MonitoringFormInputSchema.properties.bloodPressure),
  }),
);
/** The filled form: the input's fields, with the rule version, derived timings, deadline and warnings. */
export const MonitoringFormSchema = Type.Object({
  ruleVersion: Type.String(),
  treatmentDurationMin: Type.Number(),
  monitoringAfterLastDeviceMin: Type.Number(),
  submissionDeadline: Type.String({ format: 'date-time' }),
  warnings: Type.Array(Type.String()),
  ...MonitoringFormInputSchema.properties,
});
export const ConcomitantMedicationClassSchema = literalUnion([
  'benzodiazepines',
  'non-benzodiazepine-sedative-hypnotics',
  'sedative-hypnotics',
  'opioids',
  'psychostimulants',
  'maois',
]);
export const ChecklistView = Type.Object({
  items: Type.Array(ChecklistItemSchema),
  isBlocked: Type.Boolean(),
  blockingItems: Type.Array(ChecklistItemCodeSchema),
  unacknowledgedWarnings: Type.Array(ChecklistItemCodeSchema),
  staleAcknowledgements: Type.Array(ChecklistItemCodeSchema),
  canStart: Type.Boolean(),
  suicideRisk: SameDaySuicideRiskSchema,
});
export const CitationsView = Type.Object({
  monitoring: Type.Object({
    ivIntervalDuringInfusionMin: CitationSchema,
    ivCheckAtInfusionEnd: CitationSchema,
    ivInfusionEndWindowMin: CitationSchema,
    ivIntervalAfterInfusionMin: CitationSchema,
    ivMinimumPostInfusionMin: CitationSchema,
    esketamineFirstCheckMin: CitationSchema,
    esketamineRepeatIntervalMin: CitationSchema,
    esketamineMinimumMonitoringMin: CitationSchema,
    esketamineMinutesBetweenDevices: CitationSchema,
    checkBeforeDischarge: CitationSchema,
    earlyWindowMin: CitationSchema,
    overdueGraceMin: CitationSchema,
    requiredMoaasForDischarge: CitationSchema,
    dischargeAssessmentMaxAgeMin: CitationSchema,
  }),
  checklist: Type.Object({
    ivBloodPressureHold: CitationSchema,
    ivBloodPressureHoldAction: CitationSchema,
    esketamineBloodPressureCaution: CitationSchema,
    esketamineBloodPressureHold: CitationSchema,
    requiredPreDoseVitals: CitationSchema,
    preDoseVitalsMaxAgeMin: CitationSchema,
    fasting: CitationSchema,
    pregnancyTestRequired: CitationSchema,
    pregnancyCheckWhenCanBecomePregnant: CitationSchema,
    pregnancyTestMaxAgeDays: CitationSchema,
    requiredQuestionnaires: CitationSchema,
    missingQuestionnaireAction: CitationSchema,
  }),
  secondPersonVerification: CitationSchema,
});
/** Vital signs, each optional (a reading may take only some). */
const VitalSignFields = {
  systolic: Type.Optional(Type.Number()),
  diastolic: Type.Optional(Type.Number()),
  heartRate: Type.Optional(Type.Number()),
  spo2: Type.Optional(Type.Number()),
  respiratoryRate: Type.Optional(Type.Number()),
};
/** Who acknowledged an alert, when, and what they did, or null while unacknowledged. */
const AlertAcknowledgement = Nullable(
  Type.Object({ action: Nullable(Type.String()), at: Type.String(), by: Nullable(StaffRefSchema) }),
);
/** The administration events of the journal: a running infusion's changes, or a device dose given. */
export const ADMINISTRATION_EVENTS = [
  'infusion-started',
  'infusion-rate-changed',
  'infusion-paused',
  'infusion-resumed',
  'infusion-stopped',
  'device-administered',
] as const;
export { CORRECTABLE_ENTRY_KINDS, OBSERVATION_KINDS } from './code-lists.js';
/** What the treatment-day journal records, in the order the session view lists its kinds. */
export const ENTRY_KINDS = [
  'discharged',
  'check-in',
  'checklist-acknowledged',
  'dose-prepared',
  'dose-verified',
  ...ADMINISTRATION_EVENTS,
  ...OBSERVATION_KINDS,
  'adverse-event',
  'billing-captured',
  'rems-form',
  'rems-submitted',
] as const;
const EntryKindSchema = literalUnion(ENTRY_KINDS);
/** A journal entry as the session timeline shows it (and each correction of it). */
const TimelineEntryFields = {
  id: Type.String(),
  kind: EntryKindSchema,
  data: JsonObject,
  at: Type.String(),
  recordedAt: Type.String(),
  recordedBy: Nullable(StaffRefSchema),
  correctionOf: Nullable(Type.String()),
  correctionReason: Nullable(Type.String()),
};

export const SessionView = Type.Object({
  session: Type.Object({
    id: Type.String(),
    patient: Type.Object({
      id: Type.String(),
      givenName: Type.String(),
      familyName: Type.String(),
      initials: Type.String(),
      mrn: Type.String(),
    }),
    modality: literalUnion(['iv-ketamine', 'esketamine-nasal', 'iv-ketamine-pain']),
    modalityName: Type.String(),
    sessionNumber: Nullable(Type.Number()),
    status: SessionStatusSchema,
    chair: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    startsAt: Type.String(),
    endsAt: Type.String(),
    plannedDoseMg: Nullable(Type.Number()),
    plannedDurationMin: Nullable(Type.Number()),
    staff: Nullable(Type.String()),
  }),
  phase: Type.Object({
    phase: SessionPhaseSchema,
    since: Nullable(Type.String()),
    minutesInPhase: Nullable(Type.Number()),
    dosingStartedAt: Nullable(Type.String()),
    monitoringStartedAt: Nullable(Type.String()),
    minimumMonitoringEndsAt: Nullable(Type.String()),
  }),
  checkIn: Nullable(
    Type.Object({
      recordedAt: Type.String(),
      recordedBy: Nullable(StaffRefSchema),
      arrivedAt: Type.String(),
      identityChecked: Type.Boolean(),
      identityMethod: Type.Optional(Type.String()),
      preDoseVitals: Type.Optional(
        Type.Object({
          ...VitalSignFields,
          takenAt: Type.String(),
          corrects: Type.Optional(
            Type.Object({
              ...VitalSignFields,
              takenAt: Type.String(),
              reason: Type.String(),
            }),
          ),
        }),
      ),
      weightKg: Type.Optional(Type.Number()),
      fasting: Type.Optional(
        Type.Object({ lastFoodAt: Type.Optional(Type.String()), lastLiquidAt: Type.Optional(Type.String()) }),
      ),
      ride: Type.Optional(
        Type.Object({
          name: Type.Optional(Type.String()),
          phone: Type.Optional(Type.String()),
          confirmed: Type.Boolean(),
        }),
      ),
      pregnancy: Type.Optional(
        Type.Object({
          canBecomePregnant: Type.Boolean(),
          result: Type.Optional(literalUnion(['negative', 'positive'])),
          testedAt: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
  checklist: ChecklistView,
  suicideRisk: Type.Object({
    treatmentDate: Type.String(),
    blocksDosing: Type.Boolean(),
    message: Type.String(),
    awaitingPrescriber: Type.Array(Type.String()),
    signals: Type.Array(
      Type.Object({
        measureId: Type.String(),
        instrumentId: Type.String(),
        observedAt: Type.String(),
        describe: Type.String(),
        citation: CitationSchema,
        evaluation: Nullable(
          Type.Object({
            by: Type.String(),
            at: Type.String(),
            decision: literalUnion(['may-proceed', 'do-not-dose']),
            note: Type.String(),
          }),
        ),
      }),
    ),
  }),
  waitingFor: Nullable(
    Type.Object({
      waiting: Type.Literal('chair-staff'),
      waitingOn: Type.Literal('prescriber'),
      reason: Type.Literal('suicide-risk-evaluation'),
      measureIds: Type.Array(Type.String()),
      message: Type.String(),
    }),
  ),
  dose: Nullable(
    Type.Object({
      preparedAt: Type.String(),
      preparedBy: Nullable(StaffRefSchema),
      verification: Type.Object({
        required: Type.Boolean(),
        verifiedBy: Nullable(StaffRefSchema),
        verifiedAt: Nullable(Type.String()),
      }),
      doseMg: Type.Number(),
      devices: Type.Optional(Type.Number()),
      plannedDurationMin: Type.Optional(Type.Number()),
      concentrationMgPerMl: Type.Optional(Type.Number()),
      volumeMl: Type.Optional(Type.Number()),
      rateMlPerHour: Type.Optional(Type.Number()),
      rateMgPerMin: Type.Optional(Type.Number()),
      weightKg: Type.Optional(Type.Number()),
      lotNumber: Type.String(),
      lotExpiry: Type.String(),
      ledgerDrawId: Type.Optional(Type.String()),
      ndc: Type.Optional(Type.String()),
      lotExpiryAsReceived: Type.Optional(Type.String()),
      lotSource: Type.Optional(Type.Literal('ledger')),
      mgPerKg: Type.Optional(Type.Number()),
      capMgPerKg: Type.Optional(Type.Number()),
      plannedMgPerKg: Type.Optional(Type.Number()),
      minutesBetweenDevices: Type.Optional(Type.Number()),
      override: Type.Optional(
        Type.Object({
          byUserId: Type.String(),
          by: Type.String(),
          at: Type.String(),
          reason: Type.String(),
          reasons: Type.Array(Type.String()),
          messages: Type.Array(Type.String()),
        }),
      ),
      id: Type.String(),
    }),
  ),
  administration: Type.Object({
    infusionStartedAt: Nullable(Type.String()),
    infusionEndedAt: Nullable(Type.String()),
    isInfusionRunning: Type.Boolean(),
    isInfusionPaused: Type.Boolean(),
    estimatedDeliveredMg: Nullable(Type.Number()),
    devicesAdministeredAt: Type.Array(Type.String()),
    devices: Nullable(
      Type.Object({
        nextDeviceAllowedAt: Nullable(Type.String()),
        monitoringStartsAt: Nullable(Type.String()),
        monitoringEndsAt: Nullable(Type.String()),
        totalDevices: Type.Number(),
        givenCount: Type.Number(),
        allGiven: Type.Boolean(),
        nextDeviceNumber: Nullable(Type.Number()),
        canGiveNextDeviceNow: Type.Boolean(),
        msUntilNextDevice: Type.Number(),
        msUntilMonitoringEnds: Nullable(Type.Number()),
        intervalIssues: Type.Array(Type.Object({ deviceNumber: Type.Number(), minutesAfterPrevious: Type.Number() })),
        citations: Type.Array(CitationSchema),
      }),
    ),
  }),
  checks: Type.Object({
    next: Nullable(
      Type.Object({ id: Type.String(), label: Type.String(), dueAt: Type.String(), status: CheckStatusSchema }),
    ),
    minutesUntilNext: Nullable(Type.Number()),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: CheckKindSchema,
        label: Type.String(),
        dueAt: Type.String(),
        status: CheckStatusSchema,
        doneAt: Nullable(Type.String()),
      }),
    ),
    overdue: Type.Number(),
  }),
  timeline: Type.Array(
    Type.Object({
      isCorrected: Type.Boolean(),
      corrections: Type.Array(Type.Object(TimelineEntryFields)),
      ...TimelineEntryFields,
    }),
  ),
  alerts: Type.Array(
    Type.Object({
      message: Type.String(),
      codes: Type.Array(Type.String()),
      acknowledgement: AlertAcknowledgement,
      thresholds: Type.Array(
        Type.Object({
          id: Type.String(),
          entryId: Type.String(),
          code: Type.String(),
          severity: literalUnion(['warning', 'critical']),
          message: Type.String(),
          value: Type.Number(),
          limit: Type.Number(),
          raisedAt: Type.String(),
          acknowledgement: AlertAcknowledgement,
        }),
      ),
      id: Type.String(),
      entryId: Type.String(),
      code: Type.String(),
      severity: literalUnion(['warning', 'critical']),
      value: Type.Number(),
      limit: Type.Number(),
      raisedAt: Type.String(),
    }),
  ),
  adverseEvents: Type.Array(
    Type.Object({
      startedAt: Type.String(),
      endedAt: Nullable(Type.String()),
      interventions: Type.Array(
        Type.Object({
          at: Type.String(),
          code: literalUnion([
            'other',
            'infusion-paused',
            'infusion-stopped',
            'ondansetron',
            'clonidine',
            'labetalol',
            'midazolam',
            'lorazepam',
            'diphenhydramine',
            'epinephrine',
            'oxygen',
          ]),
          name: Type.Optional(Type.String()),
          dose: Type.Optional(Type.String()),
          route: Type.Optional(Type.String()),
          givenBy: Type.Optional(Type.String()),
        }),
      ),
      type: literalUnion([
        'other',
        'nausea-vomiting',
        'hypertension',
        'dissociation-emergence',
        'sedation-loss-of-consciousness',
        'respiratory-depression',
        'allergic-reaction',
      ]),
      description: Type.Optional(Type.String()),
      severity: AdverseEventSeveritySchema,
      serious: Type.Boolean(),
      outcome: AdverseEventOutcomeSchema,
      id: Type.String(),
    }),
  ),
  discharge: Nullable(
    Type.Object({
      at: Type.String(),
      by: Nullable(StaffRefSchema),
      // As recorded at discharge (absent on a discharge recorded before these were kept).
      clinicallyStable: Type.Optional(Type.Boolean()),
      ridePresent: Type.Optional(Type.Boolean()),
      overridden: Type.Optional(Type.Boolean()),
      override: Type.Optional(Type.Object({ byUserId: Type.String(), by: Type.String(), reason: Type.String() })),
      reasonsOverridden: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String() }))),
    }),
  ),
});
/** GET /api/clinic/treatment-day-settings 200 */
export const SettingsResponse = Type.Object({
  settings: TreatmentDaySettingsSchema,
  edited: JsonObject,
  citations: CitationsView,
});
/** PUT /api/clinic/treatment-day-settings 200 */
export const UpdateSettingsResponse = SettingsResponse;
/** GET /api/sessions/:id/treatment 200 */
export const GetResponse = SessionView;
/** GET /api/sessions/:id/pk 200 */
export const PkResponse = Type.Object({
  model: Type.Object({
    id: literalUnion(['domino-1982', 'clements-1981', 'hijazi-2003']),
    name: Type.String(),
    citation: CitationSchema,
    parameterSource: CitationSchema,
  }),
  disclaimer: Type.String(),
  weightKg: Type.Number(),
  timeZero: Type.String(),
  nowMin: Type.Number(),
  planned: Type.Object({
    infusions: Type.Array(InfusionSchema),
    points: Type.Array(ConcentrationPointSchema),
    peak: ConcentrationPointSchema,
    totalDoseMg: Type.Number(),
  }),
  actual: Nullable(
    Type.Object({
      infusions: Type.Array(InfusionSchema),
      points: Type.Array(ConcentrationPointSchema),
      peak: ConcentrationPointSchema,
      totalDoseMg: Type.Number(),
    }),
  ),
});
/** POST /api/sessions/:id/check-in 200 */
export const CheckInResponse = GetResponse;
/** GET /api/sessions/:id/checklist 200 */
export const GetChecklistResponse = ChecklistView;
/** POST /api/sessions/:id/checklist/acknowledgements 200 */
export const AcknowledgeWarningResponse = GetResponse;
/** POST /api/sessions/:id/suicide-risk-evaluations 201 */
export const EvaluateSuicideRiskResponse = GetResponse;
/** POST /api/sessions/:id/dose 200 */
export const PrepareDoseResponse = GetResponse;
/** GET /api/sessions/:id/dose/lots 200 */
export const DoseLotsResponse = Type.Object({
  drug: DrugNameSchema,
  citation: CitationSchema,
  items: Type.Array(
    Type.Object({
      isExpired: Type.Boolean(),
      ndc: Type.String(),
      lot: Type.String(),
      drug: DrugNameSchema,
      productName: Type.String(),
      expiry: Type.Optional(Type.String()),
      usableUntil: Type.Optional(Type.String()),
      heldMg: Type.String(),
      heldQuantity: Type.Number(),
      drawnForSession: Type.Boolean(),
    }),
  ),
});
/** POST /api/sessions/:id/dose/verification 200 */
export const VerifyDoseResponse = GetResponse;
/** POST /api/sessions/:id/administration 200 */
export const AdministerResponse = GetResponse;
/** POST /api/sessions/:id/observations 201 */
export const ObserveResponse = Type.Object({
  session: Type.Optional(SessionView),
  entryId: Type.String(),
  alerts: Type.Array(Type.String()),
});
/** POST /api/sessions/:id/entries/:entryId/corrections 201 */
export const CorrectResponse = GetResponse;
/** POST /api/sessions/:id/alerts/:alertId/acknowledgement 200 */
export const AcknowledgeAlertResponse = GetResponse;
/** POST /api/sessions/:id/adverse-events 201 */
export const RecordAdverseEventResponse = Type.Object({ id: Type.String(), session: SessionView });
/** One version of a session note. */
const NoteVersion = Type.Object({
  version: Type.Number(),
  kind: literalUnion(['draft', 'signed', 'addendum']),
  body: Type.String(),
  createdAt: Type.String(),
  createdBy: StaffRefSchema,
});
/** GET /api/sessions/:id/note 200 */
export const NoteResponse = Type.Object({
  composed: Nullable(Type.String()),
  latestVersion: Type.Number(),
  isSigned: Type.Boolean(),
  draft: Nullable(NoteVersion),
  recordChangedSinceDraft: Type.Boolean(),
  signed: Nullable(NoteVersion),
  addenda: Type.Array(NoteVersion),
  versions: Type.Array(Type.Object({ version: Type.Number(), createdAt: Type.String(), createdBy: Type.String() })),
});
/** PUT /api/sessions/:id/note 200 */
export const SaveNoteResponse = NoteResponse;
/** POST /api/sessions/:id/note/signature 200 */
export const SignNoteResponse = NoteResponse;
/** POST /api/sessions/:id/note/addenda 201 */
export const AddendumResponse = NoteResponse;
/** GET /api/sessions/:id/billing 200 */
export const BillingResponse = Type.Object({
  computed: Nullable(SessionBillingSchema),
  problems: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  captured: Nullable(Type.Object({ ...SessionBillingSchema.properties, capturedAt: Type.String() })),
});
/** POST /api/sessions/:id/billing 201 */
export const CaptureBillingResponse = Type.Object({
  capturedAt: Type.String(),
  lines: Type.Array(BillingLineSchema),
  diagnoses: Type.Array(BillingDiagnosisSchema),
  notes: Type.Array(Type.String()),
});
/** GET /api/rems/sessions 200 */
export const RemsSessionsResponse = Type.Object({
  generatedAt: Type.String(),
  items: Type.Array(
    Type.Object({
      sessionId: Type.String(),
      patient: Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() }),
      date: Type.String(),
      dischargedAt: Type.String(),
      endedAt: Type.String(),
      endedHow: RemsSessionEndKindSchema,
      isDischarged: Type.Boolean(),
      status: literalUnion(['due', 'overdue', 'submitted']),
      deadline: Type.String(),
      submittedOn: Nullable(Type.String()),
      submittedLate: Nullable(Type.Boolean()),
      ruleVersion: Type.String(),
    }),
  ),
});
/** GET /api/sessions/:id/rems-form 200 */
export const RemsFormResponse = Type.Object({
  sessionId: Type.String(),
  answers: RemsAnswersSchema,
  prefilled: RemsPrefilledSchema,
  form: Nullable(MonitoringFormSchema),
  missing: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  isComplete: Type.Boolean(),
  concomitantClasses: Type.Array(Type.Object({ code: ConcomitantMedicationClassSchema, label: Type.String() })),
  status: Nullable(
    Type.Object({
      status: literalUnion(['due', 'overdue', 'submitted']),
      deadline: Type.String(),
      submittedOn: Nullable(Type.String()),
      submittedLate: Nullable(Type.Boolean()),
      msUntilDeadline: Nullable(Type.Number()),
      ruleVersion: Type.String(),
    }),
  ),
});
/** PUT /api/sessions/:id/rems-form 200 */
export const SaveRemsFormResponse = RemsFormResponse;
/** POST /api/sessions/:id/rems-form/submission 200 */
export const MarkRemsSubmittedResponse = RemsFormResponse;
/** GET /api/patients/:id/rems-enrolment 200 */
export const RemsEnrolmentResponse = Type.Object({
  enrolled: Type.Boolean(),
  current: Nullable(
    Type.Object({ enrolledOn: Type.String(), remsPatientId: Nullable(Type.String()), recordedAt: Type.String() }),
  ),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      enrolledOn: Type.String(),
      remsPatientId: Nullable(Type.String()),
      recordedAt: Type.String(),
    }),
  ),
});
/** POST /api/patients/:id/rems-enrolment 201 */
export const RecordRemsEnrolmentResponse = Type.Object({
  id: Type.String(),
  enrolledOn: Type.String(),
  remsPatientId: Nullable(Type.String()),
  recordedAt: Type.String(),
});

/** GET /api/treatment-day/board 200 */
export const BoardSchema = Type.Object({
  generatedAt: Type.String(),
  date: Type.String(),
  timeZone: Type.String(),
  chairs: Type.Array(
    Type.Object({
      sessionId: Type.String(),
      chair: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
      patientInitials: Type.String(),
      modality: Type.String(),
      modalityName: Type.String(),
      scheduledStart: Type.String(),
      isCheckedIn: Type.Boolean(),
      phase: literalUnion(['pre-dose', 'dosing', 'monitoring', 'ready-for-discharge', 'discharged']),
      phaseSince: Nullable(Type.String()),
      elapsedMin: Nullable(Type.Integer({ description: 'Minutes since dosing started (or since check-in)' })),
      minimumMonitoringEndsAt: Nullable(Type.String()),
      nextCheck: Nullable(
        Type.Object({ id: Type.String(), label: Type.String(), dueAt: Type.String(), status: Type.String() }),
      ),
      minutesUntilNextCheck: Nullable(Type.Number()),
      overdueChecks: Type.Integer(),
      nextDeviceAllowedAt: Nullable(Type.String()),
      openAlerts: Type.Array(
        Type.Object({
          id: Type.String(),
          code: Type.String(),
          severity: Type.String(),
          message: Type.String(),
          raisedAt: Type.String(),
          codes: Type.Optional(
            Type.Array(Type.String(), {
              description: 'Every threshold the one reading crossed (one alert per reading)',
            }),
          ),
        }),
      ),
      waitingFor: Type.Optional(
        Nullable(
          Type.Object(
            {
              waiting: Type.String(),
              waitingOn: Type.String(),
              reason: Type.String(),
              measureIds: Type.Array(Type.String()),
              message: Type.String(),
            },
            {
              description:
                'Who is waiting on whom: e.g. the chair waits for a prescriber to evaluate a same-day suicide-risk answer',
            },
          ),
        ),
      ),
    }),
  ),
});
/** GET /api/sessions/:id/discharge 200 (the discharge decision) */
export const DischargeSchema = Type.Object({
  allowed: Type.Boolean(),
  overridden: Type.Boolean(),
  earliestAt: Nullable(Type.String()),
  reasons: Type.Array(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      overridable: Type.Boolean(),
      citation: Type.Object({
        source: Type.String(),
        detail: Type.Optional(Type.String()),
        url: Type.Optional(Type.String()),
        status: Type.Optional(Type.String()),
      }),
    }),
  ),
  override: Nullable(Type.Object({ by: Type.String(), at: Type.String(), reason: Type.String() })),
  dischargedAt: Type.Optional(Nullable(Type.String())),
});

/** Vital signs as recorded at the chair (request bodies: check-in, observations). */
export const VitalsSchema = Type.Object(
  {
    ...VitalSignFields,
  },
  { additionalProperties: false },
);
