/**
 * The patient header (issue 14): where the patient stands, at the top of every patient page. Name, age, MRN; the
 * current plan and its phase; the next session; the latest PHQ-9 (and the instrument the patient's measurement
 * schedule follows) with its direction; open alerts; consent and REMS; allergies.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countOf, formatCalendarDate, formatDateTime } from '../../components/format';
import { useSessionPatient } from '../rems/rems.api';
import { usePatientSummary, type PatientSummary } from './chart.api';
import { baselineLine, phaseLabel, scoreLine } from './glance-format';

function useSessionTime() {
  return (iso: string) => formatDateTime(iso);
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={700} c="gray.7" tt="uppercase">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </div>
  );
}

/** `showIdentity`: the name, age and MRN line, for pages whose own heading does not name the patient. */
export function PatientHeader({ patientId, showIdentity = false }: { patientId: string; showIdentity?: boolean }) {
  const summary = usePatientSummary(patientId);
  if (summary.isError) return <ErrorAlert error={summary.error} title="The patient summary could not be loaded" />;
  if (!summary.data)
    return (
      <Paper withBorder p="sm" radius="md" mb="md" aria-busy="true">
        <Text size="sm" c="gray.7">
          Loading the patient summary…
        </Text>
      </Paper>
    );
  return <Glance summary={summary.data} showIdentity={showIdentity} />;
}

function Glance({ summary, showIdentity }: { summary: PatientSummary; showIdentity: boolean }) {
  const when = useSessionTime();
  const { patient, plan, nextSession, scores, openAlerts, consent, rems, allergies } = summary;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      mb="md"
      component="section"
      aria-label="Patient at a glance"
      data-testid="patient-header"
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          {showIdentity ? (
            <Anchor component={Link} to={`/patients/${patient.id}`} fw={700}>
              {patient.givenName} {patient.familyName}
            </Anchor>
          ) : null}
          {/* One line that wraps between its parts, each dot kept with the part before it (never opening a line) */}
          <Text size="sm">
            Age {patient.ageYears}
            {'\u00a0·'} born {formatCalendarDate(patient.dateOfBirth)}
            {'\u00a0·'} MRN{' '}
            <Text span fw={600}>
              {patient.mrn}
            </Text>
          </Text>
          {openAlerts.count > 0 ? (
            <Badge color="red" variant="filled">
              {countOf(openAlerts.count, 'open alert', 'open alerts')}
              {openAlerts.highestSeverity ? `, ${openAlerts.highestSeverity}` : ''}
            </Badge>
          ) : null}
        </Group>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="md" verticalSpacing="xs" m={0}>
          <Item label="Plan">
            {plan ? (
              <>
                {plan.modalityName}
                {phaseLabel(plan.phase) ? `, ${phaseLabel(plan.phase)}` : ''}{' '}
                <Text span size="sm" c="gray.7">
                  (
                  {plan.status === 'active'
                    ? `${plan.sessionsCompleted} of ${plan.sessionsPlanned} sessions held`
                    : plan.status}
                  )
                </Text>
              </>
            ) : (
              'No treatment plan'
            )}
          </Item>
          <Item label="Next session">
            {nextSession ? (
              <>
                {nextSession.status === 'in-progress' ? 'Under way: ' : ''}
                {when(nextSession.startsAt)}
                {nextSession.sessionNumber !== null ? `, session ${nextSession.sessionNumber}` : ''}
                {nextSession.chairName ? `, ${nextSession.chairName}` : ''}
              </>
            ) : (
              'None booked'
            )}
          </Item>
          {summary.clinicalVisible ? (
            <Item label="Latest scores">
              {scores.length === 0
                ? 'No scores yet'
                : scores.map((s) => (
                    <span key={s.instrument} style={{ display: 'block' }}>
                      <Text span fw={600} size="sm">
                        {s.shortName}
                      </Text>{' '}
                      {scoreLine(s)}
                      {baselineLine(s) ? (
                        <Text span size="sm" c="gray.7">
                          ; {baselineLine(s)}
                        </Text>
                      ) : null}
                      {s.isRemittedNow ? (
                        <Badge ml={4} size="sm" color="green" variant="light">
                          remission
                        </Badge>
                      ) : s.isRespondingNow ? (
                        <Badge ml={4} size="sm" color="teal" variant="light">
                          response
                        </Badge>
                      ) : null}
                    </span>
                  ))}
            </Item>
          ) : null}
          <Item label="Consent">
            {consent.length === 0
              ? 'Not signed'
              : consent.map((c) => (
                  <span key={c.modality} style={{ display: 'block' }}>
                    {c.current ? 'Current' : 'Not current'}: {c.modalityName}
                  </span>
                ))}
          </Item>
          {rems ? (
            <Item label="SPRAVATO REMS">
              {rems.enrolled
                ? `Enrolled${rems.enrolledOn ? ` ${formatCalendarDate(rems.enrolledOn)}` : ''}`
                : 'Not enrolled'}
            </Item>
          ) : null}
          {summary.clinicalVisible ? (
            <Item label="Allergies">
              {allergies === null
                ? 'Not recorded'
                : allergies.length === 0
                  ? 'None known'
                  : allergies.map((a) => `${a.substance}${a.reaction ? ` (${a.reaction})` : ''}`).join(', ')}
            </Item>
          ) : null}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** The patient header on a page that names a session, not a patient (REMS form, billing). */
export function SessionPatientHeader({ sessionId }: { sessionId: string }) {
  const session = useSessionPatient(sessionId);
  return session.data ? <PatientHeader patientId={session.data.session.patient.id} showIdentity /> : null;
}
