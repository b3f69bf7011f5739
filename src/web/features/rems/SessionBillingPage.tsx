import { useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { SessionPatientHeader } from '../chart/PatientHeader';
import { SuperbillPanel } from './SuperbillPanel';

/** /sessions/:id/billing: a session's billing capture (any modality) as a superbill. */
export function SessionBillingPage() {
  const { id = '' } = useParams();
  return (
    <>
      <PageHeader
        title="Session billing"
        description="CPT/HCPCS codes and ICD-10-CM diagnoses for a superbill, computed from the session record; capture them to keep a copy."
      />
      <SessionPatientHeader sessionId={id} />
      <SuperbillPanel sessionId={id} />
    </>
  );
}
