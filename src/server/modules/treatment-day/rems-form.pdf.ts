/** The SPRAVATO REMS Patient Monitoring Form's data as a PDF table (ledger/ledger-pdf.ts), one field a row. */
import { remsRulesFor, CONCOMITANT_CLASS_LABELS, type MonitoringForm } from '../../../domain/rems/index.js';
import { renderTablePdf } from '../ledger/ledger-pdf.js';
import { clinicTimestampText } from '../ledger/ledger-time.js';

export interface RemsFormPdfContext {
  readonly clinicName: string;
  /** The clinic's zone: every time on the form is written in it. */
  readonly timeZone: string;
  /** The clinic's locale (BCP 47), the PDF's language. */
  readonly locale?: string;
  readonly generatedAt: Date;
}

export function renderRemsFormPdf(form: MonitoringForm, context: RemsFormPdfContext): Promise<Buffer> {
  const { clinicName, timeZone, locale, generatedAt } = context;
  const yes = (b: boolean | undefined) => (b === undefined ? '' : b ? 'Yes' : 'No');
  const bp = (v: { systolic: number; diastolic: number }) => `${v.systolic}/${v.diastolic} mmHg`;
  // Every time on the form names the clinic's zone ("10:05 EST"), as the deadline and the generation time do.
  const clock = (d: Date) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(d);
  const rules = remsRulesFor(form.treatmentDate);
  const rows: string[][] = [
    [
      'Patient',
      `${form.patient.firstName} ${form.patient.lastName}, born ${form.patient.birthDate}, ${form.patient.sex}`,
    ],
    ['First treatment', yes(form.isFirstTreatment)],
    ['Patient enrolled in the REMS', yes(form.patientEnrolled)],
    ['Prescriber', `${form.prescriber.firstName} ${form.prescriber.lastName}`],
    [
      'Monitoring provider',
      `${form.monitoringProvider.firstName} ${form.monitoringProvider.lastName}, ${form.monitoringProvider.phone}, ${form.monitoringProvider.email}`,
    ],
    [
      'Healthcare setting',
      [
        form.healthcareSetting.name,
        form.healthcareSetting.address1,
        form.healthcareSetting.address2,
        `${form.healthcareSetting.city}, ${form.healthcareSetting.state} ${form.healthcareSetting.zip}`,
      ]
        .filter(Boolean)
        .join(', '),
    ],
    ['Treatment date', form.treatmentDate],
    ['Dose', `${form.doseMg} mg`],
    ['Lot number(s)', form.lotNumbers.join(', ')],
    ['First / last device', `${clock(form.firstDeviceAt)} / ${clock(form.lastDeviceAt)}`],
    ['Monitoring ended', clock(form.monitoringEndedAt)],
    ['Total treatment time', `${form.treatmentDurationMin} min`],
    ['Monitoring after the last device', `${form.monitoringAfterLastDeviceMin} min`],
    ['Blood pressure before administration', bp(form.bloodPressure.beforeAdministration)],
    ['Blood pressure ~40 min after', bp(form.bloodPressure.fortyMinutesAfter)],
    ['Blood pressure before completion', bp(form.bloodPressure.beforeCompletion)],
    [
      'Vital signs acceptable before administration / completion',
      `${yes(form.vitalSignsAcceptable.beforeAdministration)} / ${yes(form.vitalSignsAcceptable.beforeCompletion)}`,
    ],
    ['Sedation', yes(form.sedation)],
    ['Dissociation', yes(form.dissociation)],
    ...(form.respiratory
      ? [
          ['Respiratory depression', yes(form.respiratory.respiratoryDepression)],
          ['Pulse oximetry used', yes(form.respiratory.pulseOximetryUsed)],
          ['Lowest SpO2', form.respiratory.lowestSpo2 === undefined ? '' : `${form.respiratory.lowestSpo2}%`],
        ]
      : []),
    ...rules.concomitantMedicationClasses.map((c) => [
      `Concomitant: ${CONCOMITANT_CLASS_LABELS[c]}`,
      yes(form.concomitantMedications[c]),
    ]),
    [
      'Serious adverse events',
      form.seriousAdverseEvents.occurred ? `Yes: ${form.seriousAdverseEvents.description ?? ''}` : 'No',
    ],
    ['Submission deadline', clinicTimestampText(form.submissionDeadline, timeZone)],
    ...form.warnings.map((w) => ['Warning', w]),
  ];
  return renderTablePdf({
    title: 'SPRAVATO REMS Patient Monitoring Form (data)',
    clinicName,
    scope: `Session of ${form.treatmentDate}, rules ${form.ruleVersion}`,
    generatedAt: clinicTimestampText(generatedAt, timeZone),
    timeZone,
    ...(locale ? { lang: locale } : {}),
    citation: rules.citations.map((c) => c.source).join('; '),
    columns: [
      { header: 'Field', weight: 2 },
      { header: 'Value', weight: 5 },
    ],
    rows,
  });
}
