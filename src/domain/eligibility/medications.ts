import type { Citation } from '../shared/citation.js';
import { SOURCES } from '../protocols/sources.js';

/**
 * Medicine classes that matter before ketamine or esketamine.
 * - benzodiazepines, opioids, other sedatives and alcohol: CNS depressants; added sedation and respiratory
 *   depression (SPRAVATO label, section 7, Drug Interactions: CNS depressants); benzodiazepines may also blunt
 *   ketamine's antidepressant effect.
 * - lamotrigine: may blunt ketamine's antidepressant effect (it reduces glutamate release).
 * - MAOIs (including linezolid and methylene blue, which inhibit MAO) and psychostimulants: raise blood pressure
 *   further (SPRAVATO label, section 7, Drug Interactions).
 * A medicine that is not in the table below is never dropped: it is returned as unrecognised, and the eligibility
 * rules turn it into a review reason that names it.
 */
export const MEDICATION_CLASSES = [
  'benzodiazepine',
  'lamotrigine',
  'maoi',
  'stimulant',
  'opioid',
  'other-sedative',
  'alcohol',
] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

export interface MedicineEntry {
  /** RxNorm ingredient name, lower case. */
  readonly ingredient: string;
  /**
   * RxNorm ingredient RXCUI, only where checked against a published table (see `RXCUI_SOURCE`); left out rather
   * than guessed.
   */
  readonly rxcui?: string;
  readonly classes: readonly MedicationClass[];
  /** An antidepressant taken by mouth (counts as the oral antidepressant the esketamine label pairs it with). */
  readonly oralAntidepressant?: boolean;
  /** US brand names and other names people write, lower case. */
  readonly names?: readonly string[];
}

/**
 * Where the RXCUIs come from: the CPIC drug table, which keys each drug by its RxNorm ingredient concept.
 * Entries without `rxcui` were not in that table; their codes are left out rather than guessed.
 */
export const RXCUI_SOURCE: Citation = {
  source:
    'Clinical Pharmacogenetics Implementation Consortium (CPIC) database schema, drug table (RxNorm ingredient identifiers)',
  url: 'https://github.com/cpicpgx/cpic-schema/blob/main/drug.sql',
  status: 'published',
};

/** The classes and what they are based on, for the README and the reasons' citations. */
export const MEDICATION_TABLE_SOURCES: readonly Citation[] = [
  SOURCES.spravatoInteractions,
  RXCUI_SOURCE,
  {
    source:
      'US prescribing information of each medicine (brand names and active ingredients); linezolid (ZYVOX) and methylene blue (PROVAYBLUE) labels: reversible MAO inhibitors',
    status: 'label',
  },
];

const e = (
  ingredient: string,
  classes: readonly MedicationClass[],
  names: readonly string[] = [],
  extra: { rxcui?: string; oralAntidepressant?: boolean } = {},
): MedicineEntry => ({ ingredient, classes, names, ...extra });
const ad = { oralAntidepressant: true } as const;

