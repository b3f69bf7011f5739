import { describe, expect, it } from 'vitest';
import { planStanding, type StandingInput } from './eligibility-standing.js';

const relative = [{ code: 'blood-pressure-elevated', severity: 'relative' }];
const absolute = [{ code: 'intracerebral-hemorrhage-history', severity: 'absolute' }];
const given = (input: Partial<StandingInput>): StandingInput => ({
  decision: 'eligible',
  reasons: [],
  intakeVersion: 3,
  override: null,
  ...input,
});

// Issue 4 and src/domain/eligibility/README.md: review -> one prescriber; relative-only ineligible -> plus a
// second prescriber's countersignature; absolute -> never.
describe('planStanding', () => {
  it('lets an eligible decision on the current intake plan', () => {
    expect(planStanding(given({}), 3)).toMatchObject({ mayPlan: true, code: 'eligible' });
  });

  it('asks for a new evaluation when the intake changed after the decision', () => {
    expect(planStanding(given({ intakeVersion: 2 }), 3)).toMatchObject({ mayPlan: false, code: 'intake-changed' });
  });

  // Issue 10 item 11: a stored decision names its rule-set version; a plan is made under the clinic's current rules,
  // so a decision from before a settings change (or from rule set 1.0.0, which read missing facts as eligible) is made again.
  it('asks for a new evaluation when the rules changed after the decision, when the caller gives the current version', () => {
    expect(planStanding(given({ ruleSetVersion: '1.0.0' }), 3, '2.0.0')).toMatchObject({
      mayPlan: false,
      code: 'rules-changed',
    });
    expect(planStanding(given({ ruleSetVersion: '2.0.0+clinic.1' }), 3, '2.0.0+clinic.2').message).toContain(
      '2.0.0+clinic.2',
    );
    expect(planStanding(given({ ruleSetVersion: '2.0.0' }), 3, '2.0.0').code).toBe('eligible');
    expect(planStanding(given({ ruleSetVersion: '1.0.0' }), 3).code).toBe('eligible');
  });

  it('needs one prescriber to override a review', () => {
    expect(planStanding(given({ decision: 'review', reasons: relative }), 3).code).toBe('review-needs-override');
    expect(
      planStanding(
        given({ decision: 'review', reasons: relative, override: { prescribersRequired: 1, countersignedAt: null } }),
        3,
      ),
    ).toMatchObject({ mayPlan: true, code: 'review-overridden' });
  });

  it('needs an override and a countersignature for a relative-only ineligible decision', () => {
    const ineligible = given({ decision: 'ineligible', reasons: relative });
    expect(planStanding(ineligible, 3).code).toBe('ineligible-needs-override');
    expect(planStanding({ ...ineligible, override: { prescribersRequired: 2, countersignedAt: null } }, 3).code).toBe(
      'ineligible-needs-countersignature',
    );
    expect(
      planStanding(
        { ...ineligible, override: { prescribersRequired: 2, countersignedAt: new Date('2026-11-02T15:00:00Z') } },
        3,
      ),
    ).toMatchObject({ mayPlan: true, code: 'ineligible-overridden' });
  });

  it('never lets an absolute reason be planned around, even with an override on record', () => {
    const standing = planStanding(
      given({
        decision: 'ineligible',
        reasons: absolute,
        override: { prescribersRequired: 2, countersignedAt: new Date('2026-11-02T15:00:00Z') },
      }),
      3,
    );
    expect(standing).toMatchObject({ mayPlan: false, code: 'ineligible-absolute' });
    expect(standing.message).toContain('intracerebral-hemorrhage-history');
  });
});
