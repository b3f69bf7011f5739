import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Fieldset,
  Group,
  List,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countOf, formatDateTime } from '../../components/format';
import { friendlyFieldMessage } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import {
  useSafetyPlan,
  useSaveSafetyPlan,
  type SafetyPlanContact,
  type SafetyPlanContent,
  type SafetyPlanResponse,
  type SafetyPlanSectionKey,
} from './measures.api';
import { SubmitForm } from '../../components/SubmitForm';

const CONTACT_SECTIONS: ReadonlySet<SafetyPlanSectionKey> = new Set([
  'peopleAndSocialSettings',
  'peopleToAskForHelp',
  'professionalsAndAgencies',
]);
const PHONE_REQUIRED: ReadonlySet<SafetyPlanSectionKey> = new Set(['peopleToAskForHelp', 'professionalsAndAgencies']);

interface ContactRow {
  name: string;
  phone: string;
}

interface Draft {
  texts: Record<string, string[]>;
  contacts: Record<string, ContactRow[]>;
  reasonForLiving: string;
}

function draftOf(content: SafetyPlanContent | undefined, sections: SafetyPlanResponse['sections']): Draft {
  const draft: Draft = { texts: {}, contacts: {}, reasonForLiving: content?.reasonForLiving ?? '' };
  for (const s of sections) {
    const value = content?.[s.key];
    if (CONTACT_SECTIONS.has(s.key)) {
      const list = (value as readonly SafetyPlanContact[] | undefined) ?? [];
      draft.contacts[s.key] =
        list.length > 0 ? list.map((c) => ({ name: c.name, phone: c.phone ?? '' })) : [{ name: '', phone: '' }];
    } else {
      const list = (value as readonly string[] | undefined) ?? [];
      draft.texts[s.key] = list.length > 0 ? [...list] : [''];
    }
  }
  return draft;
}

function planOf(draft: Draft): SafetyPlanContent {
  const plan: Record<string, unknown> = {};
  for (const [key, list] of Object.entries(draft.texts)) plan[key] = list.map((t) => t.trim()).filter(Boolean);
  for (const [key, list] of Object.entries(draft.contacts)) {
    plan[key] = list
      .filter((c) => c.name.trim() || c.phone.trim())
      .map((c) => (c.phone.trim() ? { name: c.name.trim(), phone: c.phone.trim() } : { name: c.name.trim() }));
  }
  if (draft.reasonForLiving.trim()) plan['reasonForLiving'] = draft.reasonForLiving.trim();
  return plan as SafetyPlanContent;
}

