/**
 * Pure mappers from the instrument domain to FHIR R4: Questionnaire (the form), QuestionnaireResponse (one
 * completed form) and Observations (the scores). No I/O; the caller supplies ids, subject and times.
 */
import type {
  CodeableConcept,
  Coding,
  Encounter,
  Extension,
  Observation,
  Patient,
  Practitioner,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
} from '@medplum/fhirtypes';
import { getInstrument } from '../instruments/index.js';
import type { InstrumentDefinition, InstrumentItem, ScoreResult } from '../instruments/types.js';

export const LOINC_SYSTEM = 'http://loinc.org';
/**
 * Canonical URL base for the instrument Questionnaires: `${QUESTIONNAIRE_URL_BASE}/${id}`. A canonical URL (not a
 * URN), as R4 canonical references expect; it names the definition and is the same on every server.
 */
export const QUESTIONNAIRE_URL_BASE = 'https://ketaclinic.org/fhir/Questionnaire';
/** R4 core extension carrying the numeric score of an answer option. */
export const ORDINAL_VALUE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Code system of an instrument's answer scores: the code of each answer is its score ("0", "1", ...). */
export function answerScoreSystem(instrumentId: string): string {
  return `urn:ketaclinic:instrument:${instrumentId}:answer-score`;
}

/** Local code system for an instrument's own codes (items, total, band) where LOINC has none. */
export function instrumentCodeSystem(instrumentId: string): string {
  return `urn:ketaclinic:instrument:${instrumentId}`;
}

export function questionnaireUrl(instrumentId: string): string {
  return `${QUESTIONNAIRE_URL_BASE}/${instrumentId}`;
}

function loincCoding(code: string, display?: string): Coding {
  return display === undefined ? { system: LOINC_SYSTEM, code } : { system: LOINC_SYSTEM, code, display };
}

/**
 * The coding of an answer: the LOINC answer code (LA…) where LOINC defines one for the option (PHQ-9 and GAD-7 use
 * answer list LL358-3), otherwise the instrument's own score code system.
 */
export function answerCoding(
  def: InstrumentDefinition,
  option: { score: number; label: string; loincAnswer?: string },
): Coding {
  if (option.loincAnswer !== undefined)
    return { system: LOINC_SYSTEM, code: option.loincAnswer, display: option.label };
  return { system: answerScoreSystem(def.id), code: String(option.score), display: option.label };
}

/**
 * How answer options are coded: `loinc` uses LOINC answer codes where they exist (what FHIR clients expect, served
 * at /fhir/R4); `score` codes every option by its score (what the app's own form sends back as the answer).
 */
export type AnswerCoding = 'loinc' | 'score';

function toQuestionnaireItem(
  def: InstrumentDefinition,
  item: InstrumentItem,
  answerCodes: AnswerCoding,
): QuestionnaireItem {
  const result: QuestionnaireItem = {
    linkId: item.linkId,
    text: item.text,
    type: item.answerType === 'boolean' ? 'boolean' : 'choice',
    required: item.required,
  };
  if (item.loinc !== undefined) result.code = [loincCoding(item.loinc)];
  if (item.enableWhen !== undefined) {
    const condition =
      typeof item.enableWhen.answer === 'boolean'
        ? { question: item.enableWhen.linkId, operator: '=' as const, answerBoolean: item.enableWhen.answer }
        : { question: item.enableWhen.linkId, operator: '=' as const, answerInteger: item.enableWhen.answer };
    result.enableWhen = [condition];
  }
  if (item.answerType === 'choice') {
    result.answerOption = item.options.map((option) => {
      const extension: Extension[] = [{ url: ORDINAL_VALUE_EXTENSION, valueDecimal: option.score }];
      const coding =
        answerCodes === 'loinc'
          ? answerCoding(def, option)
          : { system: answerScoreSystem(def.id), code: String(option.score), display: option.label };
      return { valueCoding: { ...coding, extension } };
    });
  }
  return result;
}

/**
 * The instrument as an R4 Questionnaire: id = instrument id, LOINC panel and item codes; answers coded by score
 * (default, the app's form) or with LOINC answer codes where LOINC defines them.
 */
export function toFhirQuestionnaire(def: InstrumentDefinition, answerCodes: AnswerCoding = 'score'): Questionnaire {
  const questionnaire: Questionnaire = {
    resourceType: 'Questionnaire',
    id: def.id,
    url: questionnaireUrl(def.id),
    version: def.version,
    name: def.shortName.replace(/[^A-Za-z0-9]/g, ''),
    title: def.title,
    status: 'active',
    subjectType: ['Patient'],
    description: `${def.preamble} Recall period: ${def.recallPeriod}. Scoring: ${def.scoring.description} Source: ${def.citation.source}.`,
    copyright: def.copyright,
    item: def.items.map((item) => toQuestionnaireItem(def, item, answerCodes)),
  };
  if (def.loinc.panel !== undefined) questionnaire.code = [loincCoding(def.loinc.panel, def.title)];
  return questionnaire;
}

