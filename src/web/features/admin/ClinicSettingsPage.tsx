/**
 * Clinic settings (issue 14), for the admin: how every page shows dates and times. The clinic's locale (date order
 * and month names), its 12- or 24-hour clock and its time zone, saved with PUT /api/clinic/care-settings; the
 * session is reloaded after a save, so the new format applies at once. An example line shows the choice before
 * it is saved.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { createFormatter } from '../../components/format';
import { fieldErrorsFrom } from '../../components/forms';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import {
  useClinicDisplaySettings,
  useSaveClinicDisplaySettings,
  type ClinicDisplaySettings,
} from './clinic-settings.api';

/** Common locales for a clinic; the clinic's current one is added when it is not among them. */
const COMMON_LOCALES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'en-US', label: 'English (United States)' },
  { value: 'en-GB', label: 'English (United Kingdom)' },
  { value: 'en-CA', label: 'English (Canada)' },
  { value: 'en-AU', label: 'English (Australia)' },
  { value: 'es-US', label: 'Spanish (United States)' },
  { value: 'fr-CA', label: 'French (Canada)' },
  { value: 'de-DE', label: 'German (Germany)' },
  { value: 'nl-NL', label: 'Dutch (Netherlands)' },
];

const FIELD_LABELS: Record<keyof ClinicDisplaySettings, string> = {
  locale: 'Locale',
  hourCycle: 'Clock',
  timeZone: 'Time zone',
};

/** A fixed moment (not the clock) to show the chosen format on: 5 December 2026, 21:42 on the clinic's wall clock. */
const EXAMPLE = '2026-12-05T21:42';

export function ClinicSettingsPage() {
  const settings = useClinicDisplaySettings();
  const save = useSaveClinicDisplaySettings();
  // The admin's edits over the stored values (dropped after a save, when the stored values are reloaded).
  const [edits, setEdits] = useState<Partial<ClinicDisplaySettings>>({});
  const [saved, setSaved] = useState<readonly string[]>([]);
  const draft: ClinicDisplaySettings | undefined = settings.data
    ? { locale: settings.data.locale, hourCycle: settings.data.hourCycle, timeZone: settings.data.timeZone, ...edits }
    : undefined;
  const edit = (change: Partial<ClinicDisplaySettings>) => setEdits((e) => ({ ...e, ...change }));

  const fieldErrors = fieldErrorsFrom(save.error, ['locale', 'hourCycle', 'timeZone']);
  const locales =
    settings.data && !COMMON_LOCALES.some((l) => l.value === settings.data.locale)
      ? [...COMMON_LOCALES, { value: settings.data.locale, label: `${settings.data.locale} (current)` }]
      : COMMON_LOCALES;
  const example = draft ? exampleOf(draft) : '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft || !settings.data) return;
    const current = settings.data;
    const change: Partial<ClinicDisplaySettings> = {
      ...(draft.locale !== current.locale ? { locale: draft.locale } : {}),
      ...(draft.hourCycle !== current.hourCycle ? { hourCycle: draft.hourCycle } : {}),
      ...(draft.timeZone.trim() !== current.timeZone ? { timeZone: draft.timeZone.trim() } : {}),
    };
    setSaved([]);
    const names = (Object.keys(change) as Array<keyof ClinicDisplaySettings>).map((k) => FIELD_LABELS[k].toLowerCase());
    if (names.length === 0) {
      setSaved(['nothing']);
      return;
    }
    save.mutate(change, {
      onSuccess: () => {
        setEdits({});
        setSaved(names);
      },
    });
  }

  return (
    <>
      <PageHeader title="Clinic settings" description="How every page shows dates and times for this clinic." />
      <QueryStatus
        query={settings}
        failed="The clinic settings could not be loaded"
        loading="Loading the clinic settings…"
      />
      {draft ? (
        <Paper withBorder p="md" maw={640}>
          <form onSubmit={submit} noValidate aria-labelledby="date-time-heading">
            <Stack gap="md">
              <Title order={2} size="h3" id="date-time-heading">
                Dates and times
              </Title>
              <NativeSelect
                label="Locale"
                description="The order of day and month, and the month names."
                value={draft.locale}
                data={locales}
                error={fieldErrors.locale}
                onChange={(e) => edit({ locale: e.currentTarget.value })}
              />
              <Radio.Group
                label="Clock"
                value={draft.hourCycle}
                error={fieldErrors.hourCycle}
                onChange={(value) => edit({ hourCycle: value === 'h12' ? 'h12' : 'h23' })}
              >
                <Group mt="xs">
                  <Radio value="h12" label="12-hour (9:42 PM)" />
                  <Radio value="h23" label="24-hour (21:42)" />
                </Group>
              </Radio.Group>
              <TextInput
                label="Time zone"
                description="An IANA time zone, such as America/New_York. Appointments keep their wall-clock times."
                value={draft.timeZone}
                error={fieldErrors.timeZone}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => edit({ timeZone: e.currentTarget.value })}
              />
              <Text size="sm" aria-live="polite">
                Example:{' '}
                <Text span fw={600}>
                  {example}
                </Text>
              </Text>
              <ErrorAlert
                error={save.error}
                title="The settings were not saved"
                shownFields={['locale', 'hourCycle', 'timeZone']}
              />
              {saved.length > 0 && !save.isPending && !save.error ? (
                <Alert
                  color="green"
                  variant="light"
                  role="status"
                  title={saved[0] === 'nothing' ? 'Nothing to save' : 'Settings saved'}
                >
                  <Text size="sm">
                    {saved[0] === 'nothing'
                      ? 'No setting was changed.'
                      : `Saved: ${saved.join(', ')}. Every page now uses the new format.`}
                  </Text>
                </Alert>
              ) : null}
              <Group>
                <Button type="submit" loading={save.isPending}>
                  Save settings
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : null}
    </>
  );
}

/** The example line in the chosen format; an unknown locale or zone shows a note instead of failing. */
function exampleOf(draft: ClinicDisplaySettings): string {
  try {
    return createFormatter({ locale: draft.locale, hourCycle: draft.hourCycle, timeZone: 'UTC' }).dateTime(EXAMPLE);
  } catch {
    return 'not available for this locale';
  }
}
