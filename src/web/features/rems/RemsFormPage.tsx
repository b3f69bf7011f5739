import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCalendarDate, formatDateTime } from '../../components/format';
import { LoadingState, QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import {
  remsFormPdfUrl,
  useRemsForm,
  useSaveRemsAnswers,
  useSessionPatient,
  type BloodPressure,
  type RemsAnswers,
  type RemsFormData,
  type RemsFormView,
} from './rems.api';
import {
  Countdown,
  EnrolmentForm,
  FormStatusBadge,
  MarkSubmittedForm,
  Section,
  useElapsedSince,
} from './rems-components';
import { SuperbillPanel } from './SuperbillPanel';
import { SessionPatientHeader } from '../chart/PatientHeader';
import { textField } from '../../components/forms';

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'Yes' : 'No');
const bp = (value: BloodPressure | undefined) => (value ? `${value.systolic}/${value.diastolic} mmHg` : undefined);
const name = (p: { firstName: string; lastName: string } | undefined) =>
  p ? `${p.firstName} ${p.lastName}`.trim() : undefined;
const time = (iso: string | undefined) => (iso ? formatDateTime(iso) : undefined);
const minutesBetween = (from: string | undefined, to: string | undefined) =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 60_000) : undefined;

/** Where each part the form lacks comes from, in words. */
const MISSING_HINTS: ReadonlyArray<[RegExp, string]> = [
  [/^healthcareSetting\./, "the clinic's REMS settings (healthcare setting name and address)"],
  [/^monitoringProvider\.(phone|email)$/, "the clinic's REMS settings (monitoring contact phone and email)"],
  [/^monitoringProvider\./, 'the discharge (who monitored the patient)'],
  [/^(firstDeviceAt|lastDeviceAt|doseMg|lotNumbers)/, 'the dose and device record of the session'],
  [/^monitoringEndedAt$/, 'the discharge of the patient'],
  [/^bloodPressure\./, 'the vital signs of the session'],
  [/^respiratory\.lowestSpo2$/, 'the pulse-oximetry readings of the session'],
  [/^patientEnrolled$/, "the patient's REMS enrolment"],
];

function whereFrom(field: string): string {
  return MISSING_HINTS.find(([pattern]) => pattern.test(field))?.[1] ?? 'the answers below';
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  isFirstTreatment: 'First treatment',
  patientEnrolled: 'REMS enrolment',
  sedation: 'Sedation',
  dissociation: 'Dissociation',
  'vitalSignsAcceptable.beforeAdministration': 'Vital signs acceptable before administration',
  'vitalSignsAcceptable.beforeCompletion': 'Vital signs acceptable before completion of monitoring',
  'respiratory.respiratoryDepression': 'Respiratory depression',
  'respiratory.pulseOximetryUsed': 'Pulse oximetry used',
  'respiratory.lowestSpo2': 'Lowest SpO2',
  'seriousAdverseEvents.description': 'Serious adverse event description',
  'healthcareSetting.name': 'Healthcare setting name',
  'healthcareSetting.address1': 'Healthcare setting address',
  'healthcareSetting.city': 'Healthcare setting city',
  'healthcareSetting.state': 'Healthcare setting state',
  'healthcareSetting.zip': 'Healthcare setting ZIP code',
  'monitoringProvider.firstName': "Monitoring provider's first name",
  'monitoringProvider.lastName': "Monitoring provider's last name",
  'monitoringProvider.phone': "Monitoring provider's phone",
  'monitoringProvider.email': "Monitoring provider's email",
  'prescriber.firstName': "Prescriber's first name",
  'prescriber.lastName': "Prescriber's last name",
  'bloodPressure.beforeAdministration': 'Blood pressure before administration',
  'bloodPressure.fortyMinutesAfter': 'Blood pressure about 40 min after',
  'bloodPressure.beforeCompletion': 'Blood pressure before completion',
  firstDeviceAt: 'First device',
  lastDeviceAt: 'Last device',
  monitoringEndedAt: 'End of monitoring (discharge)',
  doseMg: 'Dose',
  lotNumbers: 'Lot number',
  treatmentDate: 'Treatment date',
};

