import type { Citation } from '../shared/citation.js';
import { DomainValidationError } from '../shared/validation.js';
import { CFR_1301_76_B, CFR_1304_11, FORM_106_45_DAYS } from './citations.js';
import { addDays, addYears, dateOfInstant, dayOfWeek, daysBetween, isIsoDate, isIsoInstant } from './dates.js';
import type { IsoDate, IsoInstant, LedgerEntry } from './entries.js';

/**
 * Regulatory deadlines, as calendar dates in the clinic's time zone (the caller passes dates, never "now").
 *
 * Theft or significant loss (21 CFR 1301.76(b)):
 *   - written notice to the DEA Field Division Office "within one business day of discovery". We take the due date
 *     as the end of the first business day after the day of discovery (weekends and the given holidays skipped).
 *     Sooner is better: the UI should say "as soon as possible, and by ...".
 *   - DEA Form 106 within 45 days after discovery (88 FR 40707, 2023): calendar days, so the due date is
 *     discovery + 45 days, whatever day of the week it falls on.
 * Biennial inventory (21 CFR 1304.11(c)): on any date within two years of the previous inventory date.
 */

function requireDate(value: string, field: string): void {
  if (!isIsoDate(value)) throw new DomainValidationError([{ field, message: 'must be a date YYYY-MM-DD' }]);
}

function checkHolidays(holidays: readonly IsoDate[]): ReadonlySet<IsoDate> {
  const issues = holidays.flatMap((h, i) =>
    isIsoDate(h) ? [] : [{ field: `holidays.${i}`, message: 'must be a date YYYY-MM-DD' }],
  );
  if (issues.length > 0) throw new DomainValidationError(issues);
  return new Set(holidays);
}

export function isBusinessDay(date: IsoDate, holidays: readonly IsoDate[] = []): boolean {
  requireDate(date, 'date');
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !checkHolidays(holidays).has(date);
}

/** The n-th business day after `date` (n >= 1). */
export function addBusinessDays(date: IsoDate, n: number, holidays: readonly IsoDate[] = []): IsoDate {
  requireDate(date, 'date');
  const closed = checkHolidays(holidays);
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    const dow = dayOfWeek(current);
    if (dow !== 0 && dow !== 6 && !closed.has(current)) left -= 1;
  }
  return current;
}

export type Deadline = {
  /** The last calendar date (end of that day, clinic time) on which the duty is met. */
  readonly dueBy: IsoDate;
  readonly what: string;
  readonly citation: Citation;
};

export type LossReportDeadlines = {
  readonly discoveredOn: IsoDate;
  readonly deaWrittenNotice: Deadline;
  readonly form106: Deadline;
};

export const FORM_106_DAYS = 45;

/**
 * `discoveredAt` is the clinic-local calendar date of discovery (`YYYY-MM-DD`), or an ISO instant written with the
 * clinic's offset, whose calendar date is then used.
 */
export function lossReportDeadlines(
  discoveredAt: IsoDate | IsoInstant,
  holidays: readonly IsoDate[] = [],
): LossReportDeadlines {
  const discoveredOn = isIsoInstant(discoveredAt) ? dateOfInstant(discoveredAt) : discoveredAt;
  requireDate(discoveredOn, 'discoveredAt');
  return {
    discoveredOn,
    deaWrittenNotice: {
      dueBy: addBusinessDays(discoveredOn, 1, holidays),
      what: 'Written notice of the theft or significant loss to the DEA Field Division Office',
      citation: CFR_1301_76_B,
    },
    form106: {
      dueBy: addDays(discoveredOn, FORM_106_DAYS),
      what: 'DEA Form 106 submitted electronically',
      citation: FORM_106_45_DAYS,
    },
  };
}

/** The last date for the next biennial inventory: two years after the last one (29 Feb -> 28 Feb). */
export function biennialInventoryDue(lastInventoryDate: IsoDate): Deadline {
  requireDate(lastInventoryDate, 'lastInventoryDate');
  return {
    dueBy: addYears(lastInventoryDate, 2),
    what: 'Biennial inventory of all controlled substances on hand',
    citation: CFR_1304_11,
  };
}

/** The date of the latest initial or biennial inventory in the ledger (any location), if any. */
export function lastInventoryDate(entries: Iterable<LedgerEntry>): IsoDate | undefined {
  let last: IsoDate | undefined;
  for (const entry of entries) {
    const e = entry.event;
    if (e.kind === 'count' && (e.countKind === 'initial-inventory' || e.countKind === 'biennial-inventory')) {
      const d = dateOfInstant(e.occurredAt);
      if (last === undefined || d > last) last = d;
    }
  }
  return last;
}

export type InventoryStatus =
  | { readonly status: 'no-inventory'; readonly message: string; readonly citation: Citation }
  | {
      readonly status: 'ok' | 'overdue';
      readonly lastInventory: IsoDate;
      readonly dueBy: IsoDate;
      readonly daysLeft: number;
      readonly citation: Citation;
    };

/** Is the biennial inventory due? `today` is the clinic's calendar date, passed in. */
export function inventoryStatus(entries: Iterable<LedgerEntry>, today: IsoDate): InventoryStatus {
  requireDate(today, 'today');
  const last = lastInventoryDate(entries);
  if (last === undefined) {
    return {
      status: 'no-inventory',
      message: 'No initial inventory is recorded: take one (21 CFR 1304.11(b)).',
      citation: CFR_1304_11,
    };
  }
  const due = biennialInventoryDue(last);
  const daysLeft = daysBetween(today, due.dueBy);
  return {
    status: daysLeft < 0 ? 'overdue' : 'ok',
    lastInventory: last,
    dueBy: due.dueBy,
    daysLeft,
    citation: CFR_1304_11,
  };
}
