/**
 * A form named by `label` for assistive technology, whose inputs the app checks itself (`noValidate`, so the
 * browser's own bubbles stay quiet). Submitting it (button or Enter) calls `onSubmit` without reloading the page.
 */
import type { ReactNode } from 'react';

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