/** A missing field in words: "Concomitant opioids", "Healthcare setting address"; the path itself when unknown. */
function fieldLabel(field: string, classes: RemsFormView['concomitantClasses']): string {
  const medication = /^concomitantMedications\.(.+)$/.exec(field)?.[1];
  if (medication)
    return `Concomitant ${(classes.find((c) => c.code === medication)?.label ?? medication).toLowerCase()}`;
  const bloodPressure = /^(bloodPressure\.[a-zA-Z]+)\./.exec(field)?.[1];
  return FIELD_LABELS[field] ?? (bloodPressure ? FIELD_LABELS[bloodPressure] : undefined) ?? field;
}

/** /rems/:sessionId: the Patient Monitoring Form of one esketamine session, its answers, PDF, submission and superbill. */
export function RemsFormPage() {
  const { sessionId = '' } = useParams();
  const view = useRemsForm(sessionId);
  const data = view.data;
  const patientName = name(data?.prefilled.patient) ?? 'the patient';

  return (
    <>
      <PageHeader
        title="REMS Patient Monitoring Form"
        description={
          data
            ? `${patientName}, esketamine session of ${data.prefilled.treatmentDate ? formatCalendarDate(data.prefilled.treatmentDate) : 'unknown date'}`
            : undefined
        }
        actions={
          <Anchor component={Link} to="/rems">
            All REMS forms
          </Anchor>
        }
      />
      <SessionPatientHeader sessionId={sessionId} />
      <QueryStatus query={view} failed="The form could not be loaded" loading="Loading the form…" />
      {data ? (
        <FormView view={data} sessionId={sessionId} patientName={patientName} dataUpdatedAt={view.dataUpdatedAt} />
      ) : null}
    </>
  );
}

