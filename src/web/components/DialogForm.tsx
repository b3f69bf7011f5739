/**
 * A form in a dialog: the Modal titled `title`, one form named by `label` for assistive technology, its parts in a
 * column and FormActions (Cancel and the submit button) under them. Submitting it (button or Enter) calls
 * `onSubmit` without reloading the page; Cancel and the dialog's close button call `onClose`.
 */
import type { ReactNode } from 'react';
import { Modal, Stack, type MantineSize } from '@mantine/core';
import { FormActions, type FormActionsProps } from './FormActions';

export interface DialogFormProps extends Omit<FormActionsProps, 'onCancel'> {
  readonly title: string;
  readonly label: string;
  readonly onClose: () => void;
  readonly onSubmit: () => void;
  readonly size?: MantineSize;
  readonly children: ReactNode;
}

export function DialogForm({ title, label, onClose, onSubmit, size, children, ...actions }: DialogFormProps) {
  return (
    <Modal opened onClose={onClose} title={title} {...(size ? { size } : {})}>
      <form
        noValidate
        aria-label={label}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="md">
          {children}
          <FormActions onCancel={onClose} {...actions} />
        </Stack>
      </form>
    </Modal>
  );
}
