import { describe, expect, it } from 'vitest';
import { preSessionChecklist } from './reminders.js';
import { DomainValidationError } from '../shared/validation.js';

// Sources: SPRAVATO US PI section 2 and Warnings (fasting 2 h food / 30 min liquids; nasal medicines >= 1 h
// before; no driving until the next day; REMS enrolment before the first treatment). IV rules: clinic defaults.
describe('preSessionChecklist', () => {
  it('lists everything as missing for a first esketamine session with nothing confirmed', () => {
    const list = preSessionChecklist('esketamine-trd', []);
    expect(list.complete).toBe(false);
    expect(list.missing.map((r) => r.code)).toEqual([
      'consent-current',
      'rems-enrolled',
      'ride-home',
      'fasting',
      'nasal-medication-timing',
    ]);
    expect(list.missing.find((r) => r.code === 'fasting')?.label).toContain('no food 2 h, no liquids 30 min');
  });

  it('shows only what is still missing once the ride home and fasting are confirmed', () => {
    const list = preSessionChecklist(
      'esketamine-trd',
      ['ride-home', 'fasting', 'consent-current', 'nasal-medication-timing'],
      3,
    );
    expect(list.complete).toBe(true);
    expect(list.missing).toEqual([]);
    expect(list.satisfied.map((r) => r.code)).not.toContain('rems-enrolled');
  });

  it('asks for REMS enrolment only before the first session', () => {
    expect(
      preSessionChecklist(
        'esketamine-mdsi',
        ['ride-home', 'fasting', 'consent-current', 'nasal-medication-timing'],
        1,
      ).missing.map((r) => r.code),
    ).toEqual(['rems-enrolled']);
  });

  it('uses the clinic fasting rule for IV ketamine and ignores confirmations it does not ask for', () => {
    const list = preSessionChecklist('iv-ketamine-induction', ['consent-current', 'nasal-medication-timing']);
    expect(list.missing.map((r) => r.code)).toEqual(['ride-home', 'fasting']);
    expect(list.missing[1]?.source.status).toBe('clinic-default');
  });

  it('names unknown confirmations and a bad session number', () => {
    try {
      preSessionChecklist('kap', ['ride-home', 'lunch'], 0);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual(['confirmed.1', 'sessionNumber']);
    }
  });
});
