/**
 * One step of the treatment day shown as a bordered panel under its `<h3>` title (prepared dose, infusion, devices,
 * timeline, adverse events, discharge, the note), with what belongs beside the title (a state badge, an action
 * button) at the far end of its line. With `label` it is a `<section>` named so; `urgent` draws its border red and
 * thicker while it holds something that needs action now (an open monitoring alert, a suicide-risk block).
 */
import type { ReactNode } from 'react';
import { Group, Paper, Stack, Title, type MantineSpacing } from '@mantine/core';

export function StepPanel({
  title,
  aside,
  gap = 'sm',
  label,
  urgent = false,
  children,
}: {
  readonly title: ReactNode;
  readonly aside?: ReactNode;
  readonly label?: string;
  readonly urgent?: boolean;
  readonly gap?: MantineSpacing;
  readonly children: ReactNode;
}) {
  const heading = (
    <Title order={3} size="h4">
      {title}
    </Title>
  );
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      {...(label ? { component: 'section', 'aria-label': label } : {})}
      {...(urgent ? { style: { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 } } : {})}
    >
      <Stack gap={gap}>
        {aside === undefined ? (
          heading
        ) : (
          <Group justify="space-between">
            {heading}
            {aside}
          </Group>
        )}
        {children}
      </Stack>
    </Paper>
  );
}