/** The psychiatric and interacting medicines a ketamine clinic sees, by ingredient. */
export const MEDICINES: readonly MedicineEntry[] = [
  // Benzodiazepines (CNS depressants)
  e('alprazolam', ['benzodiazepine'], ['xanax', 'niravam']),
  e('bromazepam', ['benzodiazepine'], ['lexotan']),
  e('chlordiazepoxide', ['benzodiazepine'], ['librium']),
  e('clobazam', ['benzodiazepine'], ['onfi', 'sympazan'], { rxcui: '21241' }),
  e('clonazepam', ['benzodiazepine'], ['klonopin', 'rivotril']),
  e('clorazepate', ['benzodiazepine'], ['tranxene']),
  e('diazepam', ['benzodiazepine'], ['valium', 'valtoco', 'diastat'], { rxcui: '3322' }),
  e('estazolam', ['benzodiazepine'], ['prosom']),
  e('flurazepam', ['benzodiazepine'], ['dalmane']),
  e('lorazepam', ['benzodiazepine'], ['ativan', 'loreev']),
  e('midazolam', ['benzodiazepine'], ['versed', 'nayzilam'], { rxcui: '6960' }),
  e('oxazepam', ['benzodiazepine'], ['serax'], { rxcui: '7781' }),
  e('quazepam', ['benzodiazepine'], ['doral']),
  e('temazepam', ['benzodiazepine'], ['restoril']),
  e('triazolam', ['benzodiazepine'], ['halcion']),
  e('remimazolam', ['benzodiazepine'], ['byfavo']),
  // Opioids (CNS depressants)
  e('morphine', ['opioid'], ['ms contin', 'kadian', 'roxanol'], { rxcui: '7052' }),
  e('oxycodone', ['opioid'], ['oxycontin', 'roxicodone', 'percocet', 'endocet', 'xtampza'], { rxcui: '7804' }),
  e('hydrocodone', ['opioid'], ['norco', 'vicodin', 'lortab', 'hysingla', 'zohydro']),
  e('hydromorphone', ['opioid'], ['dilaudid', 'exalgo']),
  e('oxymorphone', ['opioid'], ['opana']),
  e('fentanyl', ['opioid'], ['duragesic', 'actiq', 'fentora', 'subsys'], { rxcui: '4337' }),
  e('methadone', ['opioid'], ['dolophine', 'methadose'], { rxcui: '6813' }),
  e('buprenorphine', ['opioid'], ['suboxone', 'subutex', 'zubsolv', 'sublocade', 'butrans', 'belbuca', 'brixadi']),
  e('codeine', ['opioid'], ['tylenol with codeine'], { rxcui: '2670' }),
  e('tramadol', ['opioid'], ['ultram', 'conzip', 'ultracet'], { rxcui: '10689' }),
  e('tapentadol', ['opioid'], ['nucynta']),
  e('meperidine', ['opioid'], ['demerol', 'pethidine']),
  e('levorphanol', ['opioid']),
  e('dihydrocodeine', ['opioid']),
  e('alfentanil', ['opioid'], ['alfenta'], { rxcui: '480' }),
  // Other sedatives (CNS depressants)
  e('zolpidem', ['other-sedative'], ['ambien', 'edluar', 'intermezzo']),
  e('zaleplon', ['other-sedative'], ['sonata']),
  e('eszopiclone', ['other-sedative'], ['lunesta']),
  e('zopiclone', ['other-sedative'], ['imovane']),
  e('suvorexant', ['other-sedative'], ['belsomra']),
  e('lemborexant', ['other-sedative'], ['dayvigo']),
  e('daridorexant', ['other-sedative'], ['quviviq']),
  e('gabapentin', ['other-sedative'], ['neurontin', 'gralise', 'horizant']),
  e('pregabalin', ['other-sedative'], ['lyrica']),
  e('phenobarbital', ['other-sedative']),
  e('butalbital', ['other-sedative'], ['fioricet', 'fiorinal']),
  e('carisoprodol', ['other-sedative'], ['soma'], { rxcui: '2101' }),
  e('cyclobenzaprine', ['other-sedative'], ['flexeril', 'amrix']),
  e('baclofen', ['other-sedative'], ['lioresal', 'ozobax']),
  e('tizanidine', ['other-sedative'], ['zanaflex']),
  e('hydroxyzine', ['other-sedative'], ['vistaril', 'atarax']),
  e('diphenhydramine', ['other-sedative'], ['benadryl', 'zzzquil']),
  e('doxylamine', ['other-sedative'], ['unisom']),
  e('promethazine', ['other-sedative'], ['phenergan']),
  e('sodium oxybate', ['other-sedative'], ['xyrem', 'xywav', 'lumryz', 'oxybate']),
  e('zuranolone', ['other-sedative'], ['zurzuvae']),
  // Alcohol (a CNS depressant named in the label)
  e('ethanol', ['alcohol'], ['alcohol', 'beer', 'wine', 'spirits', 'liquor'], { rxcui: '448' }),
  // Psychostimulants and other medicines that raise blood pressure the same way
  e('amphetamine', ['stimulant'], ['adderall', 'mydayis', 'evekeo', 'adzenys', 'dyanavel', 'mixed amphetamine salts']),
  e('dextroamphetamine', ['stimulant'], ['dexedrine', 'zenzedi', 'procentra', 'xelstrym']),
  e('lisdexamfetamine', ['stimulant'], ['vyvanse']),
  e('methamphetamine', ['stimulant'], ['desoxyn']),
  e(
    'methylphenidate',
    ['stimulant'],
    [
      'ritalin',
      'concerta',
      'metadate',
      'methylin',
      'daytrana',
      'quillivant',
      'quillichew',
      'aptensio',
      'cotempla',
      'jornay',
      'relexxii',
    ],
    { rxcui: '6901' },
  ),
  e('dexmethylphenidate', ['stimulant'], ['focalin']),
  e('serdexmethylphenidate', ['stimulant'], ['azstarys']),
  e('modafinil', ['stimulant'], ['provigil'], { rxcui: '30125' }),
  e('armodafinil', ['stimulant'], ['nuvigil']),
  e('solriamfetol', ['stimulant'], ['sunosi']),
  e('phentermine', ['stimulant'], ['adipex', 'lomaira', 'qsymia']),
  // MAO inhibitors (antidepressant MAOIs, and medicines that inhibit MAO)
  e('phenelzine', ['maoi'], ['nardil'], ad),
  e('tranylcypromine', ['maoi'], ['parnate'], ad),
  e('isocarboxazid', ['maoi'], ['marplan'], ad),
  e('selegiline', ['maoi'], ['emsam', 'eldepryl', 'zelapar']),
  e('rasagiline', ['maoi'], ['azilect']),
  e('safinamide', ['maoi'], ['xadago']),
  e('moclobemide', ['maoi'], ['manerix'], ad),
  e('linezolid', ['maoi'], ['zyvox']),
  e('methylene blue', ['maoi'], ['methylthioninium chloride', 'provayblue'], { rxcui: '6878' }),
  e('procarbazine', ['maoi'], ['matulane']),
  // Lamotrigine
  e('lamotrigine', ['lamotrigine'], ['lamictal', 'subvenite'], { rxcui: '28439' }),
  // Oral antidepressants (no class of their own; they make the esketamine MDSI indication possible)
  e('sertraline', [], ['zoloft'], { rxcui: '36437', ...ad }),
  e('fluoxetine', [], ['prozac', 'sarafem'], { rxcui: '4493', ...ad }),
  e('citalopram', [], ['celexa'], { rxcui: '2556', ...ad }),
  e('escitalopram', [], ['lexapro'], { rxcui: '321988', ...ad }),
  e('paroxetine', [], ['paxil', 'pexeva'], { rxcui: '32937', ...ad }),
  e('fluvoxamine', [], ['luvox'], { rxcui: '42355', ...ad }),
  e('venlafaxine', [], ['effexor'], { rxcui: '39786', ...ad }),
  e('desvenlafaxine', [], ['pristiq', 'khedezla'], ad),
  e('duloxetine', [], ['cymbalta', 'drizalma'], { rxcui: '72625', ...ad }),
  e('levomilnacipran', [], ['fetzima'], ad),
  e('bupropion', [], ['wellbutrin', 'aplenzin', 'forfivo', 'zyban'], { rxcui: '42347', ...ad }),
  e('dextromethorphan and bupropion', [], ['auvelity'], ad),
  e('mirtazapine', [], ['remeron'], { rxcui: '15996', ...ad }),
  e('trazodone', [], ['desyrel', 'oleptro'], ad),
  e('nefazodone', [], [], ad),
  e('vilazodone', [], ['viibryd'], ad),
  e('vortioxetine', [], ['trintellix', 'brintellix'], { rxcui: '1455099', ...ad }),
  e('gepirone', [], ['exxua'], ad),
  e('amitriptyline', [], ['elavil'], { rxcui: '704', ...ad }),
  e('nortriptyline', [], ['pamelor', 'aventyl'], { rxcui: '7531', ...ad }),
  e('imipramine', [], ['tofranil'], { rxcui: '5691', ...ad }),
  e('clomipramine', [], ['anafranil'], { rxcui: '2597', ...ad }),
  e('desipramine', [], ['norpramin'], { rxcui: '3247', ...ad }),
  e('doxepin', [], ['sinequan', 'silenor'], { rxcui: '3638', ...ad }),
  e('protriptyline', [], ['vivactil'], { rxcui: '8886', ...ad }),
  e('trimipramine', [], ['surmontil'], { rxcui: '10834', ...ad }),
  e('olanzapine and fluoxetine', [], ['symbyax'], ad),
  // Mood stabilisers, antipsychotics and other psychiatric medicines (recognised; no label interaction class)
  e('lithium', [], ['lithobid', 'eskalith', 'lithium carbonate', 'lithium citrate']),
  e('valproic acid', [], ['depakote', 'depakene', 'divalproex', 'valproate', 'depakote er'], { rxcui: '11118' }),
  e('carbamazepine', [], ['tegretol', 'equetro', 'carbatrol'], { rxcui: '2002' }),
  e('oxcarbazepine', [], ['trileptal', 'oxtellar'], { rxcui: '32624' }),
  e('topiramate', [], ['topamax', 'trokendi', 'qudexy']),
  e('quetiapine', [], ['seroquel']),
  e('aripiprazole', [], ['abilify', 'aristada'], { rxcui: '89013' }),
  e('brexpiprazole', [], ['rexulti'], { rxcui: '1658314' }),
  e('cariprazine', [], ['vraylar']),
  e('lurasidone', [], ['latuda']),
  e('lumateperone', [], ['caplyta']),
  e('olanzapine', [], ['zyprexa'], { rxcui: '61381' }),
  e('risperidone', [], ['risperdal'], { rxcui: '35636' }),
  e('paliperidone', [], ['invega']),
  e('ziprasidone', [], ['geodon']),
  e('clozapine', [], ['clozaril', 'versacloz'], { rxcui: '2626' }),
  e('haloperidol', [], ['haldol'], { rxcui: '5093' }),
  e('buspirone', [], ['buspar']),
  e('atomoxetine', [], ['strattera'], { rxcui: '38400' }),
  e('guanfacine', [], ['intuniv', 'tenex']),
  e('clonidine', [], ['catapres', 'kapvay']),
  e('prazosin', [], ['minipress']),
  e('propranolol', [], ['inderal'], { rxcui: '8787' }),
  e('naltrexone', [], ['vivitrol', 'revia'], { rxcui: '7243' }),
  e('acamprosate', [], ['campral']),
  e('disulfiram', [], ['antabuse']),
  e('varenicline', [], ['chantix']),
  e('nicotine', [], ['nicorette', 'nicoderm'], { rxcui: '7407' }),
  e('melatonin', []),
  // Common medicines outside the label's interaction classes (section 7), recognised so that they do not each need a
  // review; nothing here sedates like a CNS depressant or raises blood pressure like a stimulant or an MAOI.
  e('acetaminophen', [], ['tylenol', 'paracetamol', 'apap']),
  e('ibuprofen', [], ['advil', 'motrin']),
  e('naproxen', [], ['aleve', 'naprosyn']),
  e('aspirin', [], ['asa'], { rxcui: '1191' }),
  e('lisinopril', [], ['zestril', 'prinivil']),
  e('losartan', [], ['cozaar']),
  e('amlodipine', [], ['norvasc']),
  e('hydrochlorothiazide', [], ['hctz', 'microzide'], { rxcui: '5487' }),
  e('metoprolol', [], ['lopressor', 'toprol'], { rxcui: '6918' }),
  e('atorvastatin', [], ['lipitor'], { rxcui: '83367' }),
  e('rosuvastatin', [], ['crestor'], { rxcui: '301542' }),
  e('simvastatin', [], ['zocor'], { rxcui: '36567' }),
  e('metformin', [], ['glucophage'], { rxcui: '6809' }),
  e('levothyroxine', [], ['synthroid', 'levoxyl', 'euthyrox']),
  e('omeprazole', [], ['prilosec'], { rxcui: '7646' }),
  e('pantoprazole', [], ['protonix'], { rxcui: '40790' }),
  e('albuterol', [], ['salbutamol', 'proair', 'ventolin'], { rxcui: '435' }),
  e('montelukast', [], ['singulair']),
  e('cetirizine', [], ['zyrtec']),
  e('loratadine', [], ['claritin']),
  e('vitamin d', [], ['cholecalciferol', 'ergocalciferol']),
  e('folic acid', [], ['folate']),
];

