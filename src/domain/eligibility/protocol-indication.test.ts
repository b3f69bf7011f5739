import { describe, expect, it } from 'vitest';
import { protocolIndicationNotEstablished } from './protocol-indication.js';
import { TWO_FAILED_TRIALS } from './trials.testing.js';

// Source: SPRAVATO US PI sections 1 (Indications) and 2 (Dosage and Administration): treatment-resistant depression
// and MDD with acute suicidal ideation or behaviour (with an oral antidepressant) each have their own schedule, so a
// plan's esketamine protocol must be the one for the indication the facts establish.
const trd = { diagnoses: ['F33.2'], trials: TWO_FAILED_TRIALS, medications: ['sertraline'] };
const mdsi = { diagnoses: ['F32.2', 'R45.851'], medications: ['Zoloft'] };

describe('protocolIndicationNotEstablished', () => {
  it('accepts the TRD schedule for treatment-resistant depression and the MDSI schedule for acute suicidal ideation', () => {
    expect(protocolIndicationNotEstablished('esketamine-trd', trd)).toBeNull();
    expect(protocolIndicationNotEstablished('esketamine-mdsi', mdsi)).toBeNull();
  });

  it('names the indication a schedule is for when the facts do not establish it', () => {
    expect(protocolIndicationNotEstablished('esketamine-mdsi', trd)).toBe(
      'MDD with acute suicidal ideation or behaviour with an oral antidepressant',
    );
    expect(protocolIndicationNotEstablished('esketamine-trd', mdsi)).toBe('treatment-resistant depression');
  });

  it('asks nothing of protocols without a labelled indication of their own (IV ketamine, KAP, pain)', () => {
    expect(protocolIndicationNotEstablished('iv-ketamine-induction', {})).toBeNull();
  });
});
