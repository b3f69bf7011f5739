/**
 * A date-and-time input (the browser's own picker) whose value is a wall-clock minute, "2026-11-03T09:30": the
 * seconds some browsers add are cut off before `onChange` hears the value.
 */
import { TextInput, type TextInputProps } from '@mantine/core';

export function MinuteInput({
  onChange,
  ...props
}: Omit<TextInputProps, 'type' | 'onChange' | 'value'> & {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return <TextInput {...props} type="datetime-local" onChange={(e) => onChange(e.currentTarget.value.slice(0, 16))} />;
}
