/**
 * A form named by `label` for assistive technology, whose inputs the app checks itself (`noValidate`, so the
 * browser's own bubbles stay quiet). Submitting it (button or Enter) calls `onSubmit` without reloading the page.
 */
import type { ReactNode } from 'react';
import { Title } from '@mantine/core';

export function SubmitForm({
  label,
  onSubmit,
  children,
}: {
  readonly label: string;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}) {
  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** A SubmitForm headed by its own `<h3>`, whose words also name the form ("Move the session", "Sign a consent"). */
export function TitledForm({
  title,
  onSubmit,
  children,
}: {
  readonly title: string;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}) {
  return (
    <SubmitForm label={title} onSubmit={onSubmit}>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </SubmitForm>
  );
}
