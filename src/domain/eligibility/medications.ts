/**
 * Medicine classes that matter before ketamine or esketamine, each a list of lower-case generic names.
 * - benzodiazepines, opioids, other sedatives: added sedation and respiratory depression (Spravato label,
 *   Drug Interactions: CNS depressants); benzodiazepines may also blunt ketamine's antidepressant effect.
 * - lamotrigine: may blunt ketamine's antidepressant effect (it reduces glutamate release).
 * - MAOIs and psychostimulants: raise blood pressure further (Spravato label, Drug Interactions).
 * The lists are data: extend them rather than matching on fragments of names. Antidepressants and antipsychotics
 * in routine use are deliberately not listed as sedatives.
 */
export const MEDICATION_CLASSES = ['benzodiazepine', 'lamotrigine', 'maoi', 'stimulant', 'opioid', 'other-sedative'] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

export const MEDICATION_CLASS_MEMBERS: Readonly<Record<MedicationClass, readonly string[]>> = {
  benzodiazepine: [
    'alprazolam', 'bromazepam', 'chlordiazepoxide', 'clobazam', 'clonazepam', 'clorazepate', 'diazepam', 'estazolam',
    'flurazepam', 'lorazepam', 'midazolam', 'oxazepam', 'quazepam', 'temazepam', 'triazolam', 'remimazolam',
  ],
  lamotrigine: ['lamotrigine'],
  maoi: ['phenelzine', 'tranylcypromine', 'isocarboxazid', 'selegiline', 'rasagiline', 'safinamide', 'moclobemide'],
  stimulant: [
    'amphetamine', 'dextroamphetamine', 'lisdexamfetamine', 'methamphetamine', 'methylphenidate', 'dexmethylphenidate',
    'serdexmethylphenidate', 'modafinil', 'armodafinil', 'solriamfetol', 'phentermine',
  ],
  opioid: [
    'morphine', 'oxycodone', 'hydrocodone', 'hydromorphone', 'oxymorphone', 'fentanyl', 'methadone', 'buprenorphine',
    'codeine', 'tramadol', 'tapentadol', 'meperidine', 'levorphanol', 'dihydrocodeine',
  ],
  'other-sedative': [
    'zolpidem', 'zaleplon', 'eszopiclone', 'zopiclone', 'suvorexant', 'lemborexant', 'daridorexant', 'gabapentin',
    'pregabalin', 'phenobarbital', 'butalbital', 'carisoprodol', 'cyclobenzaprine', 'baclofen', 'tizanidine',
    'hydroxyzine', 'diphenhydramine', 'doxylamine', 'promethazine', 'sodium oxybate',
  ],
};

/** The classes each medicine falls in, as class -> the medicines (in the order given) that matched it. */
export function classifyMedications(medications: readonly string[]): ReadonlyMap<MedicationClass, readonly string[]> {
  const found = new Map<MedicationClass, string[]>();
  for (const name of medications) {
    for (const cls of MEDICATION_CLASSES) {
      if (MEDICATION_CLASS_MEMBERS[cls].includes(name)) {
        const list = found.get(cls) ?? [];
        if (!list.includes(name)) list.push(name);
        found.set(cls, list);
      }
    }
  }
  return found;
}
