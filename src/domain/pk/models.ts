import type { Citation } from '../shared/citation.js';

/**
 * Linear mammillary compartment models of racemic ketamine: a central compartment (plasma, volume V1) exchanging
 * with one or two peripheral compartments, elimination from the central one. Rate constants are per minute and V1
 * is litres per kg of body weight. The values are the ones coded in the open-source opentiva project
 * (opentiva/ketamine.py); we could not read the original papers, so each model says so in `parameterSource`.
 */
export interface PkModel {
  readonly id: 'domino-1982' | 'clements-1981' | 'hijazi-2003';
  readonly name: string;
  readonly compartments: 2 | 3;
  /** Central volume, L/kg. */
  readonly v1LPerKg: number;
  /** Elimination and inter-compartment rate constants, 1/min. */
  readonly k10: number;
  readonly k12: number;
  readonly k21: number;
  readonly k13?: number;
  readonly k31?: number;
  /** The study the parameters come from. */
  readonly citation: Citation;
  /** Where the numbers were taken from and how far we could check them. */
  readonly parameterSource: Citation;
  readonly notes: string;
}

const OPENTIVA = 'opentiva (open-source TCI simulator), opentiva/ketamine.py';
const OPENTIVA_URL = 'https://github.com/opentiva/opentiva/blob/main/opentiva/ketamine.py';

export const DOMINO_1982: PkModel = {
  id: 'domino-1982',
  name: 'Domino (1982), 3-compartment',
  compartments: 3,
  v1LPerKg: 0.063,
  k10: 0.4381,
  k12: 0.5921,
  k13: 0.59,
  k21: 0.247,
  k31: 0.0146,
  citation: {
    source: 'Domino EF, et al. 1982 (PubMed 7198883; reference as indexed by opentiva, paper not read)',
    url: 'https://pubmed.ncbi.nlm.nih.gov/7198883/',
    status: 'published',
  },
  parameterSource: {
    source: OPENTIVA,
    detail:
      'class Domino: V1 = 0.063 L/kg; k10 0.4381, k12 0.5921, k13 0.5900, k21 0.2470, k31 0.0146 per min (the same ' +
      'values, rounded, appear in an independent TCI implementation). Not checked against the paper itself.',
    url: OPENTIVA_URL,
    status: 'published',
  },
  notes:
    'Default model for the session chart. A small central volume: the predicted peak is sensitive to the infusion rate.',
};

export const CLEMENTS_1981: PkModel = {
  id: 'clements-1981',
  name: 'Clements 250 ug/kg (1981), 2-compartment',
  compartments: 2,
  v1LPerKg: 1.7522,
  k10: 0.0109,
  k12: 0.0186,
  k21: 0.0137,
  citation: {
    source:
      'Clements JA, Nimmo WS. Br J Anaesth 1981;53(1):27 (PubMed 7459184; reference as indexed by opentiva, paper not read)',
    url: 'https://doi.org/10.1093/bja/53.1.27',
    status: 'published',
  },
  parameterSource: {
    source: OPENTIVA,
    detail:
      'class Clements250 (250 ug/kg bolus data): V1 = 1.7522 L/kg; k10 0.0109, k12 0.0186, k21 0.0137 per min. The large ' +
      'central volume is as coded there and is unverified against the paper.',
    url: OPENTIVA_URL,
    status: 'published',
  },
  notes: 'Derived from small intravenous boluses; unverified parameters (see parameterSource).',
};

export const HIJAZI_2003: PkModel = {
  id: 'hijazi-2003',
  name: 'Hijazi (2003), 2-compartment',
  compartments: 2,
  v1LPerKg: 1.08,
  k10: 0.0333,
  k12: 0.0088,
  k21: 0.003,
  citation: {
    source: 'Hijazi Y, et al. Br J Anaesth 2003 (PubMed 12538370; reference as indexed by opentiva, paper not read)',
    url: 'https://doi.org/10.1093/bja/aeg028',
    status: 'published',
  },
  parameterSource: {
    source: OPENTIVA,
    detail:
      'class Hijazi: V1 = 1.08 L/kg; k10 0.0333, k12 0.0088, k21 0.0030 per min. opentiva marks the model valid only ' +
      'up to age 18; the study population differs from an outpatient psychiatric clinic.',
    url: OPENTIVA_URL,
    status: 'published',
  },
  notes: 'Shown for comparison only (see parameterSource for its validity limits).',
};

export const PK_MODELS: readonly PkModel[] = [DOMINO_1982, CLEMENTS_1981, HIJAZI_2003];
export const DEFAULT_PK_MODEL = DOMINO_1982;

export function pkModelById(id: string): PkModel | undefined {
  return PK_MODELS.find((m) => m.id === id);
}
