/**
 * The session note: composed from the record (dose, timings, vital signs, MOAA/S and CADSS, adverse events,
 * discharge), edited as versions, signed (then locked), with addenda after the signature.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { MarkdownView } from '../../components/MarkdownView';
import { nowText } from '../../components/ConfirmAction';
import { NoteDraftActions, NoteTextarea, useNoteDraft } from '../../components/NoteDraftActions';
import { usePermissions } from '../auth/session';
import { useClinicClock } from './clinic-clock';
import { useSessionNote, useSessionWrite } from './treatment-day.api';
import { SubmitForm } from '../../components/SubmitForm';
import { StepPanel } from './StepPanel';

export function SessionNotePanel({ sessionId, patientName }: { sessionId: string; patientName?: string }) {
  const can = usePermissions();
  const { timeZone } = useClinicClock();
  const note = useSessionNote(sessionId);
  const save = useSessionWrite<{ body: string; baseVersion: number }>(sessionId, '/note', 'PUT');
  const sign = useSessionWrite<Record<string, never>>(sessionId, '/note/signature');
  const addendum = useSessionWrite<{ text: string }>(sessionId, '/note/addenda');
  const [addendumText, setAddendumText] = useState('');
  const [status, setStatus] = useState('');
  const data = note.data;
  const draft = useNoteDraft(data?.draft?.body ?? data?.composed ?? '');
  const { body, isDirty } = draft;

  if (!data)
    return (
      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h4">
          Session note
        </Title>
        <ErrorAlert error={note.error} title="The note could not be loaded" />
      </Paper>
    );
  const canWrite = can('session:write');

  const saveDraft = () => draft.save(() => save.mutateAsync({ body, baseVersion: data.latestVersion }));

  return (
    <StepPanel
      title="Session note"
      aside={
        data.isSigned ? (
          <Badge color="dark">Signed and locked</Badge>
        ) : (
          <Badge color="gray" variant="light">
            {data.draft ? `Draft version ${data.draft.version}` : 'Composed from the record'}
          </Badge>
        )
      }
    >
      <Text size="sm" aria-live="polite">
        {status}
      </Text>
      <ErrorAlert error={save.error ?? sign.error ?? addendum.error} title="The note was not saved" />
      {data.signed ? (
        <>
          <Text size="sm">
            Signed by {data.signed.createdBy.displayName} on {formatDateTime(data.signed.createdAt)}.
          </Text>
          <Paper component="section" bg="gray.0" p="sm" aria-label="Signed note">
            <MarkdownView source={data.signed.body} headingLevel={4} />
          </Paper>
          {data.addenda.map((a) => (
            <Paper component="section" key={a.version} withBorder p="sm" aria-label={`Addendum ${a.version}`}>
              <Text size="xs" c="dimmed">
                Addendum by {a.createdBy.displayName}, {formatDateTime(a.createdAt)}
              </Text>
              <MarkdownView source={a.body} headingLevel={4} />
            </Paper>
          ))}
          {canWrite ? (
            <SubmitForm
              label="Add an addendum"
              onSubmit={() => {
                if (!addendumText.trim()) return;
                addendum.mutate(
                  { text: addendumText.trim() },
                  {
                    onSuccess: () => {
                      setAddendumText('');
                      setStatus('Addendum added.');
                    },
                  },
                );
              }}
            >
              <Stack gap={4}>
                <Textarea
                  label="Addendum"
                  value={addendumText}
                  onChange={(e) => setAddendumText(e.currentTarget.value)}
                  autosize
                  minRows={2}
                  maxLength={20000}
                />
                <Group>
                  <Button type="submit" variant="light" disabled={!addendumText.trim()} loading={addendum.isPending}>
                    Add addendum
                  </Button>
                </Group>
              </Stack>
            </SubmitForm>
          ) : null}
        </>
      ) : data.composed === null && !data.draft ? (
        <Text size="sm">The note is composed once a dose is prepared.</Text>
      ) : (
        <>
          {data.recordChangedSinceDraft ? (
            <Alert color="orange" variant="light" title="The record has changed since this draft was saved">
              <Text size="sm" mb="xs">
                Something was recorded after the draft: check that the note covers it before signing.
              </Text>
              {canWrite && data.composed ? (
                <Button size="xs" variant="default" onClick={() => draft.edit(data.composed ?? '')}>
                  Start again from the record
                </Button>
              ) : null}
            </Alert>
          ) : null}
          <NoteTextarea label="Note text" draft={draft} minRows={8} readOnly={!canWrite} />
          {canWrite ? (
            <NoteDraftActions
              draft={draft}
              isReadyToSign={Boolean(body.trim())}
              saveDraft={saveDraft}
              isSaving={save.isPending}
              onDraftSaved={() => setStatus('Draft saved.')}
              sign={() => sign.mutate({}, { onSuccess: () => setStatus('Note signed; later changes are addenda.') })}
              isSigning={sign.isPending}
              confirmTitle="Sign this session note?"
            >
              <Text size="sm">
                Sign the session note{patientName ? ` for ${patientName}` : ''} as it stands
                {isDirty ? ' (your unsaved changes are saved first as a new version)' : ''}:{' '}
                {body.trim().split(/\s+/).length} words.
              </Text>
              <Text size="sm">Signed by you at {nowText(timeZone)}.</Text>
            </NoteDraftActions>
          ) : null}
        </>
      )}
    </StepPanel>
  );
}
