/**
 * A confirmation shown in place, above the list it acts on (revoking a token or a client, changing an account): an
 * `alertdialog` that names the action, with the confirming button first and Cancel beside it. For actions recorded
 * on a patient's chart, use `ConfirmDialog` (ConfirmAction.tsx), which also says that the record cannot be undone.
 */
import type { ReactNode } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';

export interface InlineConfirmProps {
  /** The accessible name, e.g. "Confirm revoking". */
  readonly label: string;
  /** What will happen, as a question. */
  readonly children: ReactNode;
  /** The confirming button's text, e.g. "Yes, revoke". */
  readonly confirmLabel: string;
  readonly isPending: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function InlineConfirm({ label, children, confirmLabel, isPending, onConfirm, onCancel }: InlineConfirmProps) {
  return (
    <Alert color="yellow" variant="light" title="Please confirm" role="alertdialog" aria-label={label}>
      <Text mb="sm">{children}</Text>
      <Group gap="sm">
        <Button color="red" loading={isPending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </Alert>
  );
}
