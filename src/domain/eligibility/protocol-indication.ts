/**
 * Whether the eligibility facts establish the indication a protocol's schedule is for. Pure.
 */
import { esketamineIndicationsEstablished } from './evaluate.js';

const ESKETAMINE_INDICATIONS = {
  'esketamine-trd': { indication: 'trd', name: 'treatment-resistant depression' },
  'esketamine-mdsi': {
    indication: 'mdsi',
    name: 'MDD with acute suicidal ideation or behaviour with an oral antidepressant',
  },
} as const;

/**
 * The indication a protocol is for when the facts do not establish it, else null. Esketamine has one schedule per
 * labelled indication (SPRAVATO US PI sections 1 and 2: TRD, and MDD with acute suicidal ideation or behaviour with
 * an oral antidepressant); a plan must follow the schedule of the indication the facts establish. Other protocols
 * have no such condition. Prescribers who overrode the eligibility decision with documented reasons are not asked
 * this (the caller decides that).
 */
export function protocolIndicationNotEstablished(protocolId: string, facts: unknown): string | null {
  const wanted = ESKETAMINE_INDICATIONS[protocolId as keyof typeof ESKETAMINE_INDICATIONS];
  if (!wanted) return null;
  return esketamineIndicationsEstablished(facts)[wanted.indication] ? null : wanted.name;
}
