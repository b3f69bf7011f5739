import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { isApiError } from '../../api/client';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ageOn, formatCalendarDate, formatDateTime, todayIsoDate } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { NoAccess } from '../../components/NoAccess';
import { PageHeader } from '../../components/PageHeader';
import { ConflictAlert } from '../../components/ConflictAlert';
import { useVersionedEdit } from '../../components/useVersionedEdit';
import { usePermissions } from '../auth/session';
import { PatientHeader } from '../chart/PatientHeader';
import { PatientSessionsPanel } from '../chart/PatientSessionsPanel';
import type { PatientPageState } from './PatientCreatePage';
import { PatientForm, formValuesOf } from './PatientForm';
import { PatientHistory } from './PatientHistory';
import { formatAddress, fullName, SEX_LABELS } from './patient-fields';
import { patientPanels } from './panels';
import { usePatient, useUpdatePatient, type Patient } from './patients.api';

export function PatientDetailPage() {
  const { id = '' } = useParams();
  const patient = usePatient(id);

  if (patient.isPending) {
    return (
      <>
        <PageHeader title="Patient" />
        <LoadingState label="Loading the patient record…" />
      </>
    );
  }
  if (patient.isError) {
    if (isApiError(patient.error) && patient.error.status === 403) return <NoAccess />;
    const notFound = isApiError(patient.error) && (patient.error.status === 404 || patient.error.status === 400);
    return (
      <>
        <PageHeader title={notFound ? 'Patient not found' : 'Patient'} />
        {notFound ? (
          <Text>There is no such patient in this clinic.</Text>
        ) : (
          <ErrorAlert error={patient.error} title="The patient record could not be loaded" />
        )}
        <Text mt="md">
          <Anchor component={Link} to="/patients">
            Back to the patient list
          </Anchor>
        </Text>
      </>
    );
  }
  return <PatientRecord key={patient.data.id} patient={patient.data} onReload={() => patient.refetch()} />;
}

