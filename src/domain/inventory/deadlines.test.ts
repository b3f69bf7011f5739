import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import {
  addBusinessDays,
  biennialInventoryDue,
  inventoryStatus,
  isBusinessDay,
  lastInventoryDate,
  lossReportDeadlines,
} from './deadlines.js';
import { KETAMINE_50_10ML, Scenario, at, count, receipt } from './test-support.js';

describe('theft or significant loss deadlines', () => {
  // Source: 21 CFR 1301.76(b): written notice to the DEA Field Division Office within one business day of discovery.
  // Source: 88 FR 40707 (22 June 2023): DEA Form 106 within 45 days after discovery.
  it('gives the next business day for the DEA notice and 45 calendar days for Form 106', () => {
    const d = lossReportDeadlines('2025-03-03'); // a Monday
    expect(d.deaWrittenNotice.dueBy).toBe('2025-03-04');
    expect(d.form106.dueBy).toBe('2025-04-17');
    expect(d.deaWrittenNotice.citation.source).toContain('1301.76(b)');
    expect(d.form106.citation.source).toContain('88 FR 40707');
  });

  it('skips the weekend: discovered on Friday or Saturday, the notice is due on Monday', () => {
    expect(lossReportDeadlines('2025-03-07').deaWrittenNotice.dueBy).toBe('2025-03-10');
    expect(lossReportDeadlines('2025-03-08').deaWrittenNotice.dueBy).toBe('2025-03-10');
    expect(lossReportDeadlines('2025-03-09').deaWrittenNotice.dueBy).toBe('2025-03-10');
  });

  it('skips the holidays it is given', () => {
    // Friday before Memorial Day 2025 (Monday 26 May)
    expect(lossReportDeadlines('2025-05-23', ['2025-05-26']).deaWrittenNotice.dueBy).toBe('2025-05-27');
    // Christmas Eve 2025 is a Wednesday
    expect(lossReportDeadlines('2025-12-24', ['2025-12-25']).deaWrittenNotice.dueBy).toBe('2025-12-26');
    expect(isBusinessDay('2025-12-25', ['2025-12-25'])).toBe(false);
    expect(addBusinessDays('2025-12-31', 2, ['2026-01-01'])).toBe('2026-01-05');
  });

  it('takes the clinic-local date of a discovery instant', () => {
    // 23:30 on Friday in Ohio is already Saturday in UTC: the clinic's own date (Friday) counts
    expect(lossReportDeadlines('2025-03-07T23:30:00-05:00').discoveredOn).toBe('2025-03-07');
  });

  it('counts Form 106 days as calendar days, even when the last one is a Sunday', () => {
    expect(lossReportDeadlines('2025-03-06').form106.dueBy).toBe('2025-04-20');
  });

  it('names a malformed date or holiday', () => {
    expect(() => lossReportDeadlines('03/03/2025')).toThrow(DomainValidationError);
    expect(() => lossReportDeadlines('2025-03-03', ['2025-02-30'])).toThrow(
      expect.objectContaining({ issues: [{ field: 'holidays.0', message: 'must be a date YYYY-MM-DD' }] }),
    );
  });
});

describe('biennial inventory', () => {
  // Source: 21 CFR 1304.11(c): within two years of the previous biennial inventory date.
  it('is due two years after the last inventory; 29 February falls back to 28 February', () => {
    expect(biennialInventoryDue('2025-05-01').dueBy).toBe('2027-05-01');
    expect(biennialInventoryDue('2024-02-29').dueBy).toBe('2026-02-28');
    expect(biennialInventoryDue('2024-02-29').citation.source).toContain('1304.11');
  });

  it('reads the last inventory from the ledger and says whether the next is overdue', () => {
    const s = new Scenario();
    expect(inventoryStatus(s.entries, '2025-03-03').status).toBe('no-inventory');
    s.add(count([], { countKind: 'initial-inventory', timing: 'opening-of-business', occurredAt: at(0, '07:00') }));
    s.add(receipt());
    s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 10, openedQuantity: 0, estimated: false }], {
        countKind: 'daily',
        occurredAt: at(400),
      }),
    );
    expect(lastInventoryDate(s.entries)).toBe('2025-03-03');
    expect(inventoryStatus(s.entries, '2027-03-01')).toMatchObject({ status: 'ok', dueBy: '2027-03-03', daysLeft: 2 });
    expect(inventoryStatus(s.entries, '2027-03-04')).toMatchObject({ status: 'overdue', daysLeft: -1 });
  });
});
