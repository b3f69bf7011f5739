/**
 * A reason the user types and the record keeps beside an action (acknowledging a warning or an alert, pausing an
 * infusion, overriding a discharge): `useReason()` holds the text and the message shown while it is missing, and
 * `<ReasonField label="…" {...reason.field} />` is the textarea that grows with it (at most 1,000 characters unless
 * told otherwise). Typing clears the message.
 */
import { useState } from 'react';
import { Textarea, type TextareaProps } from '@mantine/core';

/** What `useReason` gives the field: its text, its change handler and the message under it. */
export interface ReasonBinding {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly error: string | undefined;
}

export interface Reason {
  /** What was typed, trimmed. */
  readonly text: string;
  readonly field: ReasonBinding;
  /** True when a reason was typed; otherwise shows `message` under the field and returns false. */
  readonly require: (message: string) => boolean;
  /** Empties the field (after the action it explained was recorded). */
  readonly clear: () => void;
}

export function useReason(): Reason {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  return {
    text: value.trim(),
    field: {
      value,
      onChange: (text) => {
        setValue(text);
        setError(undefined);
      },
      error,
    },
    require: (message) => {
      if (value.trim()) return true;
      setError(message);
      return false;
    },
    clear: () => {
      setValue('');
      setError(undefined);
    },
  };
}

export function ReasonField({
  onChange,
  minRows = 2,
  maxLength = 1000,
  ...props
}: Omit<TextareaProps, 'onChange' | 'value'> & { readonly value: string; readonly onChange: (text: string) => void }) {
  return (
    <Textarea
      {...props}
      autosize
      minRows={minRows}
      maxLength={maxLength}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
