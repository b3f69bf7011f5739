/**
 * Therapy notes on the patient's chart and from the appointment (issue 14): each therapy appointment (KAP
 * preparation, dosing-session support, integration) with its note: a draft saved as versions, signed (then locked,
 * with the signer and time), and corrected by addenda. Prescribers and therapists only: the panel is registered with
 * `therapy-note:read`, and the front desk never sees it (the server answers 403 too).
 */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { THERAPY_NOTE_TYPE_LABELS, THERAPY_NOTE_TYPES } from '../../../domain/therapy/therapy-notes';
import { NoteDraftActions, NoteTextarea, useNoteDraft } from '../../components/NoteDraftActions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { countOf, formatDateTime } from '../../components/format';
import { LoadingState, QueryStatus } from '../../components/LoadingState';
import { MarkdownView } from '../../components/MarkdownView';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import {
  useAddTherapyAddendum,
  usePatientTherapyNotes,
  useSaveTherapyNote,
  useSignTherapyNote,
  useTherapyNote,
  type TherapyNote,
  type TherapyNoteType,
} from './therapy-notes.api';

const TYPE_OPTIONS = THERAPY_NOTE_TYPES.map((value) => ({ value, label: THERAPY_NOTE_TYPE_LABELS[value] }));

function noteStatus(note: TherapyNote): { label: string; color: string } {
  if (note.isSigned)
    return {
      label: note.addenda.length > 0 ? `Signed, ${countOf(note.addenda.length, 'addendum', 'addenda')}` : 'Signed',
      color: 'dark',
    };
  if (note.draft) return { label: `Draft version ${note.draft.version}`, color: 'gray' };
  return { label: 'No note yet', color: 'orange' };
}

/** One appointment's note: the editor until signed, then the signed text and its addenda. */
export function TherapyNoteEditor({ appointmentId, initial }: { appointmentId: string; initial?: TherapyNote }) {
  const can = usePermissions();
  const query = useTherapyNote(appointmentId);
  const note = query.data ?? initial;
  const save = useSaveTherapyNote(appointmentId);
  const sign = useSignTherapyNote(appointmentId);
  const addendum = useAddTherapyAddendum(appointmentId);
  const draft = useNoteDraft(note?.draft?.body ?? '');
  const { body, isDirty } = draft;
  const [noteType, setNoteType] = useState<TherapyNoteType | ''>('');
  const [addendumText, setAddendumText] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (note && noteType === '') setNoteType(note.noteType ?? note.suggestedNoteType ?? '');
  }, [note, noteType]);

  if (!note)
    return query.error ? (
      <ErrorAlert error={query.error} title="The note could not be loaded" />
    ) : (
      <LoadingState label="Loading the note…" />
    );
  const canWrite = can('therapy-note:write') && note.appointment.status === 'booked';
  const errors = fieldErrorsFrom(save.error ?? sign.error ?? addendum.error, [
    'body',
    'noteType',
    'baseVersion',
    'text',
  ]);
  const saveDraft = () =>
    draft.save(() => save.mutateAsync({ body, baseVersion: note.latestVersion, ...(noteType ? { noteType } : {}) }));
  const words = body.trim() ? body.trim().split(/\s+/).length : 0;

  return (
    <Stack gap="sm">
      <Text size="sm" aria-live="polite">
        {status}
      </Text>
      <ErrorAlert
        error={save.error ?? sign.error ?? addendum.error}
        shownFields={['body', 'noteType', 'text']}
        title="The note was not saved"
      />
      {note.signed ? (
        <>
          <Paper withBorder p="sm" radius="sm" role="region" aria-label="Signed therapy note">
            <Text size="xs" c="dimmed" mb={4}>
              {THERAPY_NOTE_TYPE_LABELS[note.signed.noteType]} note, signed by {note.signed.createdBy.displayName} on{' '}
              {formatDateTime(note.signed.createdAt)} (version {note.signed.version}).
            </Text>
            <MarkdownView source={note.signed.body} headingLevel={4} />
          </Paper>
          {note.addenda.map((a) => (
            <Paper key={a.version} withBorder p="sm" radius="sm" bg="gray.0">
              <Text size="xs" c="dimmed">
                Addendum by {a.createdBy.displayName}, {formatDateTime(a.createdAt)} (version {a.version})
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.body}
              </Text>
            </Paper>
          ))}
          {canWrite ? (
            <Stack gap={4}>
              <Textarea
                label="Addendum"
                description="The signed note stays as it is; the addendum is added beside it with your name and the time."
                {...textField(addendumText, setAddendumText)}
                autosize
                minRows={2}
                maxLength={20000}
                error={errors['text']}
              />
              <Group>
                <Button
                  variant="light"
                  disabled={!addendumText.trim()}
                  loading={addendum.isPending}
                  onClick={() =>
                    addendum.mutate(
                      { text: addendumText.trim() },
                      {
                        onSuccess: () => {
                          setAddendumText('');
                          setStatus('Addendum added.');
                        },
                      },
                    )
                  }
                >
                  Add addendum
                </Button>
              </Group>
            </Stack>
          ) : null}
        </>
      ) : canWrite ? (
        <>
          <NativeSelect
            label="Kind of note"
            value={noteType}
            onChange={(e) => {
              setNoteType(THERAPY_NOTE_TYPES.find((t) => t === e.currentTarget.value) ?? '');
              draft.markEdited();
            }}
            data={[{ value: '', label: 'Choose…', disabled: true }, ...TYPE_OPTIONS]}
            error={errors['noteType']}
          />
          <NoteTextarea label="Therapy note" draft={draft} minRows={6} error={errors['body']} />
          <NoteDraftActions
            draft={draft}
            isReadyToSign={Boolean(body.trim()) && Boolean(noteType)}
            saveDraft={saveDraft}
            isSaving={save.isPending}
            onDraftSaved={() => setStatus('Draft saved.')}
            sign={() =>
              sign.mutate(undefined, { onSuccess: () => setStatus('Note signed; later changes are addenda.') })
            }
            isSigning={sign.isPending}
            confirmTitle="Sign this therapy note?"
          >
            <Text size="sm">
              Sign the {noteType ? THERAPY_NOTE_TYPE_LABELS[noteType].toLowerCase() : ''} note for{' '}
              {note.appointment.patientName}, {note.appointment.type.name} on{' '}
              {formatDateTime(note.appointment.startsAt)}
              {isDirty ? ' (your unsaved changes are saved first as a new version)' : ''}: {words} words.
            </Text>
            <Text size="sm">Signed by you, now.</Text>
          </NoteDraftActions>
        </>
      ) : note.draft ? (
        <Paper withBorder p="sm" radius="sm">
          <Text size="xs" c="dimmed">
            Draft, not signed (version {note.draft.version}, {note.draft.createdBy.displayName})
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {note.draft.body}
          </Text>
        </Paper>
      ) : (
        <Text size="sm">No note has been written.</Text>
      )}
      {note.versions.length > 0 ? (
        <Text size="xs" c="dimmed">
          Versions:{' '}
          {note.versions
            .map((v) => `${v.version} ${v.kind} (${v.createdBy}, ${formatDateTime(v.createdAt)})`)
            .join(' · ')}
        </Text>
      ) : null}
    </Stack>
  );
}

