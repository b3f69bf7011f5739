import { describe, expect, it } from 'vitest';
import { planToCarePlan, protocolUri } from './careplan.js';
import { previewPlan } from '../protocols/preview.js';
import { PROTOCOLS } from '../protocols/definitions.js';

const hours = {
  1: { open: '08:00', close: '18:00' },
  3: { open: '08:00', close: '18:00' },
  4: { open: '08:00', close: '18:00' },
} as const;

describe('planToCarePlan', () => {
  // Source: SPRAVATO US PI section 2 (day 1 dose 56 mg); schedule per the esketamine-trd protocol.
  it('maps an esketamine TRD plan to a draft CarePlan with one scheduled activity per session', () => {
    const plan = previewPlan({ protocol: 'esketamine-trd', startDate: '2025-03-03', clinicHours: hours });
    const carePlan = planToCarePlan({
      protocol: 'esketamine-trd',
      sessions: plan.sessions,
      subject: { reference: 'Patient/p1' },
      author: { reference: 'Practitioner/dr1' },
      id: 'cp1',
      created: '2025-02-28T10:00:00Z',
    });
    expect(carePlan).toMatchObject({
      resourceType: 'CarePlan',
      id: 'cp1',
      status: 'draft',
      intent: 'plan',
      subject: { reference: 'Patient/p1' },
      author: { reference: 'Practitioner/dr1' },
      created: '2025-02-28T10:00:00Z',
      instantiatesUri: ['urn:ketaclinic:protocol:esketamine-trd|1.1.0'],
      period: { start: '2025-03-03', end: plan.sessions.at(-1)?.date },
    });
    expect(carePlan.category?.[0]?.coding?.[0]?.code).toBe('esketamine-nasal');
    expect(carePlan.activity).toHaveLength(12);
    expect(carePlan.activity?.[0]?.detail).toMatchObject({
      kind: 'Appointment',
      status: 'scheduled',
      scheduledPeriod: { start: '2025-03-03', end: '2025-03-03' },
      quantity: { value: 56, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      productCodeableConcept: { text: 'esketamine nasal spray 28 mg/device' },
    });
    expect(carePlan.activity?.[0]?.detail?.description).toContain('monitoring 120 min');
    expect(JSON.parse(JSON.stringify(carePlan))).toEqual(carePlan);
  });

  it('puts KAP preparation and integration sessions in date order, without a product', () => {
    const plan = previewPlan({
      protocol: 'kap',
      startDate: '2025-03-03',
      clinicHours: hours,
      options: { doseMg: 100, sessions: 2 },
    });
    const carePlan = planToCarePlan({
      protocol: PROTOCOLS.kap,
      sessions: plan.sessions,
      therapySessions: plan.therapySessions,
      subject: { reference: 'Patient/p2' },
      status: 'active',
    });
    const codes = carePlan.activity?.map((a) => a.detail?.code?.coding?.[0]?.code);
    expect(codes).toEqual(['preparation', 'course', 'integration', 'course', 'integration']);
    expect(carePlan.activity?.[0]?.detail?.productCodeableConcept).toBeUndefined();
    expect(carePlan.status).toBe('active');
    const starts = carePlan.activity?.map((a) => a.detail?.scheduledPeriod?.start ?? '') ?? [];
    expect([...starts].sort()).toEqual(starts);
  });

  it('carries planning warnings as notes', () => {
    const plan = previewPlan({
      protocol: 'iv-ketamine-pain',
      startDate: '2025-03-03',
      clinicHours: hours,
      weightKg: 70,
    });
    const carePlan = planToCarePlan({
      protocol: 'iv-ketamine-pain',
      sessions: plan.sessions,
      warnings: plan.warnings,
      subject: { reference: 'Patient/p3' },
    });
    expect(plan.warnings.length).toBeGreaterThan(0);
    expect(carePlan.note?.[0]?.text).toContain('course-gap');
    expect(protocolUri(PROTOCOLS['iv-ketamine-pain'])).toBe('urn:ketaclinic:protocol:iv-ketamine-pain|1.0.0');
  });
});
