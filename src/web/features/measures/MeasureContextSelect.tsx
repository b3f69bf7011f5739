/** The "Context" of a measure, recorded by staff or sent to the patient as a link: when in the course of care it is. */
import { NativeSelect } from '@mantine/core';
import { MEASURE_CONTEXT_LABELS, type MeasureContext } from './measures.api';

const CONTEXT_CHOICES = Object.entries(MEASURE_CONTEXT_LABELS).map(([value, label]) => ({ value, label }));

export function MeasureContextSelect({
  value,
  onChange,
  error,
}: {
  value: MeasureContext;
  onChange: (context: MeasureContext) => void;
  error: string | undefined;
}) {
  return (
    <NativeSelect
      label="Context"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as MeasureContext)}
      data={CONTEXT_CHOICES}
      error={error}
    />
  );
}