function FormView({
  view,
  sessionId,
  patientName,
  dataUpdatedAt,
}: {
  view: RemsFormView;
  sessionId: string;
  patientName: string;
  dataUpdatedAt: number;
}) {
  const can = usePermissions();
  const elapsed = useElapsedSince(dataUpdatedAt);
  const shown: RemsFormData = view.form ?? view.prefilled;
  const status = view.status;
  const isSubmitted = status?.status === 'submitted';
  const enrolmentMissing = view.missing.some((m) => m.field === 'patientEnrolled') || shown.patientEnrolled === false;
  const monitoringMin =
    shown.monitoringAfterLastDeviceMin ?? minutesBetween(shown.lastDeviceAt, shown.monitoringEndedAt);
  const totalMin = shown.treatmentDurationMin ?? minutesBetween(shown.firstDeviceAt, shown.monitoringEndedAt);
  const setting = shown.healthcareSetting;

  return (
    <Stack gap="xl">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group gap="sm">
            {status ? (
              <FormStatusBadge
                status={status.status}
                submittedOn={status.submittedOn}
                submittedLate={status.submittedLate}
              />
            ) : (
              <Text fw={600}>Session not ended: the form's 7 days start at discharge.</Text>
            )}
            {status && !isSubmitted ? (
              <Text size="sm">
                Deadline {formatDateTime(status.deadline)}:{' '}
                <Countdown
                  deadline={status.deadline}
                  serverNow={new Date(Date.parse(status.deadline) - (status.msUntilDeadline ?? 0)).toISOString()}
                  elapsedMs={elapsed}
                />
              </Text>
            ) : null}
            <Text size="sm" c="dimmed">
              Programme rules {shown.ruleVersion ?? status?.ruleVersion ?? ''}
            </Text>
          </Group>
          {view.isComplete ? (
            <Group gap="md">
              <Anchor href={remsFormPdfUrl(sessionId)} download fw={600}>
                Download the form (PDF)<VisuallyHidden>: {patientName}</VisuallyHidden>
              </Anchor>
            </Group>
          ) : (
            <Alert
              color="orange"
              variant="light"
              title="The form is not complete: it cannot be printed or marked submitted yet"
            >
              <List size="sm">
                {view.missing.map((m) => (
                  <List.Item key={`${m.field}:${m.message}`}>
                    <Text span fw={600} size="sm">
                      {fieldLabel(m.field, view.concomitantClasses)}
                    </Text>{' '}
                    {m.message} (from {whereFrom(m.field)})
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {shown.warnings && shown.warnings.length > 0 ? (
            <Alert color="orange" variant="light" title="Before submitting">
              <List size="sm">
                {shown.warnings.map((w) => (
                  <List.Item key={w}>{w}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {view.isComplete && status && !isSubmitted ? (
            <MarkSubmittedForm sessionId={sessionId} patientName={patientName} />
          ) : null}
        </Stack>
      </Paper>

      <Section
        id="form-data"
        title="Form data"
        description="Composed from the session record, the clinic's REMS settings and the answers below."
      >
        <DescriptionList
          items={[
            {
              term: 'Patient',
              value: shown.patient
                ? `${name(shown.patient)}, born ${formatCalendarDate(shown.patient.birthDate)}, ${shown.patient.sex}`
                : undefined,
            },
            { term: 'First treatment', value: yesNo(shown.isFirstTreatment) },
            { term: 'Enrolled in the REMS', value: yesNo(shown.patientEnrolled) },
            { term: 'Prescriber', value: name(shown.prescriber) },
            {
              term: 'Monitoring provider',
              value: shown.monitoringProvider
                ? [name(shown.monitoringProvider), shown.monitoringProvider.phone, shown.monitoringProvider.email]
                    .filter(Boolean)
                    .join(', ')
                : undefined,
            },
            {
              term: 'Healthcare setting',
              value: setting
                ? [
                    setting.name,
                    setting.address1,
                    setting.address2,
                    [setting.city, setting.state, setting.zip].filter(Boolean).join(' '),
                  ]
                    .filter(Boolean)
                    .join(', ')
                : undefined,
            },
            {
              term: 'Treatment date',
              value: shown.treatmentDate ? formatCalendarDate(shown.treatmentDate) : undefined,
            },
            {
              term: 'Dose',
              value: shown.doseMg ? `${shown.doseMg} mg (${shown.doseMg / 28} × 28 mg devices)` : undefined,
            },
            { term: 'Lot number(s)', value: shown.lotNumbers?.join(', ') },
            {
              term: 'First / last device',
              value: shown.firstDeviceAt
                ? `${time(shown.firstDeviceAt)} / ${time(shown.lastDeviceAt) ?? '—'}`
                : undefined,
            },
            { term: 'Monitoring ended', value: time(shown.monitoringEndedAt) },
            {
              term: 'Monitoring after the last device',
              value: monitoringMin !== undefined ? `${monitoringMin} min` : undefined,
            },
            { term: 'Total treatment time', value: totalMin !== undefined ? `${totalMin} min` : undefined },
            { term: 'Sedation', value: yesNo(shown.sedation) },
            { term: 'Dissociation', value: yesNo(shown.dissociation) },
            { term: 'Respiratory depression', value: yesNo(shown.respiratory?.respiratoryDepression) },
            { term: 'Pulse oximetry used', value: yesNo(shown.respiratory?.pulseOximetryUsed) },
            {
              term: 'Lowest SpO2',
              value: shown.respiratory?.lowestSpo2 !== undefined ? `${shown.respiratory.lowestSpo2}%` : undefined,
            },
            { term: 'Blood pressure before administration', value: bp(shown.bloodPressure?.beforeAdministration) },
            { term: 'Blood pressure about 40 min after', value: bp(shown.bloodPressure?.fortyMinutesAfter) },
            { term: 'Blood pressure before completion', value: bp(shown.bloodPressure?.beforeCompletion) },
            {
              term: 'Vital signs acceptable (before administration / completion)',
              value: shown.vitalSignsAcceptable
                ? `${yesNo(shown.vitalSignsAcceptable.beforeAdministration)} / ${yesNo(shown.vitalSignsAcceptable.beforeCompletion)}`
                : undefined,
            },
            ...view.concomitantClasses.map((c) => ({
              term: `Concomitant: ${c.label}`,
              value: yesNo(shown.concomitantMedications?.[c.code]),
            })),
            {
              term: 'Serious adverse events',
              value: shown.seriousAdverseEvents
                ? shown.seriousAdverseEvents.occurred
                  ? `Yes: ${shown.seriousAdverseEvents.description ?? ''}`
                  : 'No'
                : undefined,
            },
          ]}
        />
      </Section>

      {isSubmitted ? null : (
        <Section
          id="form-answers"
          title="Clinician's answers"
          description="What the record cannot say by itself. Each save is kept as a new version."
        >
          <AnswersForm key={sessionId} view={view} sessionId={sessionId} />
        </Section>
      )}

      {enrolmentMissing && shown.patient && can('rems:manage') ? (
        <Section
          id="form-enrolment"
          title="REMS enrolment"
          description="The record has no REMS enrolment for this patient."
        >
          <PatientEnrolment sessionId={sessionId} patientName={patientName} />
        </Section>
      ) : null}

      <Section id="superbill" title="Billing (superbill)" description="CPT/HCPCS codes and diagnoses for this session.">
        <SuperbillPanel sessionId={sessionId} />
      </Section>
    </Stack>
  );
}

function PatientEnrolment({ sessionId, patientName }: { sessionId: string; patientName: string }) {
  const patient = useSessionPatient(sessionId);
  if (patient.error) return <ErrorAlert error={patient.error} title="The session's patient could not be loaded" />;
  if (!patient.data) return <LoadingState label="Loading…" />;
  return <EnrolmentForm patientId={patient.data.session.patient.id} patientName={patientName} />;
}

type YesNo = 'yes' | 'no' | '';
const toYesNo = (value: boolean | undefined): YesNo => (value === undefined ? '' : value ? 'yes' : 'no');
const fromYesNo = (value: YesNo): boolean | undefined => (value === '' ? undefined : value === 'yes');

/** The form's yes/no questions, in its order, keyed as the answers are; the concomitant medicines follow. */
const YES_NO_QUESTIONS: readonly { key: string; label: string; description?: string }[] = [
  { key: 'isFirstTreatment', label: 'First treatment' },
  { key: 'sedation', label: 'Sedation', description: 'Did the patient experience sedation?' },
  { key: 'dissociation', label: 'Dissociation', description: 'Did the patient experience dissociation?' },
  { key: 'respiratoryDepression', label: 'Respiratory depression' },
  { key: 'pulseOximetryUsed', label: 'Pulse oximetry used' },
  { key: 'vitalsBefore', label: 'Vital signs acceptable before administration' },
  { key: 'vitalsCompletion', label: 'Vital signs acceptable before completion of monitoring' },
];

function YesNoQuestion({
  label,
  value,
  onChange,
  description,
}: {
  label: string;
  value: YesNo;
  onChange: (v: YesNo) => void;
  description?: string;
}) {
  return (
    <Radio.Group label={label} description={description} value={value} onChange={(v) => onChange(v as YesNo)}>
      <Group gap="lg" mt={4}>
        <Radio value="yes" label="Yes" />
        <Radio value="no" label="No" />
      </Group>
    </Radio.Group>
  );
}

function AnswersForm({ view, sessionId }: { view: RemsFormView; sessionId: string }) {
  const save = useSaveRemsAnswers(sessionId);
  const a = view.answers;
  const p = view.prefilled;
  const [values, setValues] = useState<Record<string, YesNo>>(() => ({
    isFirstTreatment: toYesNo(a.isFirstTreatment ?? p.isFirstTreatment),
    sedation: toYesNo(a.sedation ?? p.sedation),
    dissociation: toYesNo(a.dissociation ?? p.dissociation),
    respiratoryDepression: toYesNo(a.respiratoryDepression ?? p.respiratory?.respiratoryDepression),
    pulseOximetryUsed: toYesNo(a.pulseOximetryUsed ?? p.respiratory?.pulseOximetryUsed),
    vitalsBefore: toYesNo(a.vitalSignsAcceptable?.beforeAdministration ?? p.vitalSignsAcceptable?.beforeAdministration),
    vitalsCompletion: toYesNo(a.vitalSignsAcceptable?.beforeCompletion ?? p.vitalSignsAcceptable?.beforeCompletion),
    ...Object.fromEntries(
      view.concomitantClasses.map((c) => [
        `med:${c.code}`,
        toYesNo(a.concomitantMedications?.[c.code] ?? p.concomitantMedications?.[c.code]),
      ]),
    ),
  }));
  const [readyToLeave, setReadyToLeave] = useState<string | number>(a.readyToLeaveMinutes ?? '');
  const [saeDescription, setSaeDescription] = useState(a.seriousAdverseEventDescription ?? '');
  const [status, setStatus] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const set = (key: string) => (v: YesNo) => setValues((current) => ({ ...current, [key]: v }));
  const v = (key: string): YesNo => values[key] ?? '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    const vitalsBefore = fromYesNo(v('vitalsBefore'));
    const vitalsCompletion = fromYesNo(v('vitalsCompletion'));
    if ((vitalsBefore === undefined) !== (vitalsCompletion === undefined)) {
      setLocalError('Answer both vital-sign questions (before administration and before completion).');
      return;
    }
    setLocalError(undefined);
    const meds = Object.fromEntries(
      view.concomitantClasses.flatMap((c) => {
        const answer = fromYesNo(v(`med:${c.code}`));
        return answer === undefined ? [] : [[c.code, answer]];
      }),
    );
    const answers: Record<string, unknown> = {};
    for (const key of ['isFirstTreatment', 'sedation', 'dissociation', 'respiratoryDepression', 'pulseOximetryUsed']) {
      const answer = fromYesNo(v(key));
      if (answer !== undefined) answers[key] = answer;
    }
    if (Object.keys(meds).length > 0) answers.concomitantMedications = meds;
    if (vitalsBefore !== undefined && vitalsCompletion !== undefined)
      answers.vitalSignsAcceptable = { beforeAdministration: vitalsBefore, beforeCompletion: vitalsCompletion };
    if (readyToLeave !== '') answers.readyToLeaveMinutes = Number(readyToLeave);
    if (saeDescription.trim()) answers.seriousAdverseEventDescription = saeDescription.trim();
    save.mutate(answers as RemsAnswers, {
      onSuccess: (result) =>
        setStatus(
          result.isComplete
            ? 'Answers saved. The form is complete.'
            : `Answers saved. Still missing: ${result.missing.length}.`,
        ),
    });
  };

  return (
    <form onSubmit={submit} aria-label="Clinician's answers on the form" noValidate>
      <Stack gap="md">
        <ErrorAlert error={save.error} title="The answers could not be saved" />
        {localError ? (
          <Alert color="red" variant="light" role="alert">
            {localError}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          {YES_NO_QUESTIONS.map((q) => (
            <YesNoQuestion
              key={q.key}
              label={q.label}
              description={q.description}
              value={v(q.key)}
              onChange={set(q.key)}
            />
          ))}
          {view.concomitantClasses.map((c) => (
            <YesNoQuestion
              key={c.code}
              label={`Concomitant ${c.label.toLowerCase()}`}
              value={v(`med:${c.code}`)}
              onChange={set(`med:${c.code}`)}
            />
          ))}
          <NumberInput
            label="Ready to leave after (min)"
            description="Optional: minutes from the start of administration at which the patient would have been ready to leave"
            min={0}
            max={1440}
            allowDecimal={false}
            value={readyToLeave}
            onChange={setReadyToLeave}
          />
          <Textarea
            label="Serious adverse events (description)"
            description="Optional: replaces the summary composed from the recorded events"
            maxLength={2000}
            autosize
            minRows={2}
            {...textField(saeDescription, setSaeDescription)}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save answers
          </Button>
        </Group>
        <Text size="sm" role="status" aria-live="polite">
          {status}
        </Text>
      </Stack>
    </form>
  );
}