/** Dose units, frequencies, release suffixes, dose forms and salts: none of them changes the ingredient. */
const NOISE_WORDS = new Set([
  // release and formulation suffixes
  'xr',
  'er',
  'sr',
  'xl',
  'cr',
  'la',
  'ir',
  'ls',
  'odt',
  'dr',
  'xt',
  'cd',
  'ds',
  'es',
  'hs',
  'ec',
  'mr',
  'pr',
  'sa',
  'ta',
  'ct',
  'xrt',
  'extended',
  'sustained',
  'controlled',
  'modified',
  'delayed',
  'immediate',
  'prolonged',
  'release',
  'released',
  'acting',
  'long',
  'short',
  // dose forms and routes
  'tablet',
  'tablets',
  'tab',
  'tabs',
  'capsule',
  'capsules',
  'cap',
  'caps',
  'oral',
  'po',
  'solution',
  'suspension',
  'liquid',
  'syrup',
  'patch',
  'transdermal',
  'injection',
  'inj',
  'iv',
  'im',
  'sublingual',
  'sl',
  'film',
  'spray',
  'nasal',
  'drops',
  'chewable',
  'disintegrating',
  'orally',
  'sprinkle',
  'generic',
  // units and frequencies
  'mg',
  'mcg',
  'ug',
  'µg',
  'g',
  'ml',
  'units',
  'unit',
  'daily',
  'nightly',
  'bid',
  'tid',
  'qid',
  'qd',
  'qhs',
  'qam',
  'qpm',
  'prn',
  'once',
  'twice',
  'a',
  'day',
  'per',
  'at',
  'night',
  'bedtime',
  'morning',
  'evening',
  'as',
  'needed',
  'every',
  'weekly',
  'times',
  'x',
  'mg/day',
  'hr',
  'h',
  // salts and esters
  'hydrochloride',
  'hcl',
  'hydrobromide',
  'hbr',
  'sodium',
  'potassium',
  'besylate',
  'besilate',
  'mesylate',
  'mesilate',
  'dimesylate',
  'maleate',
  'succinate',
  'tartrate',
  'bitartrate',
  'citrate',
  'sulfate',
  'sulphate',
  'phosphate',
  'fumarate',
  'oxalate',
  'acetate',
  'carbonate',
  'bromide',
  'chloride',
  'napsylate',
  'pamoate',
  'lauroxil',
  'monohydrate',
  'dihydrate',
  'hemihydrate',
  'anhydrous',
  'salts',
  'salt',
]);

