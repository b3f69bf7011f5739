import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../session/events.js';
import { billableInfusionMinutes, sessionBillingInput } from './session-billing-input.js';

const T0 = Date.parse('2026-11-02T15:00:00Z');
const at = (min: number): Date => new Date(T0 + min * 60_000);

describe('billableInfusionMinutes', () => {
  // Source: AMA CPT 96365/96366 (CPT_IV_INFUSION): the codes count the time the infusion ran; a pause is not
  // infusion time.
  it('counts start to stop with the pauses left out, and nothing while the infusion still runs', () => {
    const events: SessionEvent[] = [
      { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 },
      { type: 'infusion-paused', at: at(10), reason: 'nausea' },
      { type: 'infusion-resumed', at: at(14) },
      { type: 'infusion-stopped', at: at(44) },
    ];
    expect(billableInfusionMinutes(events)).toBe(40);
    expect(billableInfusionMinutes(events.slice(0, 3))).toBeUndefined();
  });
});

describe('sessionBillingInput', () => {
  // Source: CPT_IV_INFUSION, as above.
  it('gives an IV session its infusion minutes once the infusion stopped', () => {
    const events: SessionEvent[] = [
      { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 },
      { type: 'infusion-stopped', at: at(41) },
    ];
    expect(sessionBillingInput('iv-ketamine', events, ['F33.2'], at(90))).toEqual({
      modality: 'iv-ketamine',
      diagnoses: ['F33.2'],
      infusionMinutes: 41,
    });
    expect(sessionBillingInput('iv-ketamine', events.slice(0, 1), ['F33.2'], at(20))).toEqual({
      modality: 'iv-ketamine',
      diagnoses: ['F33.2'],
    });
  });

  // Sources: SPRAVATO US Prescribing Information section 2 (28 mg per device); CMS HCPCS G2082/G2083 (the visit
  // includes 2 hours of observation after the self-administration).
  it('gives an esketamine session 28 mg per device given and the whole minutes observed after the last device', () => {
    const events: SessionEvent[] = [
      { type: 'dose-prepared', at: at(-10), doseMg: 56, devices: 2 },
      { type: 'device-administered', at: at(0) },
      { type: 'device-administered', at: at(5) },
      { type: 'discharged', at: at(125) },
    ];
    expect(sessionBillingInput('esketamine-nasal', events, ['F33.2'], at(200))).toEqual({
      modality: 'esketamine-nasal',
      diagnoses: ['F33.2'],
      esketamineDoseMg: 56,
      observationMinutes: 120,
    });
  });

  // Source: as above; until the discharge, the observation so far is counted to now (whole minutes, rounded down).
  it('counts the observation to now before the discharge, and not at all until every planned device is given', () => {
    const events: SessionEvent[] = [
      { type: 'dose-prepared', at: at(-10), doseMg: 56, devices: 2 },
      { type: 'device-administered', at: at(0) },
    ];
    expect(sessionBillingInput('esketamine-nasal', events, ['F33.2'], at(3))).toEqual({
      modality: 'esketamine-nasal',
      diagnoses: ['F33.2'],
      esketamineDoseMg: 28,
    });
    const given: SessionEvent[] = [...events, { type: 'device-administered', at: at(5) }];
    expect(sessionBillingInput('esketamine-nasal', given, ['F33.2'], new Date(at(64).getTime() + 59_000))).toEqual({
      modality: 'esketamine-nasal',
      diagnoses: ['F33.2'],
      esketamineDoseMg: 56,
      observationMinutes: 59,
    });
  });
});
