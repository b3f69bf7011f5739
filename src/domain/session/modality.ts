import { DomainValidationError } from '../shared/validation.js';

/**
 * The treatment modalities whose treatment-day rules live in this layer. Other protocols (IM ketamine, KAP,
 * chronic-pain infusions) can be added here once their monitoring and discharge rules are written down.
 */
export const TREATMENT_MODALITIES = ['iv-ketamine', 'esketamine'] as const;
export type TreatmentModality = (typeof TREATMENT_MODALITIES)[number];

export function isTreatmentModality(value: unknown): value is TreatmentModality {
  return typeof value === 'string' && (TREATMENT_MODALITIES as readonly string[]).includes(value);
}

export function assertTreatmentModality(value: unknown, field = 'modality'): TreatmentModality {
  if (!isTreatmentModality(value)) {
    throw new DomainValidationError([{ field, message: `must be one of ${TREATMENT_MODALITIES.join(', ')}` }]);
  }
  return value;
}

export const MODALITY_LABELS: Readonly<Record<TreatmentModality, string>> = {
  'iv-ketamine': 'IV ketamine infusion',
  esketamine: 'Esketamine nasal spray (Spravato)',
};