/** Name -> entry for every ingredient, brand and other name (all lower case, noise words removed). */
const BY_NAME: ReadonlyMap<string, MedicineEntry> = (() => {
  const map = new Map<string, MedicineEntry>();
  for (const entry of MEDICINES) {
    for (const name of [entry.ingredient, ...(entry.names ?? [])]) {
      const key = stripNoise(name);
      if (!map.has(key)) map.set(key, entry);
    }
  }
  return map;
})();

function stripNoise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[®™]/g, '')
    .replace(/\d+(\.\d+)?\s*(mg|mcg|µg|ug|g|ml|%|units?)\b/g, ' ')
    .replace(/[,;:]/g, ' ')
    .split(/\s+/)
    .filter(
      (w) =>
        w !== '' &&
        !NOISE_WORDS.has(w) &&
        !/^[\d.]+(mg|mcg|ml)?$/.test(w) &&
        !/^#?\d+$/.test(w) &&
        !/^[\d.]+(\/[\d.]+)+(mg|mcg)?$/.test(w) &&
        w !== '-',
    )
    .join(' ')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The entry for one written name (no combinations), after noise words are removed. No guessing from part of a
 * name: "Tylenol PM" (with diphenhydramine) or "Claritin-D" (with pseudoephedrine) must not pass as the plain product.
 */
