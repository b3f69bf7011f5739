/**
 * Self-intake on the patient's record: send the patient a single-use link to fill in their intake (and sign a
 * consent) on their phone, then review what they sent and accept it into the record: the registration and
 * contacts (front desk and clinicians), the health history (clinicians, who alone see it).
 */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  List,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import { MODALITIES, type Modality } from '../intake/care-codes';
import type { Patient } from '../patients/patients.api';
import {
  useAcceptSelfIntake,
  useCreateSelfIntakeLink,
  useSelfIntakeLinks,
  type CreatedSelfIntakeLink,
  type SelfIntakeLink,
} from './self-intake.api';

/** The consent a link may ask the patient to sign: one per modality (the domain's codes and order), in these words. */
const CONSENT_LABELS: Readonly<Record<Modality, string>> = {
  'iv-ketamine': 'IV ketamine',
  'im-ketamine': 'IM ketamine',
  'esketamine-nasal': 'Esketamine nasal spray (Spravato)',
  kap: 'Ketamine-assisted psychotherapy',
  'iv-ketamine-pain': 'IV ketamine for chronic pain',
};

const CONSENT_CHOICES = [
  { value: '', label: 'No consent to sign' },
  ...MODALITIES.map((modality) => ({ value: modality, label: CONSENT_LABELS[modality] })),
];

export function SelfIntakePanel({ patient }: { patient: Patient }) {
  const can = usePermissions();
  const links = useSelfIntakeLinks(patient.id);
  const create = useCreateSelfIntakeLink(patient.id);
  const [consentModality, setConsentModality] = useState('');
  const [created, setCreated] = useState<CreatedSelfIntakeLink | null>(null);
  const url = created ? `${window.location.origin}${created.path}` : '';

  return (
    <Stack gap="md">
      {can('registration:write') ? (
        created ? (
          <Alert color="green" variant="light" title="Self-intake link created">
            <Stack gap="xs">
              <Text size="sm">
                Give this link to the patient; it works once, until {formatDateTime(created.expiresAt)}. It is shown
                only now.
              </Text>
              <Group align="flex-end">
                <TextInput
                  label="Self-intake link"
                  value={url}
                  readOnly
                  style={{ flex: 1, minWidth: 240 }}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button variant="default" onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Group>
                <Button variant="subtle" onClick={() => setCreated(null)}>
                  Done
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <form
            aria-label="Send self-intake link"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate(consentModality ? { consentModality } : {}, { onSuccess: setCreated });
            }}
          >
            <Group align="flex-end">
              <NativeSelect
                label="Consent for the patient to sign"
                value={consentModality}
                onChange={(e) => setConsentModality(e.currentTarget.value)}
                data={CONSENT_CHOICES}
              />
              <Button type="submit" loading={create.isPending}>
                Create self-intake link
              </Button>
            </Group>
            <ErrorAlert error={create.error} title="The link was not created" />
          </form>
        )
      ) : null}
      <QueryStatus
        query={links}
        failed="The self-intake links could not be loaded"
        loading="Loading self-intake links…"
      />
      {links.data && links.data.items.length === 0 ? <Text size="sm">No self-intake link sent yet.</Text> : null}
      {links.data?.items.map((link) => (
        <LinkReview key={link.id} patientId={patient.id} link={link} />
      ))}
    </Stack>
  );
}

