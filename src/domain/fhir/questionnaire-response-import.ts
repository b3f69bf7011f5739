/**
 * Reads a QuestionnaireResponse sent by another system into an instrument's answers, so it can be scored and stored
 * like one answered in the app. Two forms are understood:
 *  - the standard LOINC form, as LHC-Forms and public IGs publish it: the panel's LOINC code names the Questionnaire
 *    (e.g. PHQ-9 `44249-1`, questionnaire `http://loinc.org/q/44249-1` or `Questionnaire/44249-1`), item linkIds are
 *    the items' LOINC codes (`44250-9`, or LHC-Forms' path form `/44250-9` and `/44249-1/44250-9`), answers are LOINC
 *    answer codes (PHQ-9 answer list LL358-3: LA6568-5 Not at all = 0, LA6569-3 Several days = 1, LA6570-1 More than
 *    half the days = 2, LA6571-9 Nearly every day = 3; Kroenke 2001 scoring);
 *  - Ketaclinic's own form (canonical `https://ketaclinic.org/fhir/Questionnaire/<id>`, linkIds and score codes).
 * Items the instrument does not score (LHC-Forms' computed total 44261-6, PHQ-9's difficulty question 69722-7) are
 * ignored; the total is always computed here. Every problem is a DomainValidationError naming the field.
 */
import type { Coding, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { getInstrument, INSTRUMENT_IDS } from '../instruments/index.js';
import type { InstrumentDefinition, InstrumentItem } from '../instruments/types.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { answerScoreSystem, LOINC_SYSTEM, ORDINAL_VALUE_EXTENSION, QUESTIONNAIRE_URL_BASE } from './questionnaire.js';
import { isRecord } from '../shared/guards.js';

export interface ImportedResponse {
  readonly instrumentId: string;
  readonly patientId: string;
  /** Item linkId (the instrument's) -> score or yes/no, as `scoreInstrument` takes them. */
  readonly answers: Record<string, number | boolean>;
  /** When the responses were given (`authored`), if stated. */
  readonly authored: Date | undefined;
  /** The treatment session the answers belong to, when the sender names one (`encounter: Encounter/<id>`). */
  readonly encounterId: string | undefined;
  /** The instrument's linkId -> the linkId the sender used, to name the sender's item in errors. */
  readonly senderLinkIds: Readonly<Record<string, string>>;
}

/** The instrument a `questionnaire` canonical names: ours by id, or any URL whose last segment is a LOINC panel code. */
export function instrumentForQuestionnaire(canonical: string): InstrumentDefinition | undefined {
  const url = canonical.split('|')[0] ?? '';
  const last = url.split('/').filter(Boolean).at(-1) ?? '';
  for (const id of INSTRUMENT_IDS) {
    const def = getInstrument(id);
    if (url === `${QUESTIONNAIRE_URL_BASE}/${id}`) return def;
    if (def.loinc.panel !== undefined && last === def.loinc.panel) return def;
  }
  return undefined;
}

function leafItems(items: unknown, path: string, out: Array<{ item: QuestionnaireResponseItem; path: string }>): void {
  if (!Array.isArray(items)) return;
  items.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const item = raw as unknown as QuestionnaireResponseItem;
    const here = `${path}[${i}]`;
    if (Array.isArray(item.answer) && item.answer.length > 0) out.push({ item, path: here });
    leafItems(item.item, `${here}.item`, out);
    (item.answer ?? []).forEach((a, j) => leafItems(a.item, `${here}.answer[${j}].item`, out));
  });
}

function instrumentItemFor(def: InstrumentDefinition, item: QuestionnaireResponseItem): InstrumentItem | undefined {
  const linkId = typeof item.linkId === 'string' ? item.linkId : '';
  const lastSegment = linkId.split('/').filter(Boolean).at(-1) ?? linkId;
  return (
    def.items.find((i) => i.linkId === linkId) ??
    def.items.find((i) => i.loinc !== undefined && i.loinc !== '' && i.loinc === lastSegment)
  );
}

