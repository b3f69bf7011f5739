/**
 * The "Intake and eligibility" section of a patient's record: the latest intake (edited as a new version, with the
 * list of versions), then eligibility per modality (evaluate, record the decision, override where the rules allow).
 */
import { Alert, Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ConflictAlert } from '../../components/ConflictAlert';
import { useVersionedEdit } from '../../components/useVersionedEdit';
import { formatCalendarDate, formatDateTime } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import { CONDITIONS, words } from './care-codes';
import { EligibilitySection } from './EligibilitySection';
import { IntakeForm } from './IntakeForm';
import { intakeFormValues, latestReading } from './intake-form-values';
import { useIntake, useIntakeHistory, useSaveIntake, type IntakeVersion } from './intake.api';
import { DataTable } from '../../components/DataTable';

/** The intake's sections as the history list names them (the API sends field names such as `heightCm`). */
const INTAKE_SECTION_LABELS: Readonly<Record<string, string>> = {
  demographics: 'Demographics',
  emergencyContact: 'Emergency contact',
  insurance: 'Insurance',
  ride: 'Ride home',
  heightCm: 'Height',
  weightKg: 'Weight',
  diagnoses: 'Diagnoses',
  psychiatricHistory: 'Psychiatric history',
  medicalHistory: 'Medical history',
  medications: 'Medications',
  allergies: 'Allergies',
  trials: 'Earlier treatment trials',
};

export function IntakePanel({ patient }: { patient: Patient }) {
  const intake = useIntake(patient.id);
  return (
    <Stack gap="xl">
      <section aria-labelledby="intake-subheading">
        <Title order={3} size="h4" id="intake-subheading" mb="sm">
          Intake
        </Title>
        {intake.isPending ? <LoadingState label="Loading the intake…" /> : null}
        <ErrorAlert error={intake.error} title="The intake could not be loaded" />
        {intake.data ? (
          <IntakeSection patientId={patient.id} current={intake.data} onReload={() => intake.refetch()} />
        ) : null}
      </section>
      <section aria-labelledby="eligibility-subheading">
        <Title order={3} size="h4" id="eligibility-subheading" mb="sm">
          Eligibility
        </Title>
        {intake.data ? <EligibilitySection patientId={patient.id} intake={intake.data} /> : null}
      </section>
    </Stack>
  );
}

function IntakeSection({
  patientId,
  current,
  onReload,
}: {
  patientId: string;
  current: IntakeVersion;
  onReload: () => Promise<unknown>;
}) {
  const can = usePermissions();
  const save = useSaveIntake(patientId);
  const edit = useVersionedEdit(save, onReload);
  const { isEditing, savedVersion, isConflict } = edit;

  return (
    <Stack gap="md">
      <div aria-live="polite">
        {savedVersion !== undefined && !isEditing ? (
          <Alert color="green" variant="light" title="Intake saved">
            This is now version {savedVersion} of the intake.
          </Alert>
        ) : null}
      </div>
      {isEditing ? (
        <>
          {isConflict ? (
            <ConflictAlert title="Someone else saved the intake" onReload={() => void edit.reloadLatest()}>
              A newer version was saved after you opened this one, so yours was not saved. Load the latest version, then
              make your changes again.
            </ConflictAlert>
          ) : null}
          <IntakeForm
            key={`${current.version ?? 0}-${edit.formKey}`}
            initial={intakeFormValues(current.intake)}
            base={current.intake}
            isPending={save.isPending}
            serverError={isConflict ? undefined : save.error}
            onCancel={edit.cancel}
            onSubmit={(intake) =>
              save.mutate(
                { baseVersion: current.version ?? 0, intake },
                {
                  onSuccess: (saved) => edit.saved(saved.version ?? undefined),
                },
              )
            }
          />
        </>
      ) : (
        <>
          <Group justify="space-between">
            {current.version === null ? (
              <Text c="dimmed">No intake recorded yet.</Text>
            ) : (
              <Group gap="xs">
                <Badge variant="outline" color="gray">
                  Version {current.version}
                </Badge>
                <Text size="sm" c="dimmed">
                  Saved {current.savedAt ? formatDateTime(current.savedAt) : ''}
                  {current.savedBy ? ` by ${current.savedBy.displayName}` : ''}
                </Text>
              </Group>
            )}
            {can('intake:write') ? (
              <Button onClick={edit.start}>{current.version === null ? 'Record intake' : 'Edit intake'}</Button>
            ) : null}
          </Group>
          {current.intake ? <IntakeSummary current={current} /> : null}
          {current.version !== null ? <IntakeVersions patientId={patientId} /> : null}
        </>
      )}
    </Stack>
  );
}

