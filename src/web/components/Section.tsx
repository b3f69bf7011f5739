/**
 * A titled part of a page: a bordered `section` named by its `<h2>` (id `${id}-heading`, which a form inside may
 * also use as its `aria-labelledby`), with an optional dimmed line under the title.
 */
import type { ReactNode } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';

export interface SectionProps {
  /** The heading's id is `${id}-heading`. */
  readonly id: string;
  readonly title: ReactNode;
  readonly children: ReactNode;
  readonly description?: ReactNode;
}

export function Section({ id, title, children, description }: SectionProps) {
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby={`${id}-heading`}>
      <Title order={2} size="h3" id={`${id}-heading`} mb={description ? 'xs' : 'md'}>
        {title}
      </Title>
      {description ? (
        <Text c="dimmed" mb="md">
          {description}
        </Text>
      ) : null}
      {children}
    </Paper>
  );
}

/**
 * A Section that holds one form, named for assistive technology by the section's heading. Submitting it (button or
 * Enter) calls `onSubmit` without reloading the page; the form's parts stand in a column.
 */
export function FormSection({ onSubmit, children, ...section }: Omit<SectionProps, 'children'> & FormBodyProps) {
  return (
    <Section {...section}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
        noValidate
        aria-labelledby={`${section.id}-heading`}
      >
        <Stack gap="md">{children}</Stack>
      </form>
    </Section>
  );
}

interface FormBodyProps {
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}