function TherapyAppointmentNote({ note }: { note: TherapyNote }) {
  const [isOpen, setOpen] = useState(false);
  const s = noteStatus(note);
  const label = `${note.appointment.type.name}, ${formatDateTime(note.appointment.startsAt)}`;
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label={`Therapy note: ${label}`}>
      <Group justify="space-between" mb={isOpen ? 'sm' : 0}>
        <div>
          <Text fw={600}>{label}</Text>
          <Text size="xs" c="dimmed">
            with {note.appointment.staff.displayName}
            {note.appointment.status === 'cancelled' ? ' · cancelled' : ''}
          </Text>
        </div>
        <Group gap="xs">
          <Badge color={s.color} variant="light">
            {s.label}
          </Badge>
          <Button size="xs" variant="default" aria-expanded={isOpen} onClick={() => setOpen((o) => !o)}>
            {isOpen ? 'Close note' : 'Open note'}
          </Button>
        </Group>
      </Group>
      {isOpen ? <TherapyNoteEditor appointmentId={note.appointment.id} initial={note} /> : null}
    </Paper>
  );
}

export function TherapyNotesPanel({ patient }: { patient: Patient }) {
  const notes = usePatientTherapyNotes(patient.id);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Notes of preparation, dosing-session support and integration sessions. Seen by prescribers and therapists only.
      </Text>
      <QueryStatus query={notes} failed="The therapy notes could not be loaded" loading="Loading therapy notes…" />
      {notes.data?.length === 0 ? (
        <Alert variant="light" color="gray">
          No therapy appointments are booked for this patient.
        </Alert>
      ) : null}
      {notes.data?.map((note) => (
        <TherapyAppointmentNote key={note.appointment.id} note={note} />
      ))}
    </Stack>
  );
}

/** The appointment's own entry point: a heading and the note (used in the calendar's note dialog). */
export function AppointmentTherapyNote({ appointmentId }: { appointmentId: string }) {
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Therapy note
      </Title>
      <TherapyNoteEditor appointmentId={appointmentId} />
    </Stack>
  );
}
