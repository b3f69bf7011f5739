/** Helpers for forms: turning the server's field errors into messages beside the right inputs. */
import { isApiError } from '../api/client';

export type FieldErrors = Partial<Record<string, string>>;

/** Ajv's wording, rephrased for people. */
export function friendlyFieldMessage(message: string): string {
  if (message === 'is required' || /fewer than 1 character/.test(message)) return 'This field is required.';
  if (/format "email"/.test(message)) return 'Enter an email address like name@example.com.';
  if (/format "date"/.test(message)) return 'Enter a date as YYYY-MM-DD.';
  if (/must match pattern/.test(message)) return 'This contains characters that are not allowed here.';
  if (/more than (\d+) characters/.test(message))
    return `This is too long (at most ${/more than (\d+)/.exec(message)?.[1]} characters).`;
  if (message === 'is not an allowed field') return 'This field is not accepted.';
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * The server's field errors for the given form fields, keyed by field name (`address.city` stays dotted).
 * A union's errors come several to a field; the first one is kept.
 */
export function fieldErrorsFrom(error: unknown, fields: readonly string[]): FieldErrors {
  const result: FieldErrors = {};
  if (!isApiError(error)) return result;
  for (const problem of error.fieldErrors) {
    if (fields.includes(problem.field) && !result[problem.field])
      result[problem.field] = friendlyFieldMessage(problem.message);
  }
  return result;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/**
 * Ties one text input to one piece of state: `<TextInput label="Method" {...textField(method, setMethod, error)} />`
 * gives the input its value, a change handler that stores what is typed, and the error to show (if any).
 */
export function textField(value: string, setValue: (value: string) => void, error?: string): TextFieldProps {
  return { value, onChange: (event) => setValue(event.currentTarget.value), error };
}

/** The keys of a draft whose values are text: what a text input edits. */
export type TextKeys<D> = { [K in keyof D]-?: D[K] extends string ? K : never }[keyof D] & string;

/** What `textFields` gives one input. */
export interface TextFieldProps {
  readonly value: string;
  readonly onChange: (event: { currentTarget: { value: string } }) => void;
  readonly error: string | undefined;
}

/**
 * Ties text inputs to a draft held in state: `const field = textFields(draft, setDraft, errors)`, then
 * `<TextInput label="County" {...field('county', 'form106.county')} />` gives the input its value, its change handler
 * and the error under the given key (by default the field's own name).
 */
export function textFields<D extends object>(
  draft: D,
  setDraft: (update: (current: D) => D) => void,
  errors: FieldErrors,
) {
  return (key: TextKeys<D>, errorKey: string = key): TextFieldProps => ({
    value: draft[key] as string,
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [key]: value }));
    },
    error: errors[errorKey],
  });
}

/** The keys of a draft whose values are yes or no: what a checkbox edits. */
export type FlagKeys<D> = { [K in keyof D]-?: D[K] extends boolean ? K : never }[keyof D] & string;

/**
 * Ties checkboxes to a draft held in state, as `textFields` does text inputs: `const flag = checkboxFields(draft,
 * setDraft)`, then `<Checkbox label="Ride home confirmed" {...flag('rideConfirmed')} />`.
 */
export function checkboxFields<D extends object>(draft: D, setDraft: (update: (current: D) => D) => void) {
  return (key: FlagKeys<D>) => ({
    checked: draft[key] as boolean,
    onChange: (event: { currentTarget: { checked: boolean } }) => {
      const checked = event.currentTarget.checked;
      setDraft((current) => ({ ...current, [key]: checked }));
    },
  });
}
