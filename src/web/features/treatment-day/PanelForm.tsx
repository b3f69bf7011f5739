/**
 * A treatment-day step that records something (check-in, preparing the dose, an observation): a bordered panel
 * holding one form, named by `label` for assistive technology, under its `<h3>` title. Submitting it (button or
 * Enter) calls `onSubmit` without reloading the page.
 */
import type { ReactNode } from 'react';
import { Paper, Stack, Title, type MantineSpacing } from '@mantine/core';
import { SubmitForm } from '../../components/SubmitForm';

export function PanelForm({
  label,
  title,
  onSubmit,
  gap = 'md',
  children,
}: {
  readonly label: string;
  readonly title: ReactNode;
  readonly onSubmit: () => void;
  readonly gap?: MantineSpacing;
  readonly children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md">
      <SubmitForm label={label} onSubmit={onSubmit}>
        <Stack gap={gap}>
          <Title order={3} size="h4">
            {title}
          </Title>
          {children}
        </Stack>
      </SubmitForm>
    </Paper>
  );
}
