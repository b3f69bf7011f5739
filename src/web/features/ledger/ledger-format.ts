/**
 * Controlled-substance amounts on screen and in forms. Pure functions. The rule: a quantity is shown exactly as the
 * ledger holds it, with its unit (mg, mL, devices), and what a user types is sent as the same text; nothing is
 * rounded. Integer units from the API (micrograms, devices) become text by integer arithmetic, never by floats.
 */
import type { FieldErrors } from '../../components/forms';
import type { AmountInput, Balance, CountLineInput, LedgerProduct, WitnessInput } from './ledger.api';
import { countOf } from '../../components/format';

/** 36500 -> "36.5", 500000 -> "500", -1500 -> "-1.5": thousandths as exact decimal text. */
export function thousandthsText(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer amount: ${value}`);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 1000);
  const fraction = abs % 1000;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}

/**
 * An amount in the ledger's unit with its unit: micrograms as "36.5 mg", devices as "3 devices". The contract
 * carries the unit as a plain string ('ug' or 'device').
 */
export function unitsText(unit: string, quantity: number): string {
  if (unit === 'device') return `${quantity} device${Math.abs(quantity) === 1 ? '' : 's'}`;
  return `${thousandthsText(quantity)} mg`;
}

/** The API's exact milligram text with its unit ("4900" -> "4900 mg"). */
export function mgText(mg: string): string {
  return `${mg} mg`;
}

/** "vial"/"kit", plural when needed. */
export function containersText(kind: 'vial' | 'kit', count: number): string {
  return countOf(count, kind, `${kind}s`);
}

const DECIMAL = /^\d+(\.\d{1,3})?$/;

/**
 * The amount a user typed, checked but not changed: "36.5" stays "36.5". Refuses more than three decimals rather
 * than rounding (the server would refuse them too), and commas, signs and units typed into the box.
 */
export function checkDecimal(
  text: string,
  unitName: 'mg' | 'mL',
): { ok: true; value: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `Enter the amount in ${unitName}.` };
  if (!DECIMAL.test(trimmed)) {
    return /^\d+\.\d{4,}$/.test(trimmed)
      ? { ok: false, message: `Use at most 3 decimals: amounts are never rounded.` }
      : { ok: false, message: `Enter a number of ${unitName}, like 36.5 (digits and one point).` };
  }
  return { ok: true, value: trimmed };
}

/** A whole, non-negative number typed into a box ("12"), or undefined. */
export function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

export interface AmountDraft {
  /** mg of a solution; with or without mL. */
  readonly mg: string;
  /** mL of a solution; optional beside mg. */
  readonly ml: string;
  /** Whole nasal-spray devices. */
  readonly devices: string;
}

export const EMPTY_AMOUNT: AmountDraft = { mg: '', ml: '', devices: '' };

export type AmountErrors = Partial<Record<keyof AmountDraft, string>>;

/** The request fields an amount's server errors come under. */
export const AMOUNT_FIELDS = ['amount', 'amount.mg', 'amount.ml', 'amount.devices'];

/** The server's errors on the amount, beside AmountFields' boxes: one on the whole `amount` shows under mg. */
export function amountErrorsOf(server: FieldErrors): AmountErrors {
  return { mg: server['amount.mg'] ?? server['amount'], ml: server['amount.ml'], devices: server['amount.devices'] };
}

/**
 * The request's `amount` for a product: `{ mg, ml? }` or `{ ml }` for a solution, `{ devices }` for a kit. For a
 * solution, mg or mL (or both, which the server checks against the concentration) must be given.
 */
export function amountFromDraft(
  product: Pick<LedgerProduct, 'unit'>,
  draft: AmountDraft,
): { ok: true; amount: AmountInput } | { ok: false; errors: AmountErrors } {
  if (product.unit === 'device') {
    const devices = wholeNumber(draft.devices);
    if (devices === undefined || devices === 0)
      return { ok: false, errors: { devices: 'Enter a whole number of devices (1 or more).' } };
    return { ok: true, amount: { devices } };
  }
  const hasMg = draft.mg.trim() !== '';
  const hasMl = draft.ml.trim() !== '';
  if (!hasMg && !hasMl)
    return { ok: false, errors: { mg: 'Enter the amount in mg (and mL if you measured the volume).' } };
  const errors: AmountErrors = {};
  const amount: { mg?: string; ml?: string } = {};
  if (hasMg) {
    const mg = checkDecimal(draft.mg, 'mg');
    if (mg.ok) amount.mg = mg.value;
    else errors.mg = mg.message;
  }
  if (hasMl) {
    const ml = checkDecimal(draft.ml, 'mL');
    if (ml.ok) amount.ml = ml.value;
    else errors.ml = ml.message;
  }
  if (errors.mg || errors.ml) return { ok: false, errors };
  return { ok: true, amount };
}

/** The first characters of a SHA-256 hash, enough to compare by eye; the full hash is in the title. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** "2026-12-02" shifted by whole days, as YYYY-MM-DD (calendar arithmetic in UTC, no time-zone shift). */
export function shiftIsoDate(isoDate: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return date.toISOString().slice(0, 10);
}

/** Readable names for the ledger's entry kinds. */
export const ENTRY_KIND_LABELS: Readonly<Record<string, string>> = {
  receipt: 'Receipt',
  draw: 'Draw',
  administration: 'Administration',
  waste: 'Waste',
  transfer: 'Transfer',
  'return-to-supplier': 'Return to supplier',
  destruction: 'Destruction',
  loss: 'Loss report',
  count: 'Count',
  'discrepancy-resolution': 'Discrepancy resolution',
  correction: 'Correction',
};

/** The witness's name from an entry's event (`witness` or `witnesses`), when it has one. */
export function witnessNames(event: Readonly<Record<string, unknown>>): string | undefined {
  const name = (w: unknown) =>
    w && typeof w === 'object' && 'name' in w && typeof w.name === 'string' ? w.name : undefined;
  const single = name(event['witness']);
  if (single) return single;
  const many = event['witnesses'];
  if (Array.isArray(many)) {
    const names = many.map(name).filter((n): n is string => Boolean(n));
    if (names.length > 0) return names.join(' and ');
  }
  return undefined;
}

export interface WitnessDraft {
  readonly email: string;
  readonly password: string;
  readonly totpCode: string;
}

export const EMPTY_WITNESS: WitnessDraft = { email: '', password: '', totpCode: '' };

/** The witness's credentials for the request, or an error per field. */
export function witnessFromDraft(
  draft: WitnessDraft,
): { ok: true; witness: WitnessInput } | { ok: false; errors: Partial<Record<string, string>> } {
  const email = draft.email.trim();
  const errors: Partial<Record<string, string>> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors['witness.email'] = 'Enter the witness’s email address, like name@example.com.';
  const code = draft.totpCode.trim();
  if (!draft.password && !code)
    errors['witness.password'] = 'The witness enters their own password (or a code from their authenticator app).';
  if (code && !/^\d{6}$/.test(code))
    errors['witness.totpCode'] = 'Enter the 6-digit code from the witness’s authenticator app.';
  if (Object.values(errors).some(Boolean)) return { ok: false, errors };
  return { ok: true, witness: draft.password ? { email, password: draft.password } : { email, totpCode: code } };
}

/** The key of one lot in one location: a "Lot and location" option's value. */
export const balanceKey = (b: Pick<Balance, 'ndc' | 'lot' | 'locationId'>): string =>
  `${b.ndc}|${b.lot}|${b.locationId}`;

/** The key of one lot's row in a count form (and the prefix of its field errors). */
export const countLineKey = (b: { readonly ndc: string; readonly lot: string }): string => `${b.ndc}|${b.lot}`;

/**
 * One lot's counted line from what was typed: the full containers (a whole number, required) and what is left in an
 * opened one (mg, or whole devices for a device kit; blank or 0 devices means none). Errors are keyed
 * `<countLineKey>:full` and `<countLineKey>:opened`; `fullMessage` is the page's wording for a missing full count.
 */
export function parseCountLine(
  b: { readonly ndc: string; readonly lot: string; readonly unit: string },
  draft: { readonly full: string; readonly opened: string },
  fullMessage: string,
): { line?: CountLineInput; errors: Record<string, string> } {
  const key = countLineKey(b);
  const errors: Record<string, string> = {};
  const full = wholeNumber(draft.full);
  if (full === undefined) errors[`${key}:full`] = fullMessage;
  let opened: AmountInput | undefined;
  if (draft.opened.trim() !== '') {
    if (b.unit === 'device') {
      const devices = wholeNumber(draft.opened);
      if (devices === undefined) errors[`${key}:opened`] = 'Enter a whole number of devices.';
      else if (devices > 0) opened = { devices };
    } else {
      const mg = checkDecimal(draft.opened, 'mg');
      if (!mg.ok) errors[`${key}:opened`] = mg.message;
      else opened = { mg: mg.value };
    }
  }
  return {
    ...(full !== undefined
      ? { line: { ndc: b.ndc, lot: b.lot, fullContainers: full, ...(opened ? { opened } : {}) } }
      : {}),
    errors,
  };
}

const SESSION_ID = /\bsession [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

/**
 * A ledger entry's one-line summary as a person reads it (issue 14): storage locations by their names ("Main safe
 * (medication room)", not "main-safe") and no session ids ("for the session"; the entry's page links the session).
 */
export function readableSummary(
  summary: string,
  locations: readonly { readonly locationId: string; readonly name: string }[] = [],
): string {
  let text = summary.replace(SESSION_ID, 'the session');
  for (const { locationId, name } of [...locations].sort((a, b) => b.locationId.length - a.locationId.length)) {
    text = text.replace(
      new RegExp(`(^|[\\s(])${locationId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s,;:).])`, 'g'),
      `$1${name}`,
    );
  }
  return text;
}
