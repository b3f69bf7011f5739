import { describe, expect, it } from 'vitest';
import { esketamineDose } from './esketamine.js';
import { DomainValidationError } from '../shared/validation.js';

// Source: SPRAVATO US Prescribing Information, section 2 (28 mg per device, 5 minutes between devices,
// monitoring for at least 2 hours).
describe('esketamineDose', () => {
  it.each([
    [28, 1, 0],
    [56, 2, 5],
    [84, 3, 10],
  ])('%i mg uses %i device(s), the last one %i min after the first', (doseMg, devices, administrationMin) => {
    expect(esketamineDose({ doseMg })).toMatchObject({
      doseMg,
      devices,
      minutesBetweenDevices: 5,
      minimumMonitoringMin: 120,
      administrationMin,
    });
  });

  it.each([0, 14, 42, 70, 112, 56.5])('refuses %s mg: only whole 28 mg devices exist', (doseMg) => {
    expect(() => esketamineDose({ doseMg })).toThrow(DomainValidationError);
    try {
      esketamineDose({ doseMg });
    } catch (error) {
      expect((error as DomainValidationError).issues[0]?.field).toBe('doseMg');
    }
  });

  it('cites the label', () => {
    expect(esketamineDose({ doseMg: 56 }).sources.every((s) => s.status === 'label')).toBe(true);
  });
});
