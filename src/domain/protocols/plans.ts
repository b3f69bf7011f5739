/**
 * Rules a treatment plan follows once made from a protocol: which protocol it is held to, whether it needs a weight,
 * and what may be done to it in each status. Pure.
 */
import { getProtocol } from './definitions.js';
import type { Protocol } from './protocol.js';
import { applyProtocolSettings } from './settings.js';

/**
 * The protocol exactly as the plan was made from it: the shipped version with the clinic's settings of that day
 * (stored with the plan), so a later change of the clinic's settings never changes a plan already made.
 */
export function planProtocol(row: { protocolId: string; protocolSettings: Record<string, unknown> }): Protocol {
  const base = getProtocol(row.protocolId);
  return Object.keys(row.protocolSettings).length > 0 ? applyProtocolSettings(base, row.protocolSettings) : base;
}

/**
 * Whether doses are planned by weight: always for mg/kg protocols (IV ketamine 0.5 mg/kg, Sanacora et al. 2017; the
 * pain infusion in mg/kg/h, Cohen et al. 2018), for the KAP protocol only when it is given intramuscularly (IM doses
 * are mg/kg; sublingual lozenges are fixed doses), never for esketamine (fixed 56/84 mg devices, SPRAVATO US PI
 * section 2). The protocol says which (`needsWeight`).
 */
export function protocolNeedsWeight(protocol: Protocol, route: unknown): boolean {
  return protocol.needsWeight === true || (protocol.needsWeight === 'for-intramuscular' && route === 'intramuscular');
}

export type PlanStatus = 'draft' | 'active' | 'completed' | 'discontinued';
export type PlanAction = 'sign' | 'review' | 'discontinue';

/**
 * What may be done to a plan in each status. A prescriber signs a draft, which makes it active; only an active
 * (signed) plan is reviewed; a draft or an active plan may be discontinued. A completed or discontinued plan is
 * closed: nothing more happens to it (a signed plan never changes; reviews and discontinuing are new records).
 */
export const PLAN_ACTIONS_FROM: Readonly<Record<PlanAction, readonly PlanStatus[]>> = {
  sign: ['draft'],
  review: ['active'],
  discontinue: ['draft', 'active'],
};

export function planAllows(action: PlanAction, status: PlanStatus): boolean {
  return PLAN_ACTIONS_FROM[action].includes(status);
}
