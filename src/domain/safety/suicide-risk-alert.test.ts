import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../instruments/index.js';
import { DEFAULT_SUICIDE_RISK_ALERT_SETTINGS, evaluateSuicideRiskAlert } from './suicide-risk-alert.js';

const phq9 = (item9: number) => scoreInstrument('phq-9', { 1: 2, 2: 2, 3: 1, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: item9 });
const qidsBase = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0, 8: 0, 10: 0, 11: 0, 12: 0, 13: 0, 14: 0, 15: 0, 16: 0 };

describe('suicide-risk alert', () => {
  // Source: clinical-reference section 3 - PHQ-9 item 9 > 0, QIDS item 12 > 0 and C-SSRS moderate/high raise an
  // alert that a clinician must acknowledge; severities by score are clinic defaults.
  it('raises no alert when PHQ-9 item 9 is 0', () => {
    expect(evaluateSuicideRiskAlert(phq9(0))).toEqual({
      instrument: 'phq-9',
      isRaised: false,
      severity: null,
      reasons: [],
      showCrisisResources: false,
    });
  });

  it.each([
    [1, 'moderate'],
    [2, 'high'],
    [3, 'high'],
  ] as const)('raises a %s-scored PHQ-9 item 9 as %s and shows crisis resources', (score, severity) => {
    const decision = evaluateSuicideRiskAlert(phq9(score));
    expect(decision).toMatchObject({ isRaised: true, severity, showCrisisResources: true });
    expect(decision.reasons).toEqual([`phq-9 item 9 scored ${score}`]);
  });

  it('raises an alert for QIDS-SR16 item 12 above 0', () => {
    expect(evaluateSuicideRiskAlert(scoreInstrument('qids-sr16', { ...qidsBase, 12: 1 })).severity).toBe('moderate');
    expect(evaluateSuicideRiskAlert(scoreInstrument('qids-sr16', { ...qidsBase, 12: 3 })).severity).toBe('high');
    expect(evaluateSuicideRiskAlert(scoreInstrument('qids-sr16', qidsBase)).isRaised).toBe(false);
  });

  it.each([
    [{ 1: false, 2: false, 6: false }, null],
    [{ 1: true, 2: false, 6: false }, 'low'],
    [{ 1: true, 2: true, 3: true, 4: false, 5: false, 6: false }, 'moderate'],
    [{ 1: true, 2: true, 3: true, 4: true, 5: false, 6: false }, 'high'],
  ])('takes the C-SSRS triage level as the severity (%j -> %s)', (answers, severity) => {
    // Source: C-SSRS screener triage (Columbia Lighthouse Project).
    const decision = evaluateSuicideRiskAlert(scoreInstrument('c-ssrs-screener', answers));
    expect(decision.severity).toBe(severity);
    expect(decision.isRaised).toBe(severity !== null);
  });

  it('lets a clinic alert only from C-SSRS moderate, as the clinical reference lists', () => {
    const settings = { ...DEFAULT_SUICIDE_RISK_ALERT_SETTINGS, cssrsMinimumLevel: 'moderate' as const };
    expect(
      evaluateSuicideRiskAlert(scoreInstrument('c-ssrs-screener', { 1: true, 2: false, 6: false }), settings).isRaised,
    ).toBe(false);
    expect(
      evaluateSuicideRiskAlert(scoreInstrument('c-ssrs-screener', { 1: false, 2: false, 6: true }), settings).severity,
    ).toBe('high');
  });

  it('raises a moderate alert for the MADRS suicidal-thoughts flag', () => {
    const result = scoreInstrument('madrs', { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 4 });
    expect(evaluateSuicideRiskAlert(result)).toMatchObject({ isRaised: true, severity: 'moderate' });
  });

  it('raises nothing for instruments without suicide items', () => {
    expect(
      evaluateSuicideRiskAlert(scoreInstrument('gad-7', { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3 })).isRaised,
    ).toBe(false);
  });
});
