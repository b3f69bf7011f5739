/**
 * Codes the issue-4 API speaks, with the words the app shows for them. The codes, their order and each protocol's
 * modality come from the domain (src/domain/eligibility/conditions.ts and treatment-resistance.ts,
 * src/domain/protocols/modality.ts, protocol.ts and definitions.ts), and so do the condition names; the other
 * words are the app's, and the compiler holds each word list to the domain's codes.
 */
import { CONDITION_CODES, CONDITION_NAMES, type ConditionCode } from '../../../domain/eligibility/conditions';
import { ADHERENCE_LEVELS, TRIAL_OUTCOMES } from '../../../domain/eligibility/treatment-resistance';
import { PROTOCOLS as PROTOCOL_DEFINITIONS } from '../../../domain/protocols/definitions';
import { MODALITIES, type Modality } from '../../../domain/protocols/modality';
import { PROTOCOL_IDS, type ProtocolId } from '../../../domain/protocols/protocol';

export type { Modality };
export { MODALITIES };

export const MODALITY_LABELS: Readonly<Record<Modality, string>> = {
  'iv-ketamine': 'IV ketamine (mood)',
  'im-ketamine': 'IM ketamine (mood)',
  'esketamine-nasal': 'Esketamine nasal spray',
  kap: 'Ketamine-assisted psychotherapy',
  'iv-ketamine-pain': 'IV ketamine (chronic pain)',
};

export function modalityLabel(modality: string): string {
  return MODALITY_LABELS[modality as Modality] ?? modality;
}

export type { ConditionCode };

/** The intake's checklist, in the server's order. */
export const CONDITIONS: ReadonlyArray<{ readonly code: ConditionCode; readonly label: string }> = CONDITION_CODES.map(
  (code) => ({ code, label: CONDITION_NAMES[code] }),
);

export type { ProtocolId };

const PROTOCOL_LABELS: Readonly<Record<ProtocolId, string>> = {
  'iv-ketamine-induction': 'IV ketamine induction series (mood)',
  'iv-ketamine-maintenance': 'IV ketamine maintenance infusions (mood)',
  'esketamine-trd': 'Esketamine for treatment-resistant depression',
  'esketamine-mdsi': 'Esketamine for MDD with acute suicidal ideation',
  kap: 'Ketamine-assisted psychotherapy',
  'iv-ketamine-pain': 'IV ketamine for chronic pain',
};

/** The protocols in the server's order, each with its modality (from the protocol's definition) and the app's words. */
export const PROTOCOLS: ReadonlyArray<{
  readonly id: ProtocolId;
  readonly modality: Modality;
  readonly label: string;
}> = PROTOCOL_IDS.map((id) => ({ id, modality: PROTOCOL_DEFINITIONS[id].modality, label: PROTOCOL_LABELS[id] }));

export { ADHERENCE_LEVELS, TRIAL_OUTCOMES };
export type Adherence = (typeof ADHERENCE_LEVELS)[number];
export type TrialOutcome = (typeof TRIAL_OUTCOMES)[number];

/** 'partial-response' -> 'Partial response'. */
export function words(code: string): string {
  const text = code.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
