/**
 * A dialog that holds one form: the dialog's title (its close button named "Close"), the form named by `label` for
 * assistive technology, its fields stacked, then the Cancel and submit buttons (FormActions). Submitting it (button
 * or Enter) calls `onSubmit` without reloading the page.
 */
import type { ReactNode } from 'react';
import { Modal, Stack, type MantineColor, type MantineSize } from '@mantine/core';
import { FormActions } from './FormActions';
import { SubmitForm } from './SubmitForm';

export interface DialogFormProps {
  readonly title: ReactNode;
  readonly label: string;
  readonly onClose: () => void;
  readonly onSubmit: () => void;
  readonly submitLabel: string;
  readonly isPending: boolean;
  readonly size?: MantineSize;
  /** The submit button's colour when it is not the theme's. */
  readonly submitColor?: MantineColor;
  /** The closing button's label when "Cancel" would be read as the action ("Keep it", "Close"). */
  readonly cancelLabel?: string;
  readonly children: ReactNode;
}

export function DialogForm({
  title,
  label,
  onClose,
  onSubmit,
  submitLabel,
  isPending,
  size = 'lg',
  submitColor,
  cancelLabel,
  children,
}: DialogFormProps) {
  return (
    <Modal opened onClose={onClose} title={title} size={size} closeButtonProps={{ 'aria-label': 'Close' }}>
      <SubmitForm label={label} onSubmit={onSubmit}>
        <Stack gap="md">
          {children}
          <FormActions
            onCancel={onClose}
            submitLabel={submitLabel}
            isPending={isPending}
            {...(submitColor ? { color: submitColor } : {})}
            {...(cancelLabel ? { cancelLabel } : {})}
          />
        </Stack>
      </SubmitForm>
    </Modal>
  );
}