/** The Stanley-Brown safety plan: read by clinical staff, edited (each save a new version) by those allowed to. */
export function SafetyPlanPanel({ patient }: { patient: Patient }) {
  const can = usePermissions();
  const plan = useSafetyPlan(patient.id);
  const [isEditing, setIsEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);

  if (plan.isPending) return <LoadingState label="Loading the safety plan…" />;
  if (plan.isError) return <ErrorAlert error={plan.error} title="The safety plan could not be loaded" />;
  const { current, history, sections, citation } = plan.data;

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        {current ? (
          <Badge variant="outline" color="gray">
            Version {current.version}
            {current.content.isDraft ? ' (draft)' : ''}
          </Badge>
        ) : (
          <Badge variant="outline" color="gray">
            No plan yet
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          {countOf(history.length, 'version', 'versions')} in its history
        </Text>
        {can('safety-plan:write') && !isEditing ? (
          <Button
            size="sm"
            onClick={() => {
              setSaved(null);
              setIsEditing(true);
            }}
          >
            {current ? 'Edit safety plan' : 'Write safety plan'}
          </Button>
        ) : null}
      </Group>
      <div aria-live="polite">
        {saved !== null && !isEditing ? (
          <Alert color="green" variant="light" title="Safety plan saved">
            This is now version {saved}; earlier versions are kept.
          </Alert>
        ) : null}
      </div>
      {isEditing ? (
        <SafetyPlanEditor
          patientId={patient.id}
          data={plan.data}
          onCancel={() => setIsEditing(false)}
          onSaved={(version) => {
            setSaved(version);
            setIsEditing(false);
          }}
        />
      ) : current ? (
        <Stack gap="sm">
          {current.createdBy ? (
            <Text size="sm" c="dimmed">
              Saved by {current.createdBy}, {formatDateTime(current.createdAt)}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Saved {formatDateTime(current.createdAt)}
            </Text>
          )}
          {sections.map((s) => {
            const value = current.content[s.key] as ReadonlyArray<string | SafetyPlanContact> | undefined;
            return (
              <div key={s.key}>
                <Text fw={600} size="sm">
                  Step {s.step}: {s.title}
                </Text>
                {value && value.length > 0 ? (
                  <List size="sm">
                    {value.map((v, i) => (
                      <List.Item key={i}>
                        {typeof v === 'string' ? v : `${v.name}${v.phone ? `, ${v.phone}` : ''}`}
                      </List.Item>
                    ))}
                  </List>
                ) : (
                  <Text size="sm" c="dimmed">
                    Nothing written yet.
                  </Text>
                )}
              </div>
            );
          })}
          {current.content.reasonForLiving ? (
            <Text size="sm">
              <Text span fw={600}>
                Most worth living for:
              </Text>{' '}
              {current.content.reasonForLiving}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm">This patient has no safety plan yet.</Text>
      )}
      {history.length > 1 ? (
        <details>
          <summary>
            <Text span size="sm" fw={600}>
              Version history
            </Text>
          </summary>
          <List size="sm">
            {history.map((h) => (
              <List.Item key={h.version}>
                Version {h.version}: {formatDateTime(h.createdAt)}
                {h.createdBy ? `, ${h.createdBy}` : ''}
              </List.Item>
            ))}
          </List>
        </details>
      ) : null}
      <Text size="xs" c="dimmed">
        Stanley-Brown Safety Planning Intervention:{' '}
        {citation.url ? (
          <Anchor href={citation.url} size="xs" target="_blank" rel="noreferrer">
            {citation.source}
          </Anchor>
        ) : (
          citation.source
        )}
      </Text>
    </Stack>
  );
}

/** The × that removes one entry of a step. */
function RemoveEntry({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <ActionIcon variant="default" size="lg" aria-label={label} onClick={onRemove}>
      ×
    </ActionIcon>
  );
}

/** The button under a step that adds an empty entry. */
function AddEntry({ label, onAdd }: { label: string; onAdd: () => void }) {
  return (
    <Group>
      <Button size="xs" variant="light" onClick={onAdd}>
        {label}
      </Button>
    </Group>
  );
}

function SafetyPlanEditor({
  patientId,
  data,
  onCancel,
  onSaved,
}: {
  patientId: string;
  data: SafetyPlanResponse;
  onCancel: () => void;
  onSaved: (version: number) => void;
}) {
  const save = useSaveSafetyPlan(patientId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(data.current?.content, data.sections));
  const problems = isApiError(save.error) ? save.error.fieldErrors : [];
  const errorFor = (field: string) => {
    const problem = problems.find((p) => p.field === field);
    return problem ? friendlyFieldMessage(problem.message) : undefined;
  };
  const shownFields = problems.map((p) => p.field).filter((f) => f.startsWith('safetyPlan.'));
  const updateContacts = (key: string, change: (list: ContactRow[]) => ContactRow[]) =>
    setDraft((d) => ({ ...d, contacts: { ...d.contacts, [key]: change(d.contacts[key] ?? []) } }));
  const updateTexts = (key: string, change: (list: string[]) => string[]) =>
    setDraft((d) => ({ ...d, texts: { ...d.texts, [key]: change(d.texts[key] ?? []) } }));
  const setContact = (key: string, index: number, patch: Partial<ContactRow>) =>
    updateContacts(key, (list) => list.map((x, j) => (j === index ? { ...x, ...patch } : x)));

  const submit = (isDraft: boolean) =>
    save.mutate({ plan: planOf(draft), isDraft }, { onSuccess: (saved) => onSaved(saved.current?.version ?? 0) });

  return (
    <SubmitForm label="Edit safety plan" onSubmit={() => submit(false)}>
      <Stack gap="md">
        <ErrorAlert error={save.error} title="The safety plan was not saved" shownFields={shownFields} />
        <Text size="sm" c="dimmed">
          A final plan needs at least one entry in every step; save a draft to finish it later. People to ask for help
          and professionals need a phone number.
        </Text>
        {data.sections.map((s) => (
          <Fieldset key={s.key} legend={`Step ${s.step}: ${s.title}`}>
            <Text size="sm" c="dimmed" mb="xs">
              {s.prompt}
            </Text>
            {errorFor(`safetyPlan.${s.key}`) ? (
              <Text size="sm" c="red.8" role="alert" mb="xs">
                {errorFor(`safetyPlan.${s.key}`)}
              </Text>
            ) : null}
            {CONTACT_SECTIONS.has(s.key) ? (
              <Stack gap="xs">
                {(draft.contacts[s.key] ?? []).map((c, i) => (
                  <Group key={i} align="flex-end" wrap="wrap" gap="xs">
                    <TextInput
                      label={`${s.title}: name ${i + 1}`}
                      value={c.name}
                      maxLength={500}
                      onChange={(e) => setContact(s.key, i, { name: e.currentTarget.value })}
                      error={errorFor(`safetyPlan.${s.key}.${i}.name`)}
                      style={{ flex: 2, minWidth: 180 }}
                    />
                    <TextInput
                      label={`${s.title}: phone ${i + 1}${PHONE_REQUIRED.has(s.key) ? '' : ' (optional)'}`}
                      value={c.phone}
                      maxLength={30}
                      onChange={(e) => setContact(s.key, i, { phone: e.currentTarget.value })}
                      error={errorFor(`safetyPlan.${s.key}.${i}.phone`)}
                      style={{ flex: 1, minWidth: 140 }}
                    />
                    <RemoveEntry
                      label={`Remove ${s.title} entry ${i + 1}`}
                      onRemove={() => updateContacts(s.key, (list) => list.filter((_, j) => j !== i))}
                    />
                  </Group>
                ))}
                <AddEntry
                  label="Add a contact"
                  onAdd={() => updateContacts(s.key, (list) => [...list, { name: '', phone: '' }])}
                />
              </Stack>
            ) : (
              <Stack gap="xs">
                {(draft.texts[s.key] ?? []).map((t, i) => (
                  <Group key={i} align="flex-end" wrap="nowrap" gap="xs">
                    <TextInput
                      label={`${s.title} ${i + 1}`}
                      value={t}
                      maxLength={500}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        updateTexts(s.key, (list) => list.map((x, j) => (j === i ? v : x)));
                      }}
                      error={errorFor(`safetyPlan.${s.key}.${i}`)}
                      style={{ flex: 1 }}
                    />
                    <RemoveEntry
                      label={`Remove ${s.title} entry ${i + 1}`}
                      onRemove={() => updateTexts(s.key, (list) => list.filter((_, j) => j !== i))}
                    />
                  </Group>
                ))}
                <AddEntry label="Add an entry" onAdd={() => updateTexts(s.key, (list) => [...list, ''])} />
              </Stack>
            )}
          </Fieldset>
        ))}
        <Textarea
          label="What is most worth living for (optional)"
          value={draft.reasonForLiving}
          maxLength={500}
          autosize
          minRows={2}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setDraft((d) => ({ ...d, reasonForLiving: v }));
          }}
          error={errorFor('safetyPlan.reasonForLiving')}
        />
        <Text size="sm" c="dimmed">
          Saving creates version {(data.current?.version ?? 0) + 1}; earlier versions are kept.
        </Text>
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save plan
          </Button>
          <Button variant="light" onClick={() => submit(true)} disabled={save.isPending}>
            Save as draft
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </SubmitForm>
  );
}
