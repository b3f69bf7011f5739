import { describe, expect, it } from 'vitest';
import { INSTRUMENT_IDS, getInstrument, scoreInstrument } from '../instruments/index.js';
import { DomainValidationError } from '../shared/validation.js';
import {
  LOINC_SYSTEM,
  ORDINAL_VALUE_EXTENSION,
  answerScoreSystem,
  toFhirQuestionnaire,
  toQuestionnaireResponse,
  toScoreObservations,
} from './questionnaire.js';

const subject = { reference: 'Patient/p1' };
const at = new Date('2026-03-02T09:30:00Z');
const phq9 = { 1: 1, 2: 2, 3: 0, 4: 3, 5: 0, 6: 1, 7: 0, 8: 0, 9: 1 };

describe('toFhirQuestionnaire', () => {
  it.each(INSTRUMENT_IDS)('maps %s with its id, items in order and copyright', (id) => {
    const def = getInstrument(id);
    const q = toFhirQuestionnaire(def);
    expect(q.resourceType).toBe('Questionnaire');
    expect(q.id).toBe(id);
    expect(q.status).toBe('active');
    expect(q.copyright).toBe(def.copyright);
    expect(q.item?.map((i) => i.linkId)).toEqual(def.items.map((i) => i.linkId));
  });

  it('codes the PHQ-9 panel, items and answers with LOINC, each answer carrying its score', () => {
    // Source: LOINC 44249-1 (PHQ-9 panel), 44260-8 (item 9), answer list LL358-3 (LA6568-5 … LA6571-9); scores 0-3 (Kroenke 2001).
    const q = toFhirQuestionnaire(getInstrument('phq-9'), 'loinc');
    expect(q.code).toEqual([{ system: LOINC_SYSTEM, code: '44249-1', display: 'Patient Health Questionnaire-9' }]);
    const item9 = q.item?.[8];
    expect(item9?.code).toEqual([{ system: LOINC_SYSTEM, code: '44260-8' }]);
    expect(item9?.type).toBe('choice');
    expect(item9?.required).toBe(true);
    expect(item9?.answerOption?.map((o) => o.valueCoding?.code)).toEqual([
      'LA6568-5',
      'LA6569-3',
      'LA6570-1',
      'LA6571-9',
    ]);
    expect(item9?.answerOption?.[3]?.valueCoding).toMatchObject({
      system: LOINC_SYSTEM,
      display: 'Nearly every day',
      extension: [{ url: ORDINAL_VALUE_EXTENSION, valueDecimal: 3 }],
    });
  });

  it("codes answers by score for the app's own form", () => {
    const item9 = toFhirQuestionnaire(getInstrument('phq-9')).item?.[8];
    expect(item9?.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['0', '1', '2', '3']);
    expect(item9?.answerOption?.[3]?.valueCoding).toMatchObject({
      system: answerScoreSystem('phq-9'),
      extension: [{ url: ORDINAL_VALUE_EXTENSION, valueDecimal: 3 }],
    });
  });

  it('maps C-SSRS items as booleans with enableWhen for the conditional items', () => {
    const q = toFhirQuestionnaire(getInstrument('c-ssrs-screener'));
    const item3 = q.item?.find((i) => i.linkId === '3');
    expect(item3).toMatchObject({
      type: 'boolean',
      required: true,
      enableWhen: [{ question: '2', operator: '=', answerBoolean: true }],
    });
    expect(item3?.answerOption).toBeUndefined();
    expect(q.item?.find((i) => i.linkId === '6a')).toMatchObject({
      required: false,
      enableWhen: [{ question: '6', answerBoolean: true }],
    });
  });
});

