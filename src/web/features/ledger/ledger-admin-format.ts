/**
 * Pure helpers for the ledger's admin pages: the loss-report deadlines against the clinic's calendar date, dollars
 * typed for Form 106 as whole cents (integer arithmetic, never floats), and the checks a product or safe gets before
 * it is sent. Dates are clinic calendar dates `YYYY-MM-DD`; "today" is passed in, never read here.
 */
import { STAFF_ROLES, type StaffRole } from '../../api/types';
import type { LocationInput, ProductInput } from './ledger-admin.api';
import { wholeNumber } from './ledger-format';
import { todayIn } from '../schedule/week';
import { countOf } from '../../components/format';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

/** The calendar date of `now` on the clinic's clock (the browser's zone while the clinic's is unknown). */
export function clinicToday(now: Date, timeZone?: string): string {
  return todayIn(timeZone, now);
}

export type DeadlineState =
  | { readonly state: 'upcoming'; readonly daysLeft: number }
  | { readonly state: 'due-today' }
  | { readonly state: 'overdue'; readonly daysLate: number };

/**
 * A deadline met by the end of `dueBy` (clinic time): still open up to and including that day, overdue the day after.
 * The server gives `dueBy` (1 business day, or 45 calendar days after discovery); this only compares it with today.
 */
export function deadlineState(dueBy: string, today: string): DeadlineState {
  const difference = dayNumber(dueBy) - dayNumber(today);
  if (difference > 0) return { state: 'upcoming', daysLeft: difference };
  if (difference === 0) return { state: 'due-today' };
  return { state: 'overdue', daysLate: -difference };
}

/** "Due today", "Due in 3 days", "Overdue by 1 day". */
export function deadlineLabel(status: DeadlineState): string {
  if (status.state === 'due-today') return 'Due today';
  if (status.state === 'upcoming') return `Due in ${countOf(status.daysLeft, 'day', 'days')}`;
  return `Overdue by ${countOf(status.daysLate, 'day', 'days')}`;
}

/** "1234.5" or "$1,234.50" -> 123450 cents; undefined when it is not an amount of money. */
export function dollarsToCents(text: string): number | undefined {
  const cleaned = text
    .trim()
    .replace(/^\$/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 123450 -> "$1,234.50". */
export function centsText(cents: number): string {
  const dollars = Math.floor(cents / 100);
  return `$${dollars.toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
}

/** What the server would make of a name as an id: "Second safe (IV room)" -> "second-safe-iv-room". */
export function slugFromName(name: string, maxLength = 40): string {
  return name
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

const NDC = /^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2})$/;
const VOLUME = /^\d+(\.\d{1,3})?$/;

export interface ProductDraft {
  readonly displayName: string;
  readonly drug: 'ketamine-hcl' | 'esketamine-hcl';
  readonly ndc: string;
  readonly packageDescription: string;
  readonly concentrationMgPerMl: string;
  readonly containerVolumeMl: string;
  readonly devicesPerKit: string;
  readonly ndcSource: string;
}

export const EMPTY_PRODUCT: ProductDraft = {
  displayName: '',
  drug: 'ketamine-hcl',
  ndc: '',
  packageDescription: '',
  concentrationMgPerMl: '',
  containerVolumeMl: '',
  devicesPerKit: '',
  ndcSource: '',
};

type Errors = Partial<Record<string, string>>;

/** The product request, or an error per field: a solution needs its mg/mL and vial volume, a kit its devices. */
export function productFromDraft(
  draft: ProductDraft,
): { ok: true; product: ProductInput } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const displayName = draft.displayName.trim();
  const productId = slugFromName(displayName, 60);
  if (!displayName) errors['displayName'] = 'Enter the product’s name, e.g. Ketamine HCl 50 mg/mL, 10 mL vial.';
  else if (!productId) errors['displayName'] = 'The name needs letters or digits.';
  const ndc = draft.ndc.trim();
  if (!NDC.test(ndc))
    errors['ndc'] = 'Enter the NDC with its dashes as printed on the carton, e.g. 0409-2051-15 or 50458-028-02.';
  const packageDescription = draft.packageDescription.trim();
  if (!packageDescription)
    errors['packageDescription'] = 'Describe the package, e.g. 10 mL multi-dose vial, carton of 10.';
  let specific: Pick<ProductInput, 'concentrationMgPerMl' | 'containerVolumeMl' | 'devicesPerKit'> = {};
  if (draft.drug === 'ketamine-hcl') {
    const concentration = wholeNumber(draft.concentrationMgPerMl);
    if (concentration === undefined || concentration < 1 || concentration > 1000)
      errors['concentrationMgPerMl'] = 'Enter the concentration in whole mg per mL (1 to 1000).';
    const volume = draft.containerVolumeMl.trim();
    if (!VOLUME.test(volume) || !/[1-9]/.test(volume))
      errors['containerVolumeMl'] = 'Enter the vial’s volume in mL, up to 3 decimals, e.g. 10.';
    if (concentration !== undefined) specific = { concentrationMgPerMl: concentration, containerVolumeMl: volume };
  } else {
    const devices = wholeNumber(draft.devicesPerKit);
    if (devices === undefined || devices < 1 || devices > 20)
      errors['devicesPerKit'] = 'Enter the number of nasal-spray devices in a kit (1 to 20).';
    specific = { devicesPerKit: devices };
  }
  if (Object.values(errors).some(Boolean)) return { ok: false, errors };
  const ndcSource = draft.ndcSource.trim();
  return {
    ok: true,
    product: {
      productId,
      displayName,
      drug: draft.drug,
      ndc,
      packageDescription,
      ...specific,
      ...(ndcSource ? { ndcSource } : {}),
    },
  };
}

/** The safe request, or an error per field. No role ticked means any ledger user may open it: say so, but allow it. */
export function locationFromDraft(
  name: string,
  roles: readonly StaffRole[],
): { ok: true; location: LocationInput } | { ok: false; errors: Errors } {
  const trimmed = name.trim();
  if (!trimmed) return { ok: false, errors: { name: 'Enter the safe’s name, e.g. Second safe (IV room).' } };
  if (!slugFromName(trimmed)) return { ok: false, errors: { name: 'The name needs letters or digits.' } };
  return { ok: true, location: { name: trimmed, openableByRoles: [...new Set(roles)] } };
}

/** "Admin, Nurse" or "Any ledger user" for an empty list (the server's rule). */
export function rolesText(roles: readonly string[], labels: Readonly<Record<StaffRole, string>>): string {
  return roles.length === 0
    ? 'Any ledger user'
    : roles
        .map((r) => STAFF_ROLES.find((role) => role === r))
        .map((role, i) => (role ? labels[role] : roles[i]))
        .join(', ');
}

/** The staff roles among a safe's roles (the contract carries them as plain strings). */
export function staffRolesOf(roles: readonly string[]): StaffRole[] {
  return STAFF_ROLES.filter((role) => roles.includes(role));
}
