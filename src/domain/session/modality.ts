import { DomainValidationError } from '../shared/validation.js';
import { MODALITY_NAMES, type Modality } from '../protocols/modality.js';

/**
 * The modalities whose treatment-day rules (checklist, monitoring, discharge, billing) live in this layer, named as
 * in `protocols/modality.ts`. IV infusions for mood and for chronic pain share the infusion rules. IM ketamine and
 * KAP sessions can be added once their monitoring and discharge rules are written down.
 */
export const TREATMENT_DAY_MODALITIES = [
  'iv-ketamine',
  'iv-ketamine-pain',
  'esketamine-nasal',
] as const satisfies readonly Modality[];
export type TreatmentModality = (typeof TREATMENT_DAY_MODALITIES)[number];
export type IvInfusionModality = Extract<TreatmentModality, 'iv-ketamine' | 'iv-ketamine-pain'>;

export function isTreatmentModality(value: unknown): value is TreatmentModality {
  return typeof value === 'string' && (TREATMENT_DAY_MODALITIES as readonly string[]).includes(value);
}

export function isIvInfusion(modality: TreatmentModality): modality is IvInfusionModality {
  return modality === 'iv-ketamine' || modality === 'iv-ketamine-pain';
}

export function assertTreatmentModality(value: unknown, field = 'modality'): TreatmentModality {
  if (!isTreatmentModality(value)) {
    throw new DomainValidationError([{ field, message: `must be one of ${TREATMENT_DAY_MODALITIES.join(', ')}` }]);
  }
  return value;
}

export function modalityName(modality: TreatmentModality): string {
  return MODALITY_NAMES[modality];
}
