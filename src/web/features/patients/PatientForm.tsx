import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, type FieldErrors } from '../../components/forms';
import { todayIsoDate } from '../../components/format';
import { FIELD_LABELS, SEX_LABELS } from './patient-fields';
import type { Address, Patient, PatientInput, Sex } from './patients.api';
import { PATIENT_EDITABLE_FIELDS } from '../../../contract/patient-fields';

export interface PatientFormValues {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex | '';
  phone: string;
  email: string;
  line: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

/** Server field names, as the API names them in its errors: the editable fields, the address by its parts. */
const FORM_FIELDS: readonly string[] = [
  ...PATIENT_EDITABLE_FIELDS.filter((field) => field !== 'address'),
  'address.line',
  'address.city',
  'address.region',
  'address.postalCode',
  'address.country',
];

export function formValuesOf(patient?: Patient): PatientFormValues {
  return {
    givenName: patient?.givenName ?? '',
    familyName: patient?.familyName ?? '',
    dateOfBirth: patient?.dateOfBirth ?? '',
    sex: patient?.sex ?? '',
    phone: patient?.phone ?? '',
    email: patient?.email ?? '',
    line: patient?.address?.line ?? '',
    city: patient?.address?.city ?? '',
    region: patient?.address?.region ?? '',
    postalCode: patient?.address?.postalCode ?? '',
    country: patient?.address?.country ?? '',
  };
}

/** The request body: trimmed, blanks as null (so clearing a phone number clears it), no empty address. */
export function patientInputOf(values: PatientFormValues): PatientInput {
  const address: Record<string, string> = {};
  for (const key of ['line', 'city', 'region', 'postalCode', 'country'] as const) {
    const text = values[key].trim();
    if (text) address[key] = text;
  }
  return {
    givenName: values.givenName.trim(),
    familyName: values.familyName.trim(),
    dateOfBirth: values.dateOfBirth,
    sex: values.sex as Sex,
    phone: values.phone.trim() || null,
    email: values.email.trim() || null,
    address: Object.keys(address).length > 0 ? (address as Address) : null,
  };
}

/** The checks the server makes too, done first so mistakes show without a round trip. */
export function validatePatientForm(values: PatientFormValues, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.givenName.trim()) errors.givenName = 'Enter the given (first) name.';
  if (!values.familyName.trim()) errors.familyName = 'Enter the family name (surname).';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.dateOfBirth)) errors.dateOfBirth = 'Enter the date of birth.';
  else if (values.dateOfBirth > today) errors.dateOfBirth = 'The date of birth cannot be in the future.';
  else if (values.dateOfBirth < '1900-01-01') errors.dateOfBirth = 'Check the year of birth.';
  if (!values.sex) errors.sex = 'Choose one (Unknown is allowed).';
  if (values.phone && !/^[0-9+()\-. ]*$/.test(values.phone)) errors.phone = 'Use digits, spaces and + ( ) - . only.';
  if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
    errors.email = 'Enter an email address like name@example.com.';
  return errors;
}

interface PatientFormProps {
  readonly initialValues: PatientFormValues;
  readonly submitLabel: string;
  readonly isPending: boolean;
  /** The last server error; its field errors show beside the fields. */
  readonly serverError: unknown;
  readonly onSubmit: (input: PatientInput) => void;
  readonly onCancel?: () => void;
  /** Shown above the fields (a conflict notice, for example). */
  readonly notice?: ReactNode;
  /** Labels the form for assistive technology. */
  readonly ariaLabel: string;
}

export function PatientForm({
  initialValues,
  submitLabel,
  isPending,
  serverError,
  onSubmit,
  onCancel,
  notice,
  ariaLabel,
}: PatientFormProps) {
  const [values, setValues] = useState(initialValues);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const today = todayIsoDate();

  const serverErrors = fieldErrorsFrom(serverError, FORM_FIELDS);
  const errors = hasErrors(clientErrors) ? clientErrors : serverErrors;

  // After a refused submit, put the keyboard on the first field that needs fixing.
  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt, serverError]);

  const set = (key: keyof PatientFormValues) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((current) => ({ ...current, [key]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePatientForm(values, today);
    setClientErrors(found);
    setAttempt((n) => n + 1);
    if (!hasErrors(found)) onSubmit(patientInputOf(values));
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={ariaLabel}>
      <Stack gap="md">
        {notice}
        {hasErrors(clientErrors) ? null : <ErrorAlert error={serverError} shownFields={FORM_FIELDS} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={FIELD_LABELS.givenName}
            required
            autoComplete="off"
            value={values.givenName}
            onChange={set('givenName')}
            error={errors.givenName}
            maxLength={100}
          />
          <TextInput
            label={FIELD_LABELS.familyName}
            required
            autoComplete="off"
            value={values.familyName}
            onChange={set('familyName')}
            error={errors.familyName}
            maxLength={100}
          />
          <TextInput
            label={FIELD_LABELS.dateOfBirth}
            type="date"
            required
            value={values.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={errors.dateOfBirth}
            max={today}
            min="1900-01-01"
          />
          <NativeSelect
            label={FIELD_LABELS.sex}
            required
            value={values.sex}
            onChange={set('sex')}
            error={errors.sex}
            data={[
              { value: '', label: 'Choose…', disabled: true },
              ...Object.entries(SEX_LABELS).map(([value, label]) => ({ value, label })),
            ]}
          />
          <TextInput
            label={FIELD_LABELS.phone}
            type="tel"
            autoComplete="off"
            value={values.phone}
            onChange={set('phone')}
            error={errors.phone}
            maxLength={40}
          />
          <TextInput
            label={FIELD_LABELS.email}
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={set('email')}
            error={errors.email}
            maxLength={200}
          />
        </SimpleGrid>
        <Fieldset
          legend="Address (optional)"
          variant="unstyled"
          p={0}
          m={0}
          styles={{ legend: { fontWeight: 700, marginBottom: 'var(--mantine-spacing-xs)' } }}
        >
          <Stack gap="md">
            <TextInput
              label={FIELD_LABELS['address.line']}
              autoComplete="off"
              value={values.line}
              onChange={set('line')}
              error={errors['address.line']}
              maxLength={200}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={FIELD_LABELS['address.city']}
                autoComplete="off"
                value={values.city}
                onChange={set('city')}
                error={errors['address.city']}
                maxLength={100}
              />
              <TextInput
                label={FIELD_LABELS['address.region']}
                autoComplete="off"
                value={values.region}
                onChange={set('region')}
                error={errors['address.region']}
                maxLength={100}
              />
              <TextInput
                label={FIELD_LABELS['address.postalCode']}
                autoComplete="off"
                value={values.postalCode}
                onChange={set('postalCode')}
                error={errors['address.postalCode']}
                maxLength={20}
              />
              <TextInput
                label={FIELD_LABELS['address.country']}
                autoComplete="off"
                value={values.country}
                onChange={set('country')}
                error={errors['address.country']}
                maxLength={100}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Group gap="sm">
          <Button type="submit" loading={isPending}>
            {submitLabel}
          </Button>
          {onCancel ? (
            <Button variant="default" onClick={onCancel} disabled={isPending}>
              Cancel
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