function lookupOne(text: string): MedicineEntry | undefined {
  const key = stripNoise(text);
  return key === '' ? undefined : BY_NAME.get(key);
}

export interface NormalisedMedicine {
  /** As written (trimmed). */
  readonly written: string;
  /** The ingredients it was recognised as (a combination product gives several). Empty when unrecognised. */
  readonly ingredients: readonly MedicineEntry[];
  /** Parts of a combination that were not recognised, as written (e.g. 'acetaminophen' in 'oxycodone/acetaminophen'). */
  readonly unrecognisedParts: readonly string[];
}

/** Ingredients whose only job in a combination is analgesia or the like and that no rule reads. */
const INERT_COMBINATION_PARTS = new Set([
  'acetaminophen',
  'paracetamol',
  'apap',
  'ibuprofen',
  'aspirin',
  'naloxone',
  'caffeine',
]);

/**
 * One medicine as written ("Xanax 0.5 mg", "Adderall XR", "lorazepam 1 mg", "bupropion HCl XL 300mg",
 * "oxycodone/acetaminophen") normalised to its ingredients. Brand names, doses, release suffixes, dose forms and
 * salts are removed before matching; a name in parentheses is tried as well ("alprazolam (Xanax)").
 */
export function normaliseMedicine(written: string): NormalisedMedicine {
  const text = written.trim();
  const candidates = [text.replace(/\(.*?\)/g, ' '), ...[...text.matchAll(/\(([^)]*)\)/g)].map((m) => m[1] ?? '')];
  for (const candidate of candidates) {
    const whole = lookupOne(candidate);
    if (whole) return { written: text, ingredients: [whole], unrecognisedParts: [] };
    // A combination: "oxycodone/acetaminophen", "dextroamphetamine-amphetamine", "tramadol + paracetamol".
    const parts = candidate
      .split(/\s*(?:\/|\+|&|-|\band\b|\bwith\b)\s*/i)
      .map((p) => p.trim())
      .filter((p) => stripNoise(p) !== '');
    if (parts.length > 1) {
      const found = parts.map((p) => ({ p, entry: lookupOne(p) }));
      const ingredients = found.flatMap((f) => (f.entry ? [f.entry] : []));
      if (ingredients.length > 0) {
        const unrecognisedParts = found
          .filter((f) => !f.entry && !INERT_COMBINATION_PARTS.has(stripNoise(f.p)))
          .map((f) => f.p);
        return { written: text, ingredients, unrecognisedParts };
      }
    }
  }
  return { written: text, ingredients: [], unrecognisedParts: [] };
}

