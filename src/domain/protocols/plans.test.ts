import { describe, expect, it } from 'vitest';
import { getProtocol } from './definitions.js';
import { planAllows, planProtocol, protocolNeedsWeight } from './plans.js';

describe('planProtocol', () => {
  // Source: SPRAVATO US PI section 2 fixes the esketamine schedule; the IV protocol's cap and spacing are clinic
  // settings within cited ranges (applyProtocolSettings). A plan keeps the settings of the day it was made.
  it('is the shipped protocol when the plan stored no clinic settings', () => {
    expect(planProtocol({ protocolId: 'esketamine-trd', protocolSettings: {} })).toBe(getProtocol('esketamine-trd'));
  });

  it("applies the clinic's settings stored with the plan", () => {
    const base = getProtocol('iv-ketamine-induction');
    const [name, setting] = Object.entries(base.settings).find(([, s]) => !s.locked && s.min < s.value)!;
    const plan = planProtocol({ protocolId: base.id, protocolSettings: { [name]: setting.min } });
    expect(plan.version).toBe(`${base.version}+clinic`);
    expect(plan.settings[name]?.value).toBe(setting.min);
  });
});

describe('protocolNeedsWeight', () => {
  // Source: IV ketamine for depression is dosed in mg/kg (0.5 mg/kg over 40 minutes: Sanacora et al., JAMA Psychiatry
  // 2017), the pain infusion in mg/kg/h (Cohen et al., Reg Anesth Pain Med 2018); esketamine is a fixed 56 or 84 mg
  // dose (SPRAVATO US PI section 2); KAP lozenges are fixed doses, its intramuscular doses mg/kg.
  it('asks for a weight for mg/kg protocols and never for esketamine', () => {
    expect(protocolNeedsWeight(getProtocol('iv-ketamine-induction'), undefined)).toBe(true);
    expect(protocolNeedsWeight(getProtocol('iv-ketamine-pain'), undefined)).toBe(true);
    expect(protocolNeedsWeight(getProtocol('esketamine-trd'), undefined)).toBe(false);
  });

  it('asks for a weight for KAP only when it is given intramuscularly', () => {
    expect(protocolNeedsWeight(getProtocol('kap'), 'intramuscular')).toBe(true);
    expect(protocolNeedsWeight(getProtocol('kap'), 'sublingual')).toBe(false);
    expect(protocolNeedsWeight(getProtocol('kap'), undefined)).toBe(false);
  });
});

describe('what may be done to a plan in each status', () => {
  // Source: the plan's life (clinic policy, clinical reference "nothing overwritten"): a prescriber signs a draft;
  // only a signed, active plan is reviewed (SPRAVATO US PI section 2: the end-of-induction evaluation); a closed plan
  // takes nothing more.
  it('signs only a draft', () => {
    expect(planAllows('sign', 'draft')).toBe(true);
    expect(planAllows('sign', 'active')).toBe(false);
    expect(planAllows('sign', 'discontinued')).toBe(false);
  });

  it('reviews only an active plan', () => {
    expect(planAllows('review', 'active')).toBe(true);
    expect(planAllows('review', 'draft')).toBe(false);
    expect(planAllows('review', 'completed')).toBe(false);
  });

  it('discontinues a draft or an active plan, not a closed one', () => {
    expect(planAllows('discontinue', 'draft')).toBe(true);
    expect(planAllows('discontinue', 'active')).toBe(true);
    expect(planAllows('discontinue', 'completed')).toBe(false);
    expect(planAllows('discontinue', 'discontinued')).toBe(false);
  });
});
