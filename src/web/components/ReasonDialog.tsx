/**
 * A dialog that records one thing the user must explain in words (acknowledging a checklist warning or a monitoring
 * alert): what the dialog says first (`children`), the request's error, then the required reason, a ReasonField of
 * three rows. Submitting with no reason shows `missing` under the field; otherwise `onConfirm` gets the trimmed text.
 * The server's message for the reason (under the name `field`, e.g. "reason" or "action") shows under the field too.
 */
import type { ReactNode } from 'react';
import { DialogForm, type DialogFormProps } from './DialogForm';
import { ErrorAlert } from './ErrorAlert';
import { fieldErrorsFrom } from './forms';
import { ReasonField, useReason } from './ReasonField';

export interface ReasonDialogProps extends Omit<DialogFormProps, 'onSubmit' | 'children'> {
  /** The request's error, if it failed. */
  readonly error: unknown;
  /** The error alert's title: "The warning was not acknowledged". */
  readonly errorTitle: string;
  /** The server's name for the reason in the request body. */
  readonly field: string;
  readonly reasonLabel: string;
  readonly reasonDescription?: string;
  /** Shown under the field when the form is sent without a reason: "Say what was done." */
  readonly missing: string;
  readonly onConfirm: (reason: string) => void;
  readonly children: ReactNode;
}

export function ReasonDialog({
  error,
  errorTitle,
  field,
  reasonLabel,
  reasonDescription,
  missing,
  onConfirm,
  children,
  ...dialog
}: ReasonDialogProps) {
  const reason = useReason();
  const server = fieldErrorsFrom(error, [field]);
  return (
    <DialogForm
      {...dialog}
      onSubmit={() => {
        if (reason.require(missing)) onConfirm(reason.text);
      }}
    >
      {children}
      <ErrorAlert error={error} title={errorTitle} shownFields={[field]} />
      <ReasonField
        label={reasonLabel}
        description={reasonDescription}
        {...reason.field}
        error={reason.field.error ?? server[field]}
        minRows={3}
        withAsterisk
      />
    </DialogForm>
  );
}
