/**
 * The number to dial from a crisis resource's contact line, for a tap-to-call button on the patient's phone. The
 * clinic writes the line in words ("Call or text 988, or chat at 988lifeline.org"); the first number after "call",
 * "text" or "phone" is the one to dial. No number, no button: the line itself is always shown.
 */
export function phoneNumberIn(contact: string): string | null {
  const match = /(?:call|text|phone)[^0-9+]*(\+?[0-9][0-9\s().-]{1,18}[0-9]|[0-9]{3})/i.exec(contact);
  return match?.[1] ? match[1].replace(/[^0-9+]/g, '') : null;
}
