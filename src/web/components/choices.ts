/**
 * A select's options for a code list that lives in the domain or the contract: the values come from that list, in
 * its order, and the labels from a record keyed by its type, so the compiler refuses a label for a code that does
 * not exist and a code left without a label. The web never spells out the list itself (issue 13).
 */
export function choicesOf<const T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
