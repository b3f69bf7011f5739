import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PatientForm, formValuesOf } from './PatientForm';
import { useCreatePatient } from './patients.api';

export interface PatientPageState {
  /** Set by the create page, so the detail page can confirm the registration. */
  readonly created?: boolean;
}

export function PatientCreatePage() {
  const create = useCreatePatient();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="New patient" description="A medical record number (MRN) is assigned when you save." />
      <PatientForm
        ariaLabel="New patient"
        initialValues={formValuesOf()}
        submitLabel="Register patient"
        isPending={create.isPending}
        serverError={create.error}
        onSubmit={(input) =>
          create.mutate(input, {
            onSuccess: (patient) => {
              void navigate(`/patients/${patient.id}`, { state: { created: true } satisfies PatientPageState });
            },
          })
        }
        onCancel={() => {
          void navigate('/patients');
        }}
      />
    </>
  );
}
