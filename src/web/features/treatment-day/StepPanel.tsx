/**
 * One step of the treatment day shown as a bordered panel under its `<h3>` title (prepared dose, infusion, devices,
 * timeline, adverse events, discharge, the note), with what belongs beside the title (a state badge, an action
 * button) at the far end of its line.
 */
import type { ReactNode } from 'react';
import { Group, Paper, Stack, Title, type MantineSpacing } from '@mantine/core';

export function StepPanel({
  title,
  aside,
  gap = 'sm',
  children,
}: {
  readonly title: ReactNode;
  readonly aside?: ReactNode;
  readonly gap?: MantineSpacing;
  readonly children: ReactNode;
}) {
  const heading = (
    <Title order={3} size="h4">
      {title}
    </Title>
  );
  return (
    <Paper withBorder p="md" radius="md">
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
