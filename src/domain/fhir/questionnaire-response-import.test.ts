import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { importQuestionnaireResponse, instrumentForQuestionnaire } from './questionnaire-response-import.js';

// PHQ-9 in the LOINC form: panel 44249-1, items 44250-9 … 44260-8 (item 9), answer list LL358-3:
// LA6568-5 Not at all (0), LA6569-3 Several days (1), LA6570-1 More than half the days (2), LA6571-9 Nearly every day (3).
const ITEMS = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
const LA = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];
const loinc = (code: string) => ({ valueCoding: { system: 'http://loinc.org', code } });

function phq9(linkId: (code: string) => string, scores: number[], nested = false) {
  const items = ITEMS.map((code, i) => ({ linkId: linkId(code), answer: [loinc(LA[scores[i]!]!)] }));
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: 'http://loinc.org/q/44249-1',
    subject: { reference: 'Patient/p-1' },
    authored: '2026-11-02T14:00:00Z',
    item: nested ? [{ linkId: '/44249-1', item: items }] : items,
  };
}

describe('importQuestionnaireResponse', () => {
  it("maps a LOINC-form PHQ-9 (item LOINC linkIds, LA answer codes) to the instrument's scores", () => {
    const imported = importQuestionnaireResponse(phq9((c) => c, [0, 1, 2, 3, 0, 1, 2, 3, 1]));
    expect(imported).toMatchObject({
      instrumentId: 'phq-9',
      patientId: 'p-1',
      authored: new Date('2026-11-02T14:00:00Z'),
    });
    expect(imported.answers).toEqual({ 1: 0, 2: 1, 3: 2, 4: 3, 5: 0, 6: 1, 7: 2, 8: 3, 9: 1 });
    expect(imported.encounterId).toBeUndefined();
    expect(
      importQuestionnaireResponse({
        ...phq9((c) => c, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        encounter: { reference: 'Encounter/s-1' },
      }).encounterId,
    ).toBe('s-1');
  });

  it("understands LHC-Forms' path linkIds, nested in the panel group, and ignores the sender's computed total", () => {
    const body = phq9((c) => `/44249-1/${c}`, [1, 1, 1, 1, 1, 1, 1, 1, 0], true);
    (body.item[0] as { item: unknown[] }).item.push({ linkId: '/44249-1/44261-6', answer: [{ valueInteger: 99 }] });
    expect(importQuestionnaireResponse(body).answers).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 0 });
  });

  it('names the Questionnaire by its canonical URL or by the LOINC panel', () => {
    expect(instrumentForQuestionnaire('https://ketaclinic.org/fhir/Questionnaire/gad-7|1.0.0')?.id).toBe('gad-7');
    expect(instrumentForQuestionnaire('Questionnaire/44249-1')?.id).toBe('phq-9');
    expect(instrumentForQuestionnaire('http://example.org/Questionnaire/unknown')).toBeUndefined();
  });

  it('refuses an unknown answer code, a questionnaire it does not score, a missing subject and a draft, naming each', () => {
    const body = phq9((c) => c, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    (body.item[8] as { answer: unknown[] }).answer = [loinc('LA0000-0')];
    const fields = (b: unknown) => {
      try {
        importQuestionnaireResponse(b);
      } catch (e) {
        return (e as DomainValidationError).issues.map((i) => i.field);
      }
      return [];
    };
    expect(fields(body)).toEqual(['item[8].answer[0].valueCoding']);
    expect(fields({ ...body, questionnaire: 'http://example.org/Questionnaire/x' })).toEqual(['questionnaire']);
    expect(
      fields({
        ...phq9((c) => c, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        subject: { reference: 'Group/1' },
        status: 'in-progress',
      }),
    ).toEqual(['status', 'subject']);
    expect(() => importQuestionnaireResponse({ resourceType: 'Patient' })).toThrowError(DomainValidationError);
  });
});