export interface QuestionnaireResponseInput {
  readonly instrumentId: string;
  /** Answers as given to `scoreInstrument` (validated again here). */
  readonly answers: Record<string, unknown>;
  readonly subject: Reference<Patient>;
  readonly authored: Date;
  readonly id?: string;
  readonly author?: Reference<Patient | Practitioner>;
  readonly encounter?: Reference<Encounter>;
}

/**
 * A completed QuestionnaireResponse. The answers are scored first, so invalid answers throw the same
 * `DomainValidationError` as `scoreInstrument`; unanswered items are omitted.
 */
export function toQuestionnaireResponse(input: QuestionnaireResponseInput): QuestionnaireResponse {
  const def = getInstrument(input.instrumentId);
  const result = def.score(input.answers);
  const items: QuestionnaireResponseItem[] = [];
  for (const item of def.items) {
    const value = result.itemScores[item.linkId];
    if (value === undefined) continue;
    if (typeof value === 'boolean') {
      items.push({ linkId: item.linkId, text: item.text, answer: [{ valueBoolean: value }] });
      continue;
    }
    const option = item.options.find((o) => o.score === value) ?? { score: value, label: String(value) };
    items.push({ linkId: item.linkId, text: item.text, answer: [{ valueCoding: answerCoding(def, option) }] });
  }
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${questionnaireUrl(def.id)}|${def.version}`,
    status: 'completed',
    subject: input.subject,
    authored: input.authored.toISOString(),
    item: items,
  };
  if (input.id !== undefined) response.id = input.id;
  if (input.author !== undefined) response.author = input.author;
  if (input.encounter !== undefined) response.encounter = input.encounter;
  return response;
}

export interface ScoreObservationsInput {
  readonly result: ScoreResult;
  readonly subject: Reference<Patient>;
  readonly effective: Date;
  /** Reference to the QuestionnaireResponse the scores derive from. */
  readonly derivedFrom?: Reference<QuestionnaireResponse>;
  readonly encounter?: Reference<Encounter>;
}

/** LOINC codes of key items reported as their own Observations (PHQ-9 item 9: suicidal thoughts). */
const KEY_ITEM_LOINC: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'phq-9': { '9': '44260-8' },
};

function bandConcept(def: InstrumentDefinition, code: string): CodeableConcept {
  const band = def.bands.find((b) => b.code === code);
  return {
    coding: [{ system: `${instrumentCodeSystem(def.id)}:band`, code, display: band?.label ?? code }],
    text: band?.label ?? code,
  };
}

function baseObservation(input: ScoreObservationsInput, code: CodeableConcept): Observation {
  const observation: Observation = {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'survey', display: 'Survey' }] }],
    code,
    subject: input.subject,
    effectiveDateTime: input.effective.toISOString(),
  };
  if (input.derivedFrom !== undefined) observation.derivedFrom = [input.derivedFrom];
  if (input.encounter !== undefined) observation.encounter = input.encounter;
  return observation;
}

/**
 * Observations for a score: the total (LOINC where it exists, with the band as interpretation), the band as its
 * own coded Observation where LOINC has a code for it (C-SSRS risk level 93374-7), and key items (PHQ-9 item 9).
 */
export function toScoreObservations(input: ScoreObservationsInput): Observation[] {
  const def = getInstrument(input.result.instrument);
  const { result } = input;
  const observations: Observation[] = [];
  if (result.total !== null) {
    const coding: Coding[] = [
      { system: instrumentCodeSystem(def.id), code: 'total', display: `${def.shortName} total score` },
    ];
    if (def.loinc.total !== undefined) coding.unshift(loincCoding(def.loinc.total, `${def.shortName} total score`));
    const total = baseObservation(input, { coding, text: `${def.shortName} total score` });
    total.valueInteger = result.total;
    if (result.band !== null) total.interpretation = [bandConcept(def, result.band)];
    observations.push(total);
  }
  if (result.band !== null && def.loinc.band !== undefined) {
    const band = baseObservation(input, {
      coding: [loincCoding(def.loinc.band, `${def.shortName} risk level`)],
      text: `${def.shortName} risk level`,
    });
    band.valueCodeableConcept = bandConcept(def, result.band);
    observations.push(band);
  }
  for (const [linkId, loinc] of Object.entries(KEY_ITEM_LOINC[def.id] ?? {})) {
    const value = result.itemScores[linkId];
    if (typeof value !== 'number') continue;
    const item = def.items.find((i) => i.linkId === linkId);
    const observation = baseObservation(input, { coding: [loincCoding(loinc)], text: item?.text ?? `Item ${linkId}` });
    observation.valueInteger = value;
    observations.push(observation);
  }
  return observations;
}
