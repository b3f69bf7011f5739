import { describe, expect, it } from 'vitest';
import { ACCESS_WINDOW_MS, accessWindow, collapseKey, type AccessIdentity } from './access-window.js';

// The window is a decision of docs/adr/0005-audit-log-v2.md (HIPAA 45 CFR 164.312(b) asks that activity be
// recorded and examinable, not that each HTTP request be a row).
const read: AccessIdentity = {
  clinicId: 'c1',
  userId: 'u1',
  action: 'read',
  resourceType: 'Patient',
  resourceId: 'p1',
  patientId: 'p1',
  outcome: 'success',
  detail: {},
};

describe('access windows for collapsing repeated reads', () => {
  it('are 5 minutes long and aligned to the epoch in UTC', () => {
    expect(ACCESS_WINDOW_MS).toBe(300_000);
    const window = accessWindow(new Date('2026-12-06T10:04:59.999Z'));
    expect(window.startsAt.toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(window.endsAt.toISOString()).toBe('2026-12-06T10:05:00.000Z');
    expect(accessWindow(new Date('2026-12-06T10:05:00.000Z')).startsAt.toISOString()).toBe('2026-12-06T10:05:00.000Z');
  });

  it('give identical reads in one window the same key, and a new key in the next window', () => {
    const first = collapseKey(read, new Date('2026-12-06T10:01:00Z'));
    const again = collapseKey(read, new Date('2026-12-06T10:04:30Z'));
    const next = collapseKey(read, new Date('2026-12-06T10:05:01Z'));
    expect(first?.key).toMatch(/^[0-9a-f]{64}$/);
    expect(again?.key).toBe(first?.key);
    expect(next?.key).not.toBe(first?.key);
  });

  it('keep different users, records, actions and details apart', () => {
    const at = new Date('2026-12-06T10:01:00Z');
    const key = collapseKey(read, at)?.key;
    expect(collapseKey({ ...read, userId: 'u2' }, at)?.key).not.toBe(key);
    expect(collapseKey({ ...read, resourceId: 'p2', patientId: 'p2' }, at)?.key).not.toBe(key);
    expect(collapseKey({ ...read, action: 'read-history' }, at)?.key).not.toBe(key);
    expect(collapseKey({ ...read, action: 'search', detail: { terms: 1 } }, at)?.key).not.toBe(
      collapseKey({ ...read, action: 'search', detail: { terms: 2 } }, at)?.key,
    );
  });

  it('never collapse writes, denials, failures or accesses without a signed-in user', () => {
    const at = new Date('2026-12-06T10:01:00Z');
    expect(collapseKey({ ...read, action: 'update' }, at)).toBeNull();
    expect(collapseKey({ ...read, outcome: 'denied' }, at)).toBeNull();
    expect(collapseKey({ ...read, outcome: 'failure' }, at)).toBeNull();
    expect(collapseKey({ ...read, userId: null }, at)).toBeNull();
  });
});
