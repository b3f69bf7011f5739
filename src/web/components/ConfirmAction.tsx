/**
 * Irreversible actions (sign a plan or a note, verify a dose, stop an infusion, discharge, destroy stock) say what
 * will be recorded before they record it (issue 14). `ConfirmDialog` is the dialog itself, for a caller that opens it
 * after its own checks (a form that validates first); `ConfirmAction` is a button that opens it.
 *
 * Accessible: a Mantine Modal is a labelled `dialog` (its title), traps focus while open and returns it to the button
 * on close. Cancel takes focus first (Enter on an opened dialog records nothing); Escape and Cancel close it.
 */
import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';

export interface ConfirmDialogProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly onConfirm: () => void;
  /** The dialog's title and accessible name, e.g. "Sign this plan?". */
  readonly title: string;
  /** What will be recorded, in the clinic's words: who, what, when. */
  readonly children: ReactNode;
  /** The confirm button's text (default "Confirm"). */
  readonly confirmLabel?: string;
  /** The closing line; by default that the record cannot be undone and corrections are new entries. */
  readonly finality?: ReactNode;
}

export function ConfirmDialog({
  opened,
  onClose,
  onConfirm,
  title,
  children,
  confirmLabel = 'Confirm',
  finality,
}: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" centered returnFocus>
      <Stack gap="sm">
        <div>{children}</div>
        <Text size="sm" fw={600}>
          {finality ?? 'This cannot be undone; a correction is recorded as a new entry beside it.'}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" data-autofocus onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => {
              onClose();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export interface ConfirmActionProps extends Omit<ConfirmDialogProps, 'opened' | 'onClose'> {
  /** The button's text, e.g. "Sign plan". */
  readonly label: string;
  /** Mantine button props (color, loading, disabled, size, variant). */
  readonly buttonProps?: ButtonProps;
}

/** A button that asks first: it opens the confirmation, and only Confirm runs `onConfirm`. */
export function ConfirmAction({ label, buttonProps, ...dialog }: ConfirmActionProps) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button {...buttonProps} onClick={() => setOpened(true)}>
        {label}
      </Button>
      <ConfirmDialog {...dialog} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}

/** "10:42" now, on the clinic's clock when its time zone is known, for "Signed by you at …" lines. */
export function nowText(timeZone?: string, now: Date = new Date()): string {
  return now.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
}
