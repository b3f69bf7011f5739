/**
 * The "Consent" section of a patient's record: whether each modality has a current consent, the signatures on file,
 * and signing at the desk: the patient reads the current document, types their name and ticks the box. The
 * signature stores the document's version and SHA-256 (sent back exactly as shown).
 */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom } from '../../components/forms';
import { formatCalendarDate, formatDateTime } from '../../components/format';
import { LoadingState, QueryStatus } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import { MODALITIES, MODALITY_LABELS, modalityLabel, type Modality } from './care-codes';
import { parseConsentText, parseInline } from './consent-text';
import { useConsentDocument, useConsentDocuments, usePatientConsents, useSignConsent } from './intake.api';
import { SendConsentCopyButton } from '../appointments/SendConsentCopyButton';
import { DataTable } from '../../components/DataTable';
import { TitledForm } from '../../components/SubmitForm';

export function ConsentPanel({ patient }: { patient: Patient }) {
  const can = usePermissions();
  const consents = usePatientConsents(patient.id);
  return (
    <Stack gap="lg">
      <QueryStatus query={consents} failed="The consents could not be loaded" loading="Loading the consents…" />
      {consents.data ? (
        <DataTable
          caption="Consent by modality"
          columns={['Modality', 'Consent', 'Details']}
          minWidth={480}
          verticalSpacing="xs"
        >
          {consents.data.status.map((s) => (
            <Table.Tr key={s.modality}>
              <Table.Td>{modalityLabel(s.modality)}</Table.Td>
              <Table.Td>
                {s.current ? (
                  <Badge color="green">Current</Badge>
                ) : (
                  <Badge color="gray" variant="outline">
                    None current
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.message}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      ) : null}
      {can('consent:collect') ? <SignConsent patient={patient} /> : null}
      {consents.data && consents.data.signatures.length > 0 ? (
        <section aria-labelledby={`signatures-${patient.id}`}>
          <Title order={3} size="h5" id={`signatures-${patient.id}`} mb="xs">
            Signatures on file
          </Title>
          <DataTable
            caption="Consent signatures"
            columns={[
              'Signed',
              'Modality',
              'Document',
              'Typed name',
              'Recorded by',
              ...(can('consent:collect') ? ["Patient's copy"] : []),
            ]}
            minWidth={560}
            verticalSpacing="xs"
          >
            {consents.data.signatures.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{formatDateTime(s.signedAt)}</Table.Td>
                <Table.Td>{modalityLabel(s.modality)}</Table.Td>
                <Table.Td>
                  {s.documentId} v{s.version}{' '}
                  <Text span size="xs" c="dimmed" title={s.sha256}>
                    (SHA-256 {s.sha256.slice(0, 12)}…)
                  </Text>
                </Table.Td>
                <Table.Td>{s.typedName}</Table.Td>
                <Table.Td>{s.recordedBy?.displayName ?? s.via}</Table.Td>
                {can('consent:collect') ? (
                  <Table.Td>
                    <SendConsentCopyButton
                      patientId={patient.id}
                      signatureId={s.id}
                      hasEmail={Boolean(patient.email)}
                    />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </DataTable>
        </section>
      ) : null}
    </Stack>
  );
}

function SignConsent({ patient }: { patient: Patient }) {
  const documents = useConsentDocuments();
  const [modality, setModality] = useState<Modality>('iv-ketamine');
  const summary = documents.data?.items.find((d) => d.modality === modality && d.isCurrent);
  const document = useConsentDocument(summary?.id);
  const sign = useSignConsent(patient.id);
  const [typedName, setTypedName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [errors, setErrors] = useState<{ typedName?: string; agreed?: string }>({});
  const serverErrors = fieldErrorsFrom(sign.error, ['typedName']);

  const submit = () => {
    const found: { typedName?: string; agreed?: string } = {};
    if (typedName.trim().length < 2) found.typedName = 'The patient types their full name.';
    if (!agreed) found.agreed = 'The patient ticks the box to agree.';
    setErrors(found);
    if (found.typedName || found.agreed || !document.data) return;
    const d = document.data;
    sign.mutate(
      { modality, documentId: d.id, version: d.version, sha256: d.sha256, typedName: typedName.trim(), agreed: true },
      {
        onSuccess: () => {
          setTypedName('');
          setAgreed(false);
        },
      },
    );
  };

  return (
    <TitledForm title="Sign a consent" onSubmit={submit}>
      <Stack gap="sm">
        <NativeSelect
          label="Consent for"
          value={modality}
          data={MODALITIES.map((m) => ({ value: m, label: MODALITY_LABELS[m] }))}
          onChange={(e) => {
            setModality(e.currentTarget.value as Modality);
            sign.reset();
          }}
        />
        {documents.isPending || document.isFetching ? <LoadingState label="Loading the consent document…" /> : null}
        <ErrorAlert error={documents.error ?? document.error} title="The consent document could not be loaded" />
        {document.data ? (
          <>
            <Text size="sm" fw={600}>
              {document.data.title}{' '}
              <Text span size="sm" c="dimmed">
                (version {document.data.version}, effective {formatCalendarDate(document.data.effectiveDate)})
              </Text>
            </Text>
            <ScrollArea.Autosize
              mah={260}
              type="auto"
              offsetScrollbars
              viewportProps={{ tabIndex: 0 }}
              style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
            >
              <ConsentText body={document.data.body} />
            </ScrollArea.Autosize>
            <TextInput
              label="Patient's typed name"
              value={typedName}
              error={errors.typedName ?? serverErrors['typedName']}
              onChange={(e) => setTypedName(e.currentTarget.value)}
              maw={400}
            />
            <Checkbox
              label="The patient has read this document and agrees"
              checked={agreed}
              error={errors.agreed}
              onChange={(e) => setAgreed(e.currentTarget.checked)}
            />
            <Group>
              <Button type="submit" loading={sign.isPending}>
                Record signature
              </Button>
            </Group>
          </>
        ) : null}
        <ErrorAlert error={sign.error} shownFields={['typedName']} title="The signature was not recorded" />
        <div aria-live="polite">
          {sign.data ? (
            <Alert color="green" variant="light" title="Consent signed">
              {modalityLabel(sign.data.signature.modality)}: {sign.data.status.message}
              {sign.data.typedNameMatchesPatient
                ? ''
                : ' The typed name differs from the name on the record: check it with the patient.'}
            </Alert>
          ) : null}
        </div>
      </Stack>
    </TitledForm>
  );
}

function Inline({ text }: { text: string }) {
  return (
    <>
      {parseInline(text).map((part, i) =>
        part.isBold ? <strong key={i}>{part.text}</strong> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

/** The document as the patient reads it: headings, paragraphs, lists (headings below the panel's own levels). */
function ConsentText({ body }: { body: string }) {
  return (
    <div role="document" aria-label="Consent document text" style={{ padding: 'var(--mantine-spacing-sm)' }}>
      {parseConsentText(body).map((block, i) => {
        if (block.kind === 'heading')
          return (
            <Title
              key={i}
              order={block.level === 1 ? 4 : 5}
              size={block.level === 1 ? 'h5' : 'h6'}
              mt={i === 0 ? 0 : 'sm'}
              mb={4}
            >
              <Inline text={block.text} />
            </Title>
          );
        if (block.kind === 'list')
          return (
            <List key={i} size="sm" spacing={4} mb="xs">
              {block.items.map((item, j) => (
                <List.Item key={j}>
                  <Inline text={item} />
                </List.Item>
              ))}
            </List>
          );
        return (
          <Text key={i} size="sm" mb="xs">
            <Inline text={block.text} />
          </Text>
        );
      })}
    </div>
  );
}