function scoreOfCoding(def: InstrumentDefinition, target: InstrumentItem, coding: Coding): number | undefined {
  const byLoinc = target.options.find(
    (o) =>
      o.loincAnswer !== undefined &&
      o.loincAnswer === coding.code &&
      (coding.system === undefined || coding.system === LOINC_SYSTEM),
  );
  if (byLoinc) return byLoinc.score;
  if (coding.system === answerScoreSystem(def.id)) {
    const option = target.options.find((o) => String(o.score) === coding.code);
    if (option) return option.score;
  }
  const ordinal = coding.extension?.find((e) => e.url === ORDINAL_VALUE_EXTENSION)?.valueDecimal;
  const option = target.options.find(
    (o) => o.score === ordinal && (o.loincAnswer === undefined || coding.code === undefined),
  );
  return option?.score;
}

export function importQuestionnaireResponse(body: unknown): ImportedResponse {
  const issues: FieldIssue[] = [];
  if (!isRecord(body) || body.resourceType !== 'QuestionnaireResponse') {
    throw new DomainValidationError([{ field: 'resourceType', message: 'must be QuestionnaireResponse' }]);
  }
  if (body.status !== 'completed')
    issues.push({ field: 'status', message: 'must be completed (only completed responses are scored)' });
  const subject = isRecord(body.subject) ? body.subject.reference : undefined;
  const patientMatch = typeof subject === 'string' ? /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(subject) : null;
  if (!patientMatch) issues.push({ field: 'subject', message: 'must reference the patient, as Patient/<id>' });
  const encounter = isRecord(body.encounter) ? body.encounter.reference : undefined;
  const encounterMatch =
    typeof encounter === 'string' ? /^(?:.*\/)?Encounter\/([A-Za-z0-9\-.]{1,64})$/.exec(encounter) : null;
  if (body.encounter !== undefined && !encounterMatch)
    issues.push({ field: 'encounter', message: 'must reference a treatment session, as Encounter/<id>' });
  let authored: Date | undefined;
  if (body.authored !== undefined) {
    authored =
      typeof body.authored === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(body.authored)
        ? new Date(body.authored)
        : undefined;
    if (authored === undefined || Number.isNaN(authored.getTime()))
      issues.push({ field: 'authored', message: 'must be a FHIR dateTime with a time zone' });
  }
  const def = typeof body.questionnaire === 'string' ? instrumentForQuestionnaire(body.questionnaire) : undefined;
  if (!def) {
    issues.push({
      field: 'questionnaire',
      message:
        'must name a Questionnaire this server scores (its canonical URL, or a LOINC panel such as http://loinc.org/q/44249-1)',
    });
    throw new DomainValidationError(issues);
  }
  const answers: Record<string, number | boolean> = {};
  const senderLinkIds: Record<string, string> = {};
  const leaves: Array<{ item: QuestionnaireResponseItem; path: string }> = [];
  leafItems(body.item, 'item', leaves);
  for (const { item, path } of leaves) {
    const target = instrumentItemFor(def, item);
    if (!target) continue;
    const answer = item.answer?.[0];
    if (answer === undefined) continue;
    senderLinkIds[target.linkId] = item.linkId;
    if (target.answerType === 'boolean') {
      if (typeof answer.valueBoolean === 'boolean') answers[target.linkId] = answer.valueBoolean;
      else issues.push({ field: `${path}.answer[0]`, message: 'must be valueBoolean' });
      continue;
    }
    const score = answer.valueCoding ? scoreOfCoding(def, target, answer.valueCoding) : undefined;
    if (score === undefined) {
      const codes = target.options.map((o) => o.loincAnswer ?? String(o.score)).join(', ');
      issues.push({
        field: `${path}.answer[0].valueCoding`,
        message: `must be one of the item's answer codes (${codes})`,
      });
      continue;
    }
    answers[target.linkId] = score;
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return {
    instrumentId: def.id,
    patientId: patientMatch![1]!,
    answers,
    authored,
    encounterId: encounterMatch?.[1],
    senderLinkIds,
  };
}
