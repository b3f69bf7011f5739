import { describe, expect, it } from 'vitest';
import { ROLE_LABELS } from '../../api/types';
import {
  centsText,
  clinicToday,
  deadlineLabel,
  deadlineState,
  dollarsToCents,
  EMPTY_PRODUCT,
  locationFromDraft,
  productFromDraft,
  rolesText,
  slugFromName,
} from './ledger-admin-format';

describe('loss-report deadlines against the clinic calendar', () => {
  // The server computes dueBy (21 CFR 1301.76(b): written notice within 1 business day of discovery; DEA Form 106
  // within 45 days, 88 FR 40707). The page only says whether that date is ahead, today, or past.
  it('is open up to and including the due date, and overdue from the day after', () => {
    expect(deadlineState('2026-12-03', '2026-12-02')).toEqual({ state: 'upcoming', daysLeft: 1 });
    expect(deadlineState('2026-12-02', '2026-12-02')).toEqual({ state: 'due-today' });
    expect(deadlineState('2026-12-01', '2026-12-02')).toEqual({ state: 'overdue', daysLate: 1 });
  });

  it('counts whole calendar days across months, leap days and daylight-saving changes', () => {
    expect(deadlineState('2027-01-16', '2026-12-02')).toEqual({ state: 'upcoming', daysLeft: 45 });
    expect(deadlineState('2028-03-01', '2028-02-28')).toEqual({ state: 'upcoming', daysLeft: 2 });
    expect(deadlineState('2026-11-02', '2026-10-31')).toEqual({ state: 'upcoming', daysLeft: 2 });
  });

  it('says it in words, singular and plural', () => {
    expect(deadlineLabel({ state: 'upcoming', daysLeft: 1 })).toBe('Due in 1 day');
    expect(deadlineLabel({ state: 'upcoming', daysLeft: 45 })).toBe('Due in 45 days');
    expect(deadlineLabel({ state: 'due-today' })).toBe('Due today');
    expect(deadlineLabel({ state: 'overdue', daysLate: 3 })).toBe('Overdue by 3 days');
  });

  it('refuses something that is not a date rather than guessing', () => {
    expect(() => deadlineState('12/03/2026', '2026-12-02')).toThrow(RangeError);
  });

  it('takes today on the clinic’s clock, not the browser’s', () => {
    const lateEveningInNewYork = new Date('2026-12-03T03:30:00Z');
    expect(clinicToday(lateEveningInNewYork, 'America/New_York')).toBe('2026-12-02');
    expect(clinicToday(lateEveningInNewYork, 'UTC')).toBe('2026-12-03');
  });
});

describe('Form 106 purchase value', () => {
  it('turns typed dollars into whole cents without floating-point error', () => {
    expect(dollarsToCents('0.29')).toBe(29);
    expect(dollarsToCents('1234.5')).toBe(123_450);
    expect(dollarsToCents('$1,234.56')).toBe(123_456);
    expect(dollarsToCents('40')).toBe(4000);
  });

  it('refuses what is not an amount of money', () => {
    expect(dollarsToCents('')).toBeUndefined();
    expect(dollarsToCents('12.345')).toBeUndefined();
    expect(dollarsToCents('-5')).toBeUndefined();
    expect(dollarsToCents('five')).toBeUndefined();
  });

  it('shows cents as dollars', () => {
    expect(centsText(123_456)).toBe('$1,234.56');
    expect(centsText(5)).toBe('$0.05');
  });
});

describe('products and safes before they are sent', () => {
  it('makes an id from a name as the server would', () => {
    expect(slugFromName('Second safe (IV room)')).toBe('second-safe-iv-room');
    expect(slugFromName('  Ketamine HCl 50 mg/mL, 10 mL  ', 60)).toBe('ketamine-hcl-50-mg-ml-10-ml');
    expect(slugFromName('***')).toBe('');
  });

  it('needs a solution’s concentration and vial volume, and sends the volume as typed text', () => {
    const draft = {
      ...EMPTY_PRODUCT,
      displayName: 'Ketamine HCl 50 mg/mL, 10 mL vial',
      ndc: '0409-2053-10',
      packageDescription: '10 mL vial, carton of 10',
    };
    const missing = productFromDraft(draft);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(Object.keys(missing.errors).sort()).toEqual(['concentrationMgPerMl', 'containerVolumeMl']);
    const complete = productFromDraft({ ...draft, concentrationMgPerMl: '50', containerVolumeMl: '10' });
    expect(complete).toEqual({
      ok: true,
      product: {
        productId: 'ketamine-hcl-50-mg-ml-10-ml-vial',
        displayName: 'Ketamine HCl 50 mg/mL, 10 mL vial',
        drug: 'ketamine-hcl',
        ndc: '0409-2053-10',
        packageDescription: '10 mL vial, carton of 10',
        concentrationMgPerMl: 50,
        containerVolumeMl: '10',
      },
    });
  });

  it('needs a kit’s device count, and an NDC with its dashes', () => {
    const result = productFromDraft({
      ...EMPTY_PRODUCT,
      drug: 'esketamine-hcl',
      displayName: 'Spravato 56 mg kit',
      ndc: '50458028',
      packageDescription: 'kit of 2',
      devicesPerKit: '0',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['devicesPerKit', 'ndc']);
    const ok = productFromDraft({
      ...EMPTY_PRODUCT,
      drug: 'esketamine-hcl',
      displayName: 'Spravato 56 mg kit',
      ndc: '50458-028-02',
      packageDescription: 'kit of 2',
      devicesPerKit: '2',
    });
    expect(ok.ok && ok.product.devicesPerKit).toBe(2);
  });

  it('needs a safe’s name; the roles are sent once each, and none means any ledger user', () => {
    expect(locationFromDraft('  ', ['admin']).ok).toBe(false);
    expect(locationFromDraft('IV room safe', ['nurse', 'nurse', 'admin'])).toEqual({
      ok: true,
      location: { name: 'IV room safe', openableByRoles: ['nurse', 'admin'] },
    });
    expect(rolesText([], ROLE_LABELS)).toBe('Any ledger user');
    expect(rolesText(['admin', 'nurse'], ROLE_LABELS)).toBe('Admin, Nurse');
  });
});
