/**
 * "Registration": what the front desk records about a patient (preferred name and language, emergency contact,
 * insurance, who drives them home). It is part of the intake's versions but holds no clinical history: the front
 * desk sees only this part (issue 10, item 16); clinicians see it here and in the full intake.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { isApiError } from '../../api/client';
import { SUBSCRIBER_RELATIONSHIPS } from '../../../contract/code-lists';
import { choicesOf } from '../../components/choices';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ConflictAlert } from '../../components/ConflictAlert';
import { formatDateTime } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import {
  useRegistration,
  useSaveRegistration,
  type Insurance,
  type Registration,
  type RegistrationVersion,
} from './intake.api';

interface FormValues {
  preferredName: string;
  pronouns: string;
  language: string;
  contactName: string;
  contactRelationship: string;
  contactPhone: string;
  payer: string;
  planName: string;
  memberId: string;
  groupNumber: string;
  subscriberName: string;
  subscriberRelationship: string;
  selfPay: boolean;
  rideName: string;
  rideRelationship: string;
  ridePhone: string;
  rideNotes: string;
}

function formOf(r: Registration | null): FormValues {
  return {
    preferredName: r?.demographics?.preferredName ?? '',
    pronouns: r?.demographics?.pronouns ?? '',
    language: r?.demographics?.language ?? '',
    contactName: r?.emergencyContact?.name ?? '',
    contactRelationship: r?.emergencyContact?.relationship ?? '',
    contactPhone: r?.emergencyContact?.phone ?? '',
    payer: r?.insurance?.payer ?? '',
    planName: r?.insurance?.planName ?? '',
    memberId: r?.insurance?.memberId ?? '',
    groupNumber: r?.insurance?.groupNumber ?? '',
    subscriberName: r?.insurance?.subscriberName ?? '',
    subscriberRelationship: r?.insurance?.subscriberRelationship ?? '',
    selfPay: r?.insurance?.selfPay ?? false,
    rideName: r?.ride?.name ?? '',
    rideRelationship: r?.ride?.relationship ?? '',
    ridePhone: r?.ride?.phone ?? '',
    rideNotes: r?.ride?.notes ?? '',
  };
}

/** Empty fields are left out; a section with nothing in it is left out. Other demographics fields are kept. */
function registrationOf(values: FormValues, base: Registration | null): Registration {
  const pick = <T extends Record<string, unknown>>(object: T): T | undefined => {
    const kept = Object.fromEntries(
      Object.entries(object).filter(([, v]) => v !== '' && v !== undefined && v !== false),
    ) as T;
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  const t = (s: string) => s.trim();
  const demographics = pick({
    ...(base?.demographics ?? {}),
    preferredName: t(values.preferredName),
    pronouns: t(values.pronouns),
    language: t(values.language),
  });
  const contact = pick({
    name: t(values.contactName),
    relationship: t(values.contactRelationship),
    phone: t(values.contactPhone),
  });
  const insurance = pick({
    payer: t(values.payer),
    planName: t(values.planName),
    memberId: t(values.memberId),
    groupNumber: t(values.groupNumber),
    subscriberName: t(values.subscriberName),
    subscriberRelationship: values.subscriberRelationship,
    selfPay: values.selfPay,
  }) as Insurance | undefined;
  const ride = pick({
    name: t(values.rideName),
    relationship: t(values.rideRelationship),
    phone: t(values.ridePhone),
    notes: t(values.rideNotes),
  });
  return {
    ...(demographics ? { demographics } : {}),
    ...(contact ? { emergencyContact: contact as NonNullable<Registration['emergencyContact']> } : {}),
    ...(insurance ? { insurance } : {}),
    ...(ride ? { ride } : {}),
  };
}

export function RegistrationPanel({ patient }: { patient: Patient }) {
  const registration = useRegistration(patient.id);
  return (
    <Stack gap="md">
      {registration.isPending ? <LoadingState label="Loading the registration…" /> : null}
      <ErrorAlert error={registration.error} title="The registration could not be loaded" />
      {registration.data ? (
        <RegistrationSection
          patientId={patient.id}
          current={registration.data}
          onReload={() => registration.refetch()}
        />
      ) : null}
    </Stack>
  );
}

function RegistrationSection({
  patientId,
  current,
  onReload,
}: {
  patientId: string;
  current: RegistrationVersion;
  onReload: () => Promise<unknown>;
}) {
  const can = usePermissions();
  const save = useSaveRegistration(patientId);
  const [isEditing, setIsEditing] = useState(false);
  const [values, setValues] = useState<FormValues>(() => formOf(current.registration));
  const [saved, setSaved] = useState(false);
  const isConflict = isApiError(save.error) && save.error.status === 409;
  const r = current.registration;

  const set = (key: keyof FormValues) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };
  const fieldError = (field: string) =>
    isApiError(save.error) ? save.error.fieldError(`registration.${field}`) : undefined;
  /** Name, relationship and phone of a person (the emergency contact, the driver home); `path` is the server's. */
  const personInputs = (
    person: 'contact' | 'ride',
    path: string,
    [name, relationship, phone]: readonly [string, string, string],
  ) => (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <TextInput
        label={name}
        value={values[`${person}Name`]}
        onChange={set(`${person}Name`)}
        maxLength={200}
        error={fieldError(`${path}.name`)}
      />
      <TextInput
        label={relationship}
        value={values[`${person}Relationship`]}
        onChange={set(`${person}Relationship`)}
        maxLength={60}
      />
      <TextInput
        label={phone}
        type="tel"
        value={values[`${person}Phone`]}
        onChange={set(`${person}Phone`)}
        maxLength={40}
        error={fieldError(`${path}.phone`)}
      />
    </SimpleGrid>
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { baseVersion: current.version ?? 0, registration: registrationOf(values, r) },
      {
        onSuccess: () => {
          setSaved(true);
          setIsEditing(false);
        },
      },
    );
  };

  if (!isEditing) {
    const ins = r?.insurance;
    return (
      <Stack gap="sm">
        <div aria-live="polite">
          {saved ? (
            <Alert color="green" variant="light" title="Registration saved">
              The registration is saved.
            </Alert>
          ) : null}
        </div>
        {current.version === null || !r || Object.keys(r).length === 0 ? (
          <Text c="dimmed">Nothing registered yet.</Text>
        ) : (
          <DescriptionList
            items={[
              { term: 'Preferred name', value: r.demographics?.preferredName ?? '—' },
              { term: 'Language', value: r.demographics?.language ?? '—' },
              {
                term: 'Emergency contact',
                value: r.emergencyContact
                  ? `${r.emergencyContact.name}${r.emergencyContact.relationship ? ` (${r.emergencyContact.relationship})` : ''}, ${r.emergencyContact.phone}`
                  : '—',
              },
              {
                term: 'Insurance',
                value: ins
                  ? ins.selfPay
                    ? 'Self-pay'
                    : [
                        ins.payer,
                        ins.planName,
                        ins.memberId && `member ${ins.memberId}`,
                        ins.groupNumber && `group ${ins.groupNumber}`,
                      ]
                        .filter(Boolean)
                        .join(', ') || '—'
                  : '—',
              },
              {
                term: 'Ride home',
                value: r.ride
                  ? [r.ride.name, r.ride.relationship && `(${r.ride.relationship})`, r.ride.phone]
                      .filter(Boolean)
                      .join(' ') || '—'
                  : '—',
              },
            ]}
          />
        )}
        {current.savedAt ? (
          <Text size="xs" c="dimmed">
            Last saved {formatDateTime(current.savedAt)}
            {current.savedBy ? ` by ${current.savedBy.displayName}` : ''}.
          </Text>
        ) : null}
        {can('registration:write') ? (
          <div>
            <Button
              variant="default"
              onClick={() => {
                save.reset();
                setSaved(false);
                setValues(formOf(current.registration));
                setIsEditing(true);
              }}
            >
              Edit registration
            </Button>
          </div>
        ) : null}
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Registration">
      <Stack gap="md">
        {isConflict ? (
          <ConflictAlert
            title="Someone else saved in the meantime"
            onReload={() =>
              void onReload().then(() => {
                save.reset();
                setIsEditing(false);
              })
            }
          >
            A newer version was saved after you opened this one, so yours was not saved. Load the latest, then make your
            changes again.
          </ConflictAlert>
        ) : (
          <ErrorAlert error={save.error} />
        )}
        <Title order={4} size="h5">
          About the patient
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Preferred name"
            value={values.preferredName}
            onChange={set('preferredName')}
            maxLength={100}
            error={fieldError('demographics.preferredName')}
          />
          <TextInput label="Pronouns" value={values.pronouns} onChange={set('pronouns')} maxLength={40} />
          <TextInput label="Language" value={values.language} onChange={set('language')} maxLength={60} />
        </SimpleGrid>
        <Title order={4} size="h5">
          Emergency contact
        </Title>
        {personInputs('contact', 'emergencyContact', ['Contact name', 'Relationship', 'Contact phone'])}
        <Title order={4} size="h5">
          Insurance
        </Title>
        <Checkbox
          label="Self-pay"
          checked={values.selfPay}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setValues((v) => ({ ...v, selfPay: checked }));
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Payer" value={values.payer} onChange={set('payer')} maxLength={100} />
          <TextInput label="Plan" value={values.planName} onChange={set('planName')} maxLength={100} />
          <TextInput label="Member ID" value={values.memberId} onChange={set('memberId')} maxLength={60} />
          <TextInput label="Group number" value={values.groupNumber} onChange={set('groupNumber')} maxLength={60} />
          <TextInput
            label="Subscriber"
            value={values.subscriberName}
            onChange={set('subscriberName')}
            maxLength={200}
          />
          <NativeSelect
            label="Subscriber is the patient's"
            value={values.subscriberRelationship}
            onChange={set('subscriberRelationship')}
            data={[
              { value: '', label: '—' },
              ...choicesOf(SUBSCRIBER_RELATIONSHIPS, {
                self: 'Self',
                spouse: 'Spouse',
                parent: 'Parent',
                other: 'Other',
              }),
            ]}
          />
        </SimpleGrid>
        <Title order={4} size="h5">
          Ride home
        </Title>
        {personInputs('ride', 'ride', ["Driver's name", "Driver's relationship", "Driver's phone"])}
        <TextInput label="Ride notes" value={values.rideNotes} onChange={set('rideNotes')} maxLength={300} />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            Save registration
          </Button>
          <Button
            variant="default"
            onClick={() => {
              save.reset();
              setIsEditing(false);
            }}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
