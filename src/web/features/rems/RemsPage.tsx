import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { formatCalendarDate, formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import {
  remsFormPdfUrl,
  useRemsEnrolments,
  useRemsSessions,
  type RemsEnrolment,
  type RemsSessionItem,
} from './rems.api';
import {
  Countdown,
  EnrolmentForm,
  FormStatusBadge,
  MarkSubmittedForm,
  Section,
  useElapsedSince,
} from './rems-components';

/**
 * /rems: every esketamine session that has ended, with its SPRAVATO REMS Patient Monitoring Form status and the
 * 7-day deadline counting down; "Mark submitted" with the date; each patient's REMS enrolment.
 */
/** How the session ended (issue 10 item 15: every ended esketamine session has a form). */
const ENDED_LABELS: Readonly<Record<string, string>> = {
  discharged: 'Discharged',
  'stopped-early': 'Stopped early, not discharged; last record',
  'completed-in-schedule': 'Completed on the schedule',
};

export function RemsPage() {
  const can = usePermissions();
  const sessions = useRemsSessions();
  const elapsed = useElapsedSince(sessions.dataUpdatedAt);
  const [marking, setMarking] = useState<RemsSessionItem | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const items = sessions.data?.items ?? [];
  const ruleVersions = [...new Set(items.map((i) => i.ruleVersion))];
  const patients = [...new Map(items.map((i) => [i.patient.id, i.patient])).values()];

  return (
    <>
      <PageHeader
        title="SPRAVATO REMS"
        description="A Patient Monitoring Form is due for every esketamine session within 7 days of its end. Complete the form, download it, submit it to the REMS, then mark it submitted here."
      />
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
      <Stack gap="xl">
        <Section id="rems-forms" title="Patient Monitoring Forms">
          <QueryStatus
            query={sessions}
            failed="The REMS sessions could not be loaded"
            loading="Loading esketamine sessions…"
          />
          {sessions.data ? (
            <Text size="sm" mb="sm" data-testid="rems-rules">
              Programme rules:{' '}
              {ruleVersions.length > 0
                ? ruleVersions.join(', ')
                : 'applied per session date (no session has ended yet)'}
              {ruleVersions.length > 0 ? ' (each session is judged by the rules in effect on its date)' : ''}
            </Text>
          ) : null}
          {sessions.data && items.length === 0 ? (
            <Text>
              No esketamine session has ended yet: a form appears here for every session once it ends (discharged,
              stopped early, or completed on the schedule).
            </Text>
          ) : null}
          {items.length > 0 && sessions.data ? (
            <DataTable
              caption="Patient Monitoring Forms"
              columns={['Patient', 'Session', 'Form status', 'Deadline', 'Form']}
              minWidth={820}
              highlightOnHover
              withActions
            >
              {items.map((item) => (
                <Table.Tr key={item.sessionId} data-session-id={item.sessionId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/patients/${item.patient.id}`}>
                      {item.patient.name}
                    </Anchor>
                    {item.patient.mrn ? (
                      <Text size="xs" c="dimmed">
                        MRN {item.patient.mrn}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {formatCalendarDate(item.date)}
                    <Text size="xs" c="dimmed">
                      {ENDED_LABELS[item.endedHow ?? 'discharged'] ?? 'Ended'}{' '}
                      {formatDateTime(item.endedAt ?? item.dischargedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <FormStatusBadge
                      status={item.status}
                      submittedOn={item.submittedOn}
                      submittedLate={item.submittedLate}
                    />
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(item.deadline)}
                    {item.status === 'submitted' ? null : (
                      <div>
                        <Countdown deadline={item.deadline} serverNow={sessions.data.generatedAt} elapsedMs={elapsed} />
                      </div>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Group gap="sm" wrap="nowrap">
                      <Anchor component={Link} to={`/rems/${item.sessionId}`}>
                        Open form
                        <VisuallyHidden>
                          {' '}
                          of {item.patient.name}, {item.date}
                        </VisuallyHidden>
                      </Anchor>
                      {item.status === 'submitted' ? (
                        <Anchor href={remsFormPdfUrl(item.sessionId)} download>
                          PDF
                          <VisuallyHidden>
                            {' '}
                            of the form of {item.patient.name}, {item.date}
                          </VisuallyHidden>
                        </Anchor>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {item.status === 'submitted' ? null : (
                      <Button size="xs" variant="light" onClick={() => setMarking(item)}>
                        Mark submitted
                        <VisuallyHidden>
                          : {item.patient.name}, {item.date}
                        </VisuallyHidden>
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          ) : null}
          {sessions.data ? (
            <Text size="xs" c="dimmed" mt="xs">
              The PDF of a form not yet submitted is on its page (it can be printed once the form is complete).
            </Text>
          ) : null}
        </Section>

        {can('session:read') ? <EnrolmentSection patients={patients} canRecord={can('rems:manage')} /> : null}
      </Stack>

      <Modal opened={marking !== undefined} onClose={() => setMarking(undefined)} title="Mark the form submitted">
        {marking ? (
          <Stack gap="sm">
            <Text size="sm">
              {marking.patient.name}, session of {formatCalendarDate(marking.date)}: the date the Patient Monitoring
              Form was submitted to the SPRAVATO REMS.
            </Text>
            <MarkSubmittedForm
              sessionId={marking.sessionId}
              patientName={marking.patient.name}
              defaultDate={marking.date}
              onDone={() => {
                setAnnouncement(`The form of ${marking.patient.name} is marked submitted.`);
                setMarking(undefined);
              }}
            />
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}

function enrolmentText(enrolment: RemsEnrolment | undefined): string {
  if (!enrolment) return '';
  if (!enrolment.current) return 'Not enrolled';
  return `Enrolled ${formatCalendarDate(enrolment.current.enrolledOn)}${enrolment.current.remsPatientId ? ` · REMS ID ${enrolment.current.remsPatientId}` : ''}`;
}

function EnrolmentSection({
  patients,
  canRecord,
}: {
  patients: readonly { id: string; name: string }[];
  canRecord: boolean;
}) {
  const enrolments = useRemsEnrolments(
    patients.map((p) => p.id),
    true,
  );
  const [recording, setRecording] = useState<{ id: string; name: string } | undefined>();
  return (
    <Section
      id="rems-enrolment"
      title="Patient enrolment"
      description="Outpatient settings enrol each patient in the SPRAVATO REMS before the first treatment; the pre-session checklist blocks an esketamine session without it."
    >
      {patients.length === 0 ? (
        <Text>
          No patient with an ended esketamine session yet. A patient's enrolment can also be recorded from the REMS form
          of a session.
        </Text>
      ) : (
        <DataTable
          caption="Patient enrolment"
          columns={['Patient', 'Enrolment']}
          minWidth={520}
          striped={false}
          withActions
        >
          {patients.map((patient, index) => {
            const query = enrolments[index];
            return (
              <Table.Tr key={patient.id} data-patient-id={patient.id}>
                <Table.Td>{patient.name}</Table.Td>
                <Table.Td>
                  {query?.isPending ? (
                    <Text size="sm" c="dimmed">
                      Loading…
                    </Text>
                  ) : null}
                  {query?.error ? (
                    <Text size="sm" c="red.8">
                      Could not be loaded
                    </Text>
                  ) : null}
                  {query?.data ? (
                    <Text size="sm" fw={query.data.enrolled ? undefined : 600}>
                      {enrolmentText(query.data)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {canRecord && query?.data ? (
                    <Button size="xs" variant="light" onClick={() => setRecording(patient)}>
                      {query.data.enrolled ? 'Record a new enrolment' : 'Record enrolment'}
                      <VisuallyHidden>: {patient.name}</VisuallyHidden>
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </DataTable>
      )}
      <Modal opened={recording !== undefined} onClose={() => setRecording(undefined)} title="Record REMS enrolment">
        {recording ? (
          <EnrolmentForm patientId={recording.id} patientName={recording.name} onDone={() => setRecording(undefined)} />
        ) : null}
      </Modal>
    </Section>
  );
}
