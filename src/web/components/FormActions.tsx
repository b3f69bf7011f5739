/**
 * The buttons under a form in a dialog: Cancel (closes without saving) and the submit button, which names what it
 * saves ("Save correction") and spins while the request runs.
 */
import { Button, Group, type MantineColor } from '@mantine/core';

export interface FormActionsProps {
  readonly onCancel: () => void;
  readonly submitLabel: string;
  readonly isPending: boolean;
  /** The submit button's colour when it is not the theme's (e.g. "red.9" for acknowledging an alert). */
  readonly color?: MantineColor;
}

export function FormActions({ onCancel, submitLabel, isPending, color }: FormActionsProps) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={isPending} {...(color ? { color } : {})}>
        {submitLabel}
      </Button>
    </Group>
  );
}
