/**
 * The forms of ketamine treatment the platform knows. Eligibility rules, protocols and consent documents are all
 * keyed by modality.
 */
export const MODALITIES = ['iv-ketamine', 'im-ketamine', 'esketamine-nasal', 'kap', 'iv-ketamine-pain'] as const;
export type Modality = (typeof MODALITIES)[number];

export const MODALITY_NAMES: Readonly<Record<Modality, string>> = {
  'iv-ketamine': 'Intravenous ketamine for mood disorders',
  'im-ketamine': 'Intramuscular ketamine for mood disorders',
  'esketamine-nasal': 'Esketamine nasal spray (Spravato)',
  kap: 'Ketamine-assisted psychotherapy',
  'iv-ketamine-pain': 'Intravenous ketamine for chronic pain',
};

export function isModality(value: unknown): value is Modality {
  return typeof value === 'string' && (MODALITIES as readonly string[]).includes(value);
}

/** Racemic ketamine is off-label for psychiatric and chronic-pain use; esketamine nasal spray is FDA-approved. */
export function isRacemicKetamine(modality: Modality): boolean {
  return modality !== 'esketamine-nasal';
}