export interface MedicationClassification {
  /** Class -> the medicines as written that fall in it (in the order given). */
  readonly classes: ReadonlyMap<MedicationClass, readonly string[]>;
  /** Medicines (or parts of combinations) that are not in the table: each must reach a prescriber by name. */
  readonly unrecognised: readonly string[];
  /** Medicines recognised as oral antidepressants, as written. */
  readonly oralAntidepressants: readonly string[];
  /** Every medicine with what it was recognised as. */
  readonly medicines: readonly NormalisedMedicine[];
}

/** Classifies every medicine; nothing is dropped (see `unrecognised`). */
export function classifyMedicationList(medications: readonly string[]): MedicationClassification {
  const classes = new Map<MedicationClass, string[]>();
  const unrecognised: string[] = [];
  const oralAntidepressants: string[] = [];
  const medicines = medications.map(normaliseMedicine);
  for (const medicine of medicines) {
    if (medicine.ingredients.length === 0) unrecognised.push(medicine.written);
    for (const part of medicine.unrecognisedParts) unrecognised.push(`${part} (in ${medicine.written})`);
    for (const entry of medicine.ingredients) {
      if (entry.oralAntidepressant && !oralAntidepressants.includes(medicine.written))
        oralAntidepressants.push(medicine.written);
      for (const cls of entry.classes) {
        const list = classes.get(cls) ?? [];
        if (!list.includes(medicine.written)) list.push(medicine.written);
        classes.set(cls, list);
      }
    }
  }
  return { classes, unrecognised, oralAntidepressants, medicines };
}

/** The classes each medicine falls in, as class -> the medicines (in the order given) that matched it. */
export function classifyMedications(medications: readonly string[]): ReadonlyMap<MedicationClass, readonly string[]> {
  return classifyMedicationList(medications).classes;
}

/** Per class, the ingredient names in it (derived from `MEDICINES`). */
export const MEDICATION_CLASS_MEMBERS: Readonly<Record<MedicationClass, readonly string[]>> = (() => {
  const members = {} as Record<MedicationClass, readonly string[]>;
  for (const cls of MEDICATION_CLASSES)
    members[cls] = MEDICINES.filter((m) => m.classes.includes(cls)).map((m) => m.ingredient);
  return members;
})();