function LinkReview({ patientId, link }: { patientId: string; link: SelfIntakeLink }) {
  const can = usePermissions();
  const accept = useAcceptSelfIntake(patientId);
  const s = link.submission;
  const statusBadge =
    link.status === 'submitted' ? (
      <Badge color="blue" variant="light">
        Sent by the patient
      </Badge>
    ) : link.status === 'open' ? (
      <Badge color="gray" variant="light">
        Waiting for the patient
      </Badge>
    ) : (
      <Badge color="gray" variant="outline">
        Expired
      </Badge>
    );
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      component="article"
      aria-label={`Self-intake link created ${formatDateTime(link.createdAt)}`}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Created {formatDateTime(link.createdAt)}
            {link.submittedAt
              ? `, sent ${formatDateTime(link.submittedAt)}`
              : `, expires ${formatDateTime(link.expiresAt)}`}
          </Text>
          {statusBadge}
        </Group>
        {link.consentModality ? (
          <Text size="sm">
            Consent ({link.consentModality}): {link.consentSigned ? 'signed by the patient' : 'not signed yet'}
          </Text>
        ) : null}
        <ErrorAlert error={accept.error} title="Not accepted" />
        {s ? (
          <>
            <Title order={3} size="h5">
              Contacts and registration
            </Title>
            <List size="sm" spacing={2}>
              {s.contact?.phone ? <List.Item>Phone: {s.contact.phone}</List.Item> : null}
              {s.contact?.email ? <List.Item>Email: {s.contact.email}</List.Item> : null}
              {s.registration?.emergencyContact ? (
                <List.Item>
                  Emergency contact: {s.registration.emergencyContact.name}
                  {s.registration.emergencyContact.relationship
                    ? ` (${s.registration.emergencyContact.relationship})`
                    : ''}
                  , {s.registration.emergencyContact.phone}
                </List.Item>
              ) : null}
              {s.registration?.ride ? (
                <List.Item>
                  Ride home: {[s.registration.ride.name, s.registration.ride.phone].filter(Boolean).join(', ')}
                </List.Item>
              ) : null}
              {!s.contact && !s.registration ? <List.Item>Nothing sent</List.Item> : null}
            </List>
            {link.registrationAccepted ? (
              <Text size="sm" c="dimmed">
                Accepted by {link.registrationAccepted.by}, {formatDateTime(link.registrationAccepted.at)} (intake
                version {link.registrationAccepted.intakeVersion}).
              </Text>
            ) : can('registration:write') && (s.contact || s.registration) ? (
              <Group>
                <Button
                  size="xs"
                  loading={accept.isPending && accept.variables?.part === 'registration'}
                  onClick={() => accept.mutate({ linkId: link.id, part: 'registration' })}
                >
                  Accept registration into the record
                </Button>
              </Group>
            ) : null}

            {s.hasHealth ? (
              <>
                <Title order={3} size="h5">
                  Health history
                </Title>
                {s.health ? (
                  <List size="sm" spacing={2}>
                    {s.health.heightCm !== undefined || s.health.weightKg !== undefined ? (
                      <List.Item>
                        Height {s.health.heightCm ?? '—'} cm, weight {s.health.weightKg ?? '—'} kg
                      </List.Item>
                    ) : null}
                    {s.health.medications ? (
                      <List.Item>
                        Medicines:{' '}
                        {s.health.medications.map((m) => `${m.name}${m.dose ? ` ${m.dose}` : ''}`).join('; ') || 'none'}
                      </List.Item>
                    ) : null}
                    {s.health.allergies ? (
                      <List.Item>
                        Allergies:{' '}
                        {s.health.allergies
                          .map((a) => `${a.substance}${a.reaction ? ` (${a.reaction})` : ''}`)
                          .join('; ') || 'none known'}
                      </List.Item>
                    ) : null}
                    {s.health.trials ? (
                      <List.Item>
                        Antidepressants tried:{' '}
                        {s.health.trials
                          .map(
                            (t) =>
                              `${t.drug} ${t.doseMgPerDay} mg/day for ${t.weeks} weeks (${t.outcome.replace(/-/g, ' ')})`,
                          )
                          .join('; ')}
                      </List.Item>
                    ) : null}
                    {s.health.history ? (
                      <List.Item>
                        History:{' '}
                        {Object.entries(s.health.history)
                          .map(([k, v]) => `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${String(v)}`)
                          .join('; ')}
                      </List.Item>
                    ) : null}
                  </List>
                ) : (
                  <Text size="sm">The patient sent a health history; clinical staff review it.</Text>
                )}
                {link.clinicalAccepted ? (
                  <Text size="sm" c="dimmed">
                    Accepted by {link.clinicalAccepted.by}, {formatDateTime(link.clinicalAccepted.at)} (intake version{' '}
                    {link.clinicalAccepted.intakeVersion}).
                  </Text>
                ) : can('intake:write') ? (
                  <Group>
                    <Button
                      size="xs"
                      loading={accept.isPending && accept.variables?.part === 'clinical'}
                      onClick={() => accept.mutate({ linkId: link.id, part: 'clinical' })}
                    >
                      Accept health history into the intake
                    </Button>
                  </Group>
                ) : null}
              </>
            ) : null}
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