function IntakeSummary({ current }: { current: IntakeVersion }) {
  const intake = current.intake ?? {};
  const medical = intake.medicalHistory ?? {};
  const latest = latestReading(medical.hypertension?.readings);
  const conditionLabels = CONDITIONS.filter((c) => (medical.conditions ?? []).includes(c.code)).map((c) => c.label);
  const psych = intake.psychiatricHistory ?? {};
  const psychText = [
    psych.psychosis ? `Psychosis: ${psych.psychosis}` : '',
    psych.mania ? `Mania: ${psych.mania}` : '',
    psych.substanceUse ? `Substance use: ${psych.substanceUse}` : '',
    psych.schizophrenia ? 'Schizophrenia' : '',
    psych.bipolarDisorder ? 'Bipolar disorder' : '',
    psych.ketamineUseDisorderHistory ? 'History of ketamine misuse' : '',
    psych.acuteSuicidalIdeation ? 'Acute suicidal ideation' : '',
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <>
      <DescriptionList
        items={[
          { term: 'Weight', value: intake.weightKg !== undefined ? `${intake.weightKg} kg` : null },
          { term: 'Height', value: intake.heightCm !== undefined ? `${intake.heightCm} cm` : null },
          {
            term: 'Diagnoses',
            value: (intake.diagnoses ?? []).map((d) => (d.name ? `${d.code} ${d.name}` : d.code)).join('; '),
          },
          { term: 'Psychiatric history', value: psychText },
          { term: 'Conditions', value: conditionLabels.length > 0 ? conditionLabels.join('; ') : 'None recorded' },
          {
            term: 'Latest blood pressure',
            value: latest
              ? `${latest.systolic}/${latest.diastolic} mmHg (${formatCalendarDate(latest.takenAt.slice(0, 10))})`
              : null,
          },
          {
            term: 'Pregnancy',
            value: medical.pregnancy
              ? words(medical.pregnancy.status) + (medical.pregnancy.breastfeeding ? ', breastfeeding' : '')
              : null,
          },
          {
            term: 'Current medicines',
            value: (intake.medications ?? []).map((m) => (m.dose ? `${m.name} ${m.dose}` : m.name)).join('; '),
          },
          {
            term: 'Allergies',
            value: (intake.allergies ?? [])
              .map((a) => (a.reaction ? `${a.substance} (${a.reaction})` : a.substance))
              .join('; '),
          },
          {
            term: 'Antidepressant trials',
            value: (intake.trials ?? [])
              .map((t) => `${t.drug} ${t.doseMgPerDay} mg/day for ${t.weeks} weeks: ${words(t.outcome).toLowerCase()}`)
              .join('; '),
          },
        ]}
      />
      {current.treatmentResistance ? (
        <Alert
          color={current.treatmentResistance.isTreatmentResistant ? 'blue' : 'gray'}
          variant="light"
          title="Treatment resistance"
        >
          <Text size="sm">{current.treatmentResistance.summary}</Text>
          {current.treatmentResistance.trials.length > 0 ? (
            <List size="sm" mt="xs" aria-label="How each trial counts">
              {current.treatmentResistance.trials.map((t) => (
                <List.Item key={t.index}>
                  <Text span fw={600} size="sm">
                    {t.drug}:
                  </Text>{' '}
                  {t.explanation}
                </List.Item>
              ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
    </>
  );
}

function IntakeVersions({ patientId }: { patientId: string }) {
  const history = useIntakeHistory(patientId);
  if (history.isPending) return <LoadingState label="Loading the intake versions…" />;
  if (history.isError) return <ErrorAlert error={history.error} title="The intake versions could not be loaded" />;
  return (
    <DataTable
      caption="Intake versions"
      columns={['Version', 'Saved', 'By', 'Sections changed']}
      minWidth={480}
      verticalSpacing="xs"
    >
      {history.data.map((v) => (
        <Table.Tr key={v.version}>
          <Table.Td>{v.version}</Table.Td>
          <Table.Td>{formatDateTime(v.savedAt)}</Table.Td>
          <Table.Td>{v.savedBy?.displayName ?? '—'}</Table.Td>
          <Table.Td>
            {v.changedSections.length > 0
              ? v.changedSections.map((s) => INTAKE_SECTION_LABELS[s] ?? s).join(', ')
              : '—'}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
