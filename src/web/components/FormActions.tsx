/**
 * The buttons under a form in a dialog: Cancel (closes without saving; another word where the dialog needs one,
 * "Close", "Keep it") and the submit button, which names what it saves ("Save correction") and spins while the
 * request runs.
 */
import type { ReactNode } from 'react';
import { Button, Group, type MantineColor } from '@mantine/core';

export interface FormActionsProps {
  readonly onCancel: () => void;
  readonly submitLabel: string;
  readonly isPending: boolean;
  /** The submit button's colour when it is not the theme's (e.g. "red.9" for acknowledging an alert). */
  readonly color?: MantineColor;
  /** The closing button's label when "Cancel" would be read as the action (e.g. "Keep it" beside "Cancel appointment"). */
  readonly cancelLabel?: string;
}

export function FormActions({ onCancel, submitLabel, isPending, color, cancelLabel = 'Cancel' }: FormActionsProps) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {cancelLabel}
      </Button>
      <Button type="submit" loading={isPending} {...(color ? { color } : {})}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** A form's one submit button on its own line (not stretched), naming what it records and spinning while it runs. */
export function SubmitButton({
  isPending,
  disabled = false,
  children,
}: {
  readonly isPending: boolean;
  readonly disabled?: boolean;
  readonly children: ReactNode;
}) {
  return (
    <div>
      <Button type="submit" loading={isPending} disabled={disabled}>
        {children}
      </Button>
    </div>
  );
}
