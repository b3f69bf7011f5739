/**
 * The treatment-day session screen (/sessions/:id/treatment): check-in and checklist, the dose and its
 * administration, monitoring, the PK curve, discharge and the signed note. It refetches whenever the clinic's live
 * channel reports a change to this session (from any staff member, on any server process), and its countdowns tick
 * every second between refetches.
 */
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useClinicClock } from './clinic-clock';
import { nextAction, type SessionSectionId } from './next-action';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { PHASE_LABELS } from '../board/board.api';
import { useClinicTimeZone } from '../schedule/schedule.api';
import { useLiveRefetch } from '../board/useLiveRefetch';
import { CheckInPanel } from './CheckInPanel';
import { DischargePanel } from './DischargePanel';
import { DosePanel } from './DosePanel';
import { MonitoringPanel } from './MonitoringPanel';
import { PkChart } from './PkChart';
import { SessionNotePanel } from './SessionNotePanel';
import { isEsketamine, treatmentKeys, useTreatment, type TreatmentView } from './treatment-day.api';
import { PatientHeader } from '../chart/PatientHeader';
import { useNow } from '../../components/useNow';

export function TreatmentSessionPage() {
  const { id = '' } = useParams();
  return <TreatmentSession sessionId={id} />;
}

/** The whole session screen for one session (usable outside the route, e.g. inside another feature's page). */
export function TreatmentSession({ sessionId }: { sessionId: string }) {
  const treatment = useTreatment(sessionId);
  // Times are shown and typed on the clinic's clock: the sections wait for its zone (a form's first values use it).
  const timeZone = useClinicTimeZone();
  const live = useLiveSession(sessionId);
  const now = useNow(1000);
  const view = treatment.data;
  const title = view
    ? `Treatment: ${view.session.patient.givenName} ${view.session.patient.familyName}`
    : 'Treatment session';
  return (
    <>
      <PageHeader
        title={title}
        description={view ? <SessionSummary view={view} /> : undefined}
        actions={
          <Anchor component={Link} to="/board">
            Clinic board
          </Anchor>
        }
      />
      {view ? <PatientHeader patientId={view.session.patient.id} showIdentity /> : null}
      <Group gap="xs" mb="md" role="status" aria-live="polite">
        <Badge color={live ? 'green' : 'orange'} variant="light">
          {live ? 'Live' : 'Offline'}
        </Badge>
        <Text size="sm" c="dimmed">
          {live ? 'Live: changes by anyone appear here as they happen' : 'Connecting to live updates…'}
        </Text>
      </Group>
      <ErrorAlert error={treatment.error} title="The session could not be loaded" />
      {treatment.isPending || timeZone.isPending ? <LoadingState label="Loading the session…" /> : null}
      {view && !timeZone.isPending ? <SessionSections view={view} now={now} /> : null}
    </>
  );
}

function SessionSummary({ view }: { view: TreatmentView }) {
  const { clock } = useClinicClock();
  const { session, phase } = view;
  return (
    <Group gap="xs" component="span">
      <span>
        {session.modalityName}, session {session.sessionNumber}
        {session.chair ? `, ${session.chair.name}` : ''}, booked {clock(session.startsAt)}
        {session.patient.mrn ? `\u00a0· MRN ${session.patient.mrn}` : ''}
      </span>
      <Badge
        variant="light"
        color={phase.phase === 'ready-for-discharge' ? 'green' : phase.phase === 'pre-dose' ? 'gray' : 'blue'}
      >
        {PHASE_LABELS[phase.phase] ?? phase.phase}
      </Badge>
    </Group>
  );
}

const SECTION_TITLES: Readonly<Record<SessionSectionId, string>> = {
  'check-in': 'Check-in and checklist',
  dose: 'Dose and administration',
  monitoring: 'Monitoring',
  discharge: 'Discharge',
  note: 'Note',
};

const sectionAnchor = (title: string) => `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;

/** What the nurse does next, above everything else, with a link to the section where it is done. */
function NextActionCard({ view, now }: { view: TreatmentView; now: number }) {
  const { clock } = useClinicClock();
  const action = nextAction(view, now, clock);
  const title = SECTION_TITLES[action.section];
  return (
    <Paper
      component="aside"
      aria-label="Next action"
      withBorder
      p="sm"
      radius="md"
      bg={action.urgent ? 'red.0' : 'blue.0'}
    >
      <Group justify="space-between" gap="xs">
        <Text fw={700} c={action.urgent ? 'red.9' : undefined}>
          Next action: {action.text}
        </Text>
        <Anchor href={`#${sectionAnchor(title)}`}>Go to {title.toLowerCase()}</Anchor>
      </Group>
    </Paper>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = sectionAnchor(title);
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** The session screen's sections, for a loaded session. */
export function SessionSections({ view, now }: { view: TreatmentView; now: number }) {
  return (
    <Stack gap="xl">
      <NextActionCard view={view} now={now} />
      <Section title="Check-in and checklist">
        <CheckInPanel view={view} now={now} />
      </Section>
      <Section title="Dose and administration">
        <DosePanel view={view} now={now} />
      </Section>
      <Section title="Monitoring">
        <MonitoringPanel view={view} now={now} />
      </Section>
      {isEsketamine(view.session.modality) ? null : (
        <Section title="PK curve">
          <PkChart view={view} now={now} />
        </Section>
      )}
      <Section title="Discharge">
        <DischargePanel view={view} />
      </Section>
      <Section title="Note">
        <SessionNotePanel
          sessionId={view.session.id}
          patientName={`${view.session.patient.givenName} ${view.session.patient.familyName}`}
        />
      </Section>
    </Stack>
  );
}

/** Refetches the session whenever the live channel reports a change to it; true while connected. */
export function useLiveSession(sessionId: string): boolean {
  const status = useLiveRefetch(
    treatmentKeys.all(sessionId),
    (event) => event.topic === 'resync' || event.sessionId === null || event.sessionId === sessionId,
  );
  return status === 'live';
}