function PatientRecord({ patient, onReload }: { patient: Patient; onReload: () => Promise<unknown> }) {
  const can = usePermissions();
  const location = useLocation();
  const justCreated = Boolean((location.state as PatientPageState | null)?.created);
  const update = useUpdatePatient(patient.id);
  const edit = useVersionedEdit(update, onReload);
  const { isEditing, savedVersion, isConflict } = edit;
  const age = ageOn(patient.dateOfBirth, todayIsoDate());
  const visiblePanels = patientPanels.filter((panel) => can(panel.permission));
  // On a phone the record is long: its sections start folded under their headings (the patient header stays on the
  // first screen), and a section opens from its heading or from the section links.
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const [openSections, setOpenSections] = useState<ReadonlySet<string>>(new Set());
  const folding = {
    isPhone,
    openSections,
    toggle: (id: string) =>
      setOpenSections((open) => {
        const next = new Set(open);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
  };
  const openSection = (id: string) => setOpenSections((open) => (open.has(id) ? open : new Set(open).add(id)));

  const startEditing = () => {
    edit.start();
    openSection('demographics');
  };

  return (
    <>
      <PageHeader
        title={fullName(patient)}
        documentTitle={`Patient ${patient.mrn}`}
        description={
          <>
            MRN{' '}
            <Text span fw={600} c="dark">
              {patient.mrn}
            </Text>
          </>
        }
        actions={can('patient:write') && !isEditing ? <Button onClick={startEditing}>Edit details</Button> : null}
      />
      <PatientHeader patientId={patient.id} />
      <SectionNav
        isPhone={isPhone}
        onOpen={openSection}
        sections={[
          { id: 'demographics', title: 'Details' },
          ...(can('schedule:read') ? [{ id: 'sessions', title: 'Sessions' }] : []),
          ...visiblePanels.map((panel) => ({ id: panel.id, title: panel.title })),
          { id: 'history', title: 'History' },
        ]}
      />
      <div aria-live="polite">
        {justCreated && !isEditing && savedVersion === undefined ? (
          <Alert color="green" variant="light" title="Patient registered" mb="md">
            The new record has MRN {patient.mrn}.
          </Alert>
        ) : null}
        {savedVersion !== undefined && !isEditing ? (
          <Alert color="green" variant="light" title="Changes saved" mb="md">
            This is now version {savedVersion} of the record.
          </Alert>
        ) : null}
      </div>

      <Stack gap={isPhone ? 'sm' : 'xl'}>
        <ChartSection
          id="demographics"
          title={isEditing ? 'Edit details' : 'Details'}
          folding={folding}
          aside={
            <Badge variant="outline" color="gray">
              Version {patient.version}
            </Badge>
          }
        >
          {isEditing ? (
            <PatientForm
              key={edit.formKey}
              ariaLabel="Edit patient details"
              initialValues={formValuesOf(patient)}
              submitLabel="Save changes"
              isPending={update.isPending}
              serverError={isConflict ? undefined : update.error}
              notice={
                isConflict ? (
                  <ConflictAlert title="Someone else changed this record" onReload={() => void edit.reloadLatest()}>
                    It was saved by another user after you opened it, so your changes were not saved, to avoid
                    overwriting theirs. Load the latest version, then make your changes again.
                  </ConflictAlert>
                ) : null
              }
              onSubmit={(input) =>
                update.mutate(
                  { ...input, version: patient.version },
                  {
                    onSuccess: (saved) => edit.saved(saved.version),
                  },
                )
              }
              onCancel={edit.cancel}
            />
          ) : (
            <DescriptionList
              items={[
                { term: 'Given name', value: patient.givenName },
                { term: 'Family name', value: patient.familyName },
                {
                  term: 'Date of birth',
                  value: `${formatCalendarDate(patient.dateOfBirth)}${age !== undefined ? ` (age ${age})` : ''}`,
                },
                { term: 'Sex', value: SEX_LABELS[patient.sex] },
                { term: 'Phone', value: patient.phone },
                { term: 'Email', value: patient.email },
                { term: 'Address', value: formatAddress(patient.address) },
                { term: 'MRN', value: patient.mrn },
                { term: 'Registered', value: formatDateTime(patient.createdAt) },
                { term: 'Last changed', value: formatDateTime(patient.updatedAt) },
              ]}
            />
          )}
        </ChartSection>

        {can('schedule:read') ? (
          <ChartSection id="sessions" title="Sessions" folding={folding}>
            <PatientSessionsPanel patientId={patient.id} />
          </ChartSection>
        ) : null}

        {visiblePanels.map((panel) => (
          <ChartSection key={panel.id} id={panel.id} title={panel.title} folding={folding}>
            {panel.render(patient)}
          </ChartSection>
        ))}

        <ChartSection id="history" title="History of changes" folding={folding}>
          <PatientHistory patientId={patient.id} />
        </ChartSection>
      </Stack>
    </>
  );
}

/** A section scrolled to from the section links stops below the sticky header and links, not under them. */
const SECTION_STYLE = { scrollMarginTop: 'calc(var(--app-shell-header-height, 0px) + 56px)' } as const;

interface Folding {
  readonly isPhone: boolean;
  readonly openSections: ReadonlySet<string>;
  toggle(id: string): void;
}

/**
 * One section of the record: a heading and its content. On a phone the heading is a button that folds and unfolds
 * it (folded at first); on a wider screen it is always open.
 */
function ChartSection({
  id,
  title,
  folding,
  aside,
  children,
}: {
  id: string;
  title: string;
  folding: Folding;
  aside?: ReactNode;
  children: ReactNode;
}) {
  const isOpen = !folding.isPhone || folding.openSections.has(id);
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'lg' }}
      radius="md"
      component="section"
      aria-labelledby={`${id}-heading`}
      style={SECTION_STYLE}
    >
      <Group justify="space-between" mb={isOpen ? 'md' : 0} wrap="nowrap">
        <Title order={2} size="h3" id={`${id}-heading`} tabIndex={-1}>
          {folding.isPhone ? (
            <UnstyledButton
              aria-expanded={isOpen}
              aria-controls={`${id}-content`}
              onClick={() => folding.toggle(id)}
              fz="inherit"
              fw="inherit"
              mih={44}
            >
              <span aria-hidden="true">{isOpen ? '▾' : '▸'} </span>
              {title}
            </UnstyledButton>
          ) : (
            title
          )}
        </Title>
        {aside}
      </Group>
      {/* Hidden, not removed, when folded: a form being filled in keeps its input when the window crosses the phone
          width (a tablet turned, a window resized). */}
      <div id={`${id}-content`} hidden={!isOpen}>
        {children}
      </div>
    </Paper>
  );
}

/**
 * Links to each section of the record, kept in view while the record scrolls, so a section is one click away
 * rather than at the end of a long page. On a phone they are one row that scrolls sideways, and a link unfolds its
 * section.
 */
function SectionNav({
  sections,
  isPhone,
  onOpen,
}: {
  sections: ReadonlyArray<{ id: string; title: string }>;
  isPhone: boolean;
  onOpen: (id: string) => void;
}) {
  return (
    <Box
      component="nav"
      aria-label="Sections of the record"
      mb="md"
      py={6}
      style={{
        position: 'sticky',
        top: 'var(--app-shell-header-height, 0px)',
        zIndex: 5,
        background: 'var(--mantine-color-body)',
        borderBottom: '1px solid var(--mantine-color-gray-3)',
        ...(isPhone ? { overflowX: 'auto' } : {}),
      }}
    >
      <Group
        gap="xs"
        wrap={isPhone ? 'nowrap' : 'wrap'}
        component="ul"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {sections.map((section) => (
          <li key={section.id} style={isPhone ? { whiteSpace: 'nowrap' } : undefined}>
            <Anchor
              href={`#${section.id}-heading`}
              size="sm"
              onClick={(event) => {
                const target = document.getElementById(`${section.id}-heading`);
                if (!target) return;
                event.preventDefault();
                onOpen(section.id);
                // (after the section has unfolded, so the scroll lands on its final place)
                requestAnimationFrame(() => {
                  (target.closest('section') ?? target).scrollIntoView({ block: 'start' });
                  target.focus({ preventScroll: true });
                });
              }}
            >
              {section.title}
            </Anchor>
          </li>
        ))}
      </Group>
    </Box>
  );
}