describe('toQuestionnaireResponse', () => {
  it('records each answer as its LOINC answer code, and points at the canonical Questionnaire URL', () => {
    const response = toQuestionnaireResponse({
      instrumentId: 'phq-9',
      answers: phq9,
      subject,
      authored: at,
      id: 'qr1',
    });
    expect(response).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: 'qr1',
      status: 'completed',
      subject,
      questionnaire: 'https://ketaclinic.org/fhir/Questionnaire/phq-9|1.0.0',
      authored: '2026-03-02T09:30:00.000Z',
    });
    expect(response.item?.[1]).toEqual({
      linkId: '2',
      text: 'Feeling down, depressed, or hopeless',
      answer: [{ valueCoding: { system: LOINC_SYSTEM, code: 'LA6570-1', display: 'More than half the days' } }],
    });
  });

  it('codes answers with the score where LOINC defines no answer code', () => {
    // MADRS items have no LOINC answer list in the instrument definition: the instrument's score code system is used.
    const madrs = getInstrument('madrs');
    const answers = Object.fromEntries(madrs.items.map((i) => [i.linkId, 1]));
    const response = toQuestionnaireResponse({ instrumentId: 'madrs', answers, subject, authored: at });
    expect(response.item?.[0]?.answer?.[0]?.valueCoding).toMatchObject({
      system: answerScoreSystem('madrs'),
      code: '1',
    });
  });

  it('records booleans and omits unanswered conditional items', () => {
    const response = toQuestionnaireResponse({
      instrumentId: 'c-ssrs-screener',
      answers: { 1: true, 2: false, 6: false },
      subject,
      authored: at,
    });
    expect(response.item?.map((i) => [i.linkId, i.answer?.[0]?.valueBoolean])).toEqual([
      ['1', true],
      ['2', false],
      ['6', false],
    ]);
  });

  it('rejects invalid answers with the same validation error as scoring', () => {
    expect(() =>
      toQuestionnaireResponse({ instrumentId: 'phq-9', answers: { ...phq9, 9: 4 }, subject, authored: at }),
    ).toThrowError(DomainValidationError);
  });
});

describe('toScoreObservations', () => {
  it('reports the PHQ-9 total under LOINC 44261-6 with its band, and item 9 under 44260-8', () => {
    // Source: LOINC 44261-6 (PHQ-9 total score) and 44260-8 (item 9).
    const result = scoreInstrument('phq-9', phq9);
    const [total, item9, ...rest] = toScoreObservations({
      result,
      subject,
      effective: at,
      derivedFrom: { reference: 'QuestionnaireResponse/qr1' },
    });
    expect(rest).toEqual([]);
    expect(total?.code.coding?.[0]).toMatchObject({ system: LOINC_SYSTEM, code: '44261-6' });
    expect(total).toMatchObject({
      status: 'final',
      valueInteger: 8,
      effectiveDateTime: '2026-03-02T09:30:00.000Z',
      derivedFrom: [{ reference: 'QuestionnaireResponse/qr1' }],
      category: [{ coding: [{ code: 'survey' }] }],
    });
    expect(total?.interpretation?.[0]?.coding?.[0]?.code).toBe('mild');
    expect(item9?.code.coding?.[0]?.code).toBe('44260-8');
    expect(item9?.valueInteger).toBe(1);
  });

  it('reports the GAD-7 total under LOINC 70274-6', () => {
    const result = scoreInstrument('gad-7', { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 0, 7: 0 });
    const [total] = toScoreObservations({ result, subject, effective: at });
    expect(total?.code.coding?.[0]?.code).toBe('70274-6');
    expect(total?.valueInteger).toBe(15);
  });

  it('reports the C-SSRS risk level under LOINC 93374-7 and no total', () => {
    const result = scoreInstrument('c-ssrs-screener', { 1: true, 2: true, 3: true, 4: false, 5: false, 6: false });
    const observations = toScoreObservations({ result, subject, effective: at });
    expect(observations).toHaveLength(1);
    expect(observations[0]?.code.coding?.[0]?.code).toBe('93374-7');
    expect(observations[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe('moderate');
  });

  it('uses only a local code for a total that has no LOINC code (MADRS)', () => {
    const result = scoreInstrument('madrs', { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 0 });
    const [total] = toScoreObservations({ result, subject, effective: at });
    expect(total?.code.coding).toEqual([
      { system: 'urn:ketaclinic:instrument:madrs', code: 'total', display: 'MADRS total score' },
    ]);
    expect(total?.interpretation?.[0]?.coding?.[0]?.code).toBe('mild');
  });
});
