import { useState } from 'react';
import { Button, List, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCalendarDate, formatDateTime } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import { useRemsEnrolments } from './rems.api';
import { EnrolmentForm } from './rems-components';

/**
 * Patient panel "SPRAVATO REMS enrolment": whether the patient is enrolled (date, REMS patient ID, earlier records),
 * and, for roles with rems:manage, a form to record it: outpatient settings enrol a patient before the first
 * esketamine treatment, and the pre-session checklist blocks the session until it is recorded.
 */
export function RemsEnrolmentPanel({ patient }: { patient: Patient }) {
  const can = usePermissions();
  const [query] = useRemsEnrolments([patient.id], true);
  const [isRecording, setRecording] = useState(false);
  const [status, setStatus] = useState('');
  const name = `${patient.givenName} ${patient.familyName}`;
  const data = query?.data;
  return (
    <Stack gap="sm">
      <ErrorAlert error={query?.error} title="The REMS enrolment could not be loaded" />
      {query?.isPending ? <LoadingState label="Loading the REMS enrolment…" /> : null}
      {data ? (
        <Text fw={600}>
          {data.current
            ? `Enrolled ${formatCalendarDate(data.current.enrolledOn)}${data.current.remsPatientId ? ` · REMS ID ${data.current.remsPatientId}` : ''}`
            : 'Not enrolled in the SPRAVATO REMS (needed before a first esketamine treatment).'}
        </Text>
      ) : null}
      {data && data.history.length > 1 ? (
        <List size="sm" aria-label="Earlier enrolment records">
          {data.history.slice(1).map((h) => (
            <List.Item key={h.id}>
              Enrolled {formatCalendarDate(h.enrolledOn)}
              {h.remsPatientId ? ` · REMS ID ${h.remsPatientId}` : ''} (recorded {formatDateTime(h.recordedAt)})
            </List.Item>
          ))}
        </List>
      ) : null}
      {data && can('rems:manage') && !isRecording ? (
        <div>
          <Button
            variant="light"
            onClick={() => {
              setRecording(true);
              setStatus('');
            }}
          >
            {data.enrolled ? 'Record a new enrolment' : 'Record enrolment'}
          </Button>
        </div>
      ) : null}
      {isRecording ? (
        <EnrolmentForm
          patientId={patient.id}
          patientName={name}
          onDone={() => {
            setRecording(false);
            setStatus('REMS enrolment recorded.');
          }}
        />
      ) : null}
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
    </Stack>
  );
}
