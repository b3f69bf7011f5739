import { describe, expect, it } from 'vitest';
import { activePatientWindow, CLINIC_DUE_LIST, orderDueList } from './clinic-due-list.js';

// Source: clinic defaults (CLINIC_DUE_LIST.citation); no published source fixes the clinic page's window or order.
const t = (iso: string) => new Date(iso);

describe("the clinic page's due list", () => {
  it('looks at patients with a session from 30 days before now to 7 days after', () => {
    expect(activePatientWindow(t('2026-11-02T15:00:00Z'))).toEqual({
      from: t('2026-10-03T15:00:00Z'),
      to: t('2026-11-09T15:00:00Z'),
    });
    expect(CLINIC_DUE_LIST.maxItems).toBe(200);
  });

  it('lists overdue measures before due ones, each earliest first', () => {
    const items = [
      { id: 'due-late', status: 'due', dueAt: t('2026-11-03T09:00:00Z') },
      { id: 'overdue-late', status: 'overdue', dueAt: t('2026-11-01T09:00:00Z') },
      { id: 'due-early', status: 'due', dueAt: t('2026-11-02T09:00:00Z') },
      { id: 'overdue-early', status: 'overdue', dueAt: t('2026-10-30T09:00:00Z') },
    ] as const;
    expect(orderDueList(items).map((i) => i.id)).toEqual(['overdue-early', 'overdue-late', 'due-early', 'due-late']);
  });

  it('keeps the given order of items due at the same moment', () => {
    const at = t('2026-11-02T09:00:00Z');
    const items = [
      { id: 'a', status: 'due', dueAt: at },
      { id: 'b', status: 'due', dueAt: at },
    ] as const;
    expect(orderDueList(items).map((i) => i.id)).toEqual(['a', 'b']);
  });
});
