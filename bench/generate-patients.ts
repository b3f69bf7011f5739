/**
 * Synthetic, fictitious patients for benchmarks and manual testing. Deterministic: the same seed and index give
 * the same patient on every machine (a small seeded PRNG, no clock, no Math.random). Every payload is valid for
 * POST /api/patients (`PatientInputSchema`). Phone numbers use the fictitious 555-01xx range, emails the
 * reserved example.com domain.
 *
 * As a module:   generatePatients(1000, { seed: 7 }), loadPatientsThroughApi({ session, patients, concurrency })
 * As a command:  tsx bench/generate-patients.ts --patients 100                 (JSON lines on stdout)
 *                tsx bench/generate-patients.ts --patients 5000 --url http://127.0.0.1:3000 \
 *                  [--email front_desk@demo.ketaclinic.test] [--password …] [--concurrency 4] [--seed 1]
 *                                                                            (inserts through the API)
 */
import { realpathSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PatientDto, PatientInput } from '../src/contract/patients.js';
import {
  apiRequest,
  demoPassword,
  DEMO_FRONT_DESK_EMAIL,
  runBounded,
  signIn,
  type ApiSession,
} from './lib/api-client.js';

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for test data, never for secrets. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEMALE_NAMES = [
  'Ada',
  'Amara',
  'Beatriz',
  'Camille',
  'Chiara',
  'Dana',
  'Elena',
  'Fatima',
  'Freya',
  'Grace',
  'Hana',
  'Ines',
  'Isla',
  'Jana',
  'Keiko',
  'Lena',
  'Maya',
  'Nadia',
  'Olivia',
  'Priya',
  'Rosa',
  'Saoirse',
  'Tamsin',
  'Yara',
  'Zoë',
];
const MALE_NAMES = [
  'Aarav',
  'Bruno',
  'Callum',
  'Darius',
  'Emeka',
  'Felix',
  'Gabriel',
  'Hugo',
  'Ivan',
  'Jonas',
  'Kenji',
  'Luca',
  'Mateo',
  'Nikolai',
  'Oscar',
  'Pavel',
  'Quentin',
  'Rafael',
  'Soren',
  'Tariq',
  'Umar',
  'Victor',
  'Wei',
  'Yusuf',
  'Zane',
];
const NEUTRAL_NAMES = ['Alex', 'Ash', 'Jordan', 'Morgan', 'Quinn', 'Riley', 'Robin', 'Sage', 'Sasha', 'Taylor'];
const FAMILY_NAMES = [
  'Abara',
  'Ahlberg',
  'Alvarez',
  'Bakshi',
  'Baptiste',
  'Bergstrom',
  'Castellano',
  'Chowdhury',
  'Costa',
  'Dlamini',
  'Donovan',
  'Eriksen',
  'Esposito',
  'Fairbanks',
  'Fonseca',
  'Galloway',
  'Gutiérrez',
  'Hadley',
  'Hashemi',
  'Ivanova',
  'Jablonski',
  'Kamara',
  'Kowalczyk',
  'Lachance',
  'Lindgren',
  'Makoa',
  'Marchetti',
  'Moreau',
  'Nakamura',
  'Novak',
  "O'Sullivan",
  'Okonkwo',
  'Pereira',
  'Petrov',
  'Quintero',
  'Rahman',
  'Reyes',
  'Sandoval',
  'Schneider',
  'Sørensen',
  'Takeda',
  'Thorne',
  'Uchenna',
  'Van der Berg',
  'Vasquez',
  'Wainwright',
  'Whitaker',
  'Xiong',
  'Yamada',
  'Zielinski',
];
const STREETS = [
  'Alder',
  'Birch',
  'Cedar',
  'Dogwood',
  'Elm',
  'Juniper',
  'Laurel',
  'Maple',
  'Oak',
  'Spruce',
  'Sycamore',
  'Willow',
];
const CITIES: ReadonlyArray<readonly [city: string, region: string, zip: string]> = [
  ['Springfield', 'IL', '627'],
  ['Riverton', 'WY', '825'],
  ['Fairview', 'OR', '970'],
  ['Greenville', 'SC', '296'],
  ['Madison', 'WI', '537'],
  ['Salem', 'MA', '019'],
  ['Franklin', 'TN', '370'],
  ['Clinton', 'IA', '527'],
];
const AREA_CODES = ['212', '303', '312', '415', '503', '617', '720', '808'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}
const digits = (rng: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
const pad2 = (n: number) => String(n).padStart(2, '0');
/** Lower-case ASCII letters only (for email local parts). */
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

export interface GeneratorOptions {
  /** Default 1. Same seed, same patients. */
  readonly seed?: number;
  /** Index of the first patient (use disjoint ranges for disjoint data sets with the same seed). Default 0. */
  readonly startIndex?: number;
}

/** Patient number `index` of the data set `seed`: independent of how many are generated before it. */
export function syntheticPatient(seed: number, index: number): PatientInput {
  const rng = mulberry32(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const roll = rng();
  const sex: PatientInput['sex'] = roll < 0.48 ? 'female' : roll < 0.96 ? 'male' : roll < 0.99 ? 'other' : 'unknown';
  const givenName =
    sex === 'female' ? pick(rng, FEMALE_NAMES) : sex === 'male' ? pick(rng, MALE_NAMES) : pick(rng, NEUTRAL_NAMES);
  const familyName = pick(rng, FAMILY_NAMES);
  // Adults, born 1941-2007; fixed range so the data never depends on today's date.
  const year = 1941 + Math.floor(rng() * 67);
  const month = 1 + Math.floor(rng() * 12);
  const day = 1 + Math.floor(rng() * (DAYS_IN_MONTH[month - 1] ?? 28));
  const patient: PatientInput = { givenName, familyName, dateOfBirth: `${year}-${pad2(month)}-${pad2(day)}`, sex };
  if (rng() < 0.85) patient.phone = `(${pick(rng, AREA_CODES)}) 555-01${digits(rng, 2)}`;
  if (rng() < 0.6) patient.email = `${ascii(givenName)}.${ascii(familyName)}${index}@example.com`;
  if (rng() < 0.5) {
    const [city, region, zip] = pick(rng, CITIES);
    patient.address = {
      line: `${10 + Math.floor(rng() * 9000)} ${pick(rng, STREETS)} Street`,
      city,
      region,
      postalCode: `${zip}${digits(rng, 2)}`,
      country: 'US',
    };
  }
  return patient;
}

export function generatePatients(count: number, options: GeneratorOptions = {}): PatientInput[] {
  const seed = options.seed ?? 1;
  const start = options.startIndex ?? 0;
  return Array.from({ length: count }, (_, i) => syntheticPatient(seed, start + i));
}

/** What the benchmarks keep of a created patient: enough to read it back and to search for it. */
export type CreatedPatient = Pick<PatientDto, 'id' | 'mrn' | 'givenName' | 'familyName' | 'dateOfBirth'>;

/**
 * Realistic searches over a loaded data set, rotating through the kinds the front desk types: a family-name
 * prefix, a given name, "given family", a date of birth and an MRN.
 */
export function searchQueries(patients: readonly CreatedPatient[], count: number): string[] {
  if (patients.length === 0) return FAMILY_NAMES.slice(0, count).map((n) => n.slice(0, 3).toLowerCase());
  return Array.from({ length: count }, (_, i) => {
    const p = patients[(i * 7919) % patients.length] as CreatedPatient;
    switch (i % 5) {
      case 0:
        return p.familyName.slice(0, 3).toLowerCase();
      case 1:
        return p.givenName;
      case 2:
        return `${p.givenName} ${p.familyName}`;
      case 3:
        return p.dateOfBirth;
      default:
        return p.mrn;
    }
  });
}

export interface LoadResult {
  readonly created: CreatedPatient[];
  /** Creates not answered 201 (status 0: no answer). */
  readonly failures: number;
  readonly firstFailures: string[];
  readonly ms: number;
}

/**
 * Bulk loading goes through the public API (POST /api/patients), so every patient gets its MRN, its first
 * history version and its audit event exactly as a real registration does. `concurrency` requests in flight.
 */
export async function loadPatientsThroughApi(options: {
  session: ApiSession;
  patients: readonly PatientInput[];
  concurrency?: number;
  onProgress?: (done: number) => void;
}): Promise<LoadResult> {
  const { session, patients } = options;
  const created: Array<CreatedPatient | undefined> = new Array(patients.length);
  const firstFailures: string[] = [];
  let failures = 0;
  let done = 0;
  const started = performance.now();
  await runBounded(patients.length, options.concurrency ?? 4, async (i) => {
    try {
      const answer = await apiRequest<PatientDto>(session, 'POST', '/api/patients', patients[i]);
      if (answer.status === 201 && answer.body) {
        const { id, mrn, givenName, familyName, dateOfBirth } = answer.body;
        created[i] = { id, mrn, givenName, familyName, dateOfBirth };
      } else {
        failures += 1;
        if (firstFailures.length < 5) firstFailures.push(`HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
      }
    } catch (error) {
      failures += 1;
      if (firstFailures.length < 5)
        firstFailures.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    done += 1;
    if (options.onProgress && done % 500 === 0) options.onProgress(done);
  });
  return {
    created: created.filter((p): p is CreatedPatient => p !== undefined),
    failures,
    firstFailures,
    ms: performance.now() - started,
  };
}

async function cli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      patients: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      'start-index': { type: 'string', default: '0' },
      url: { type: 'string' },
      email: { type: 'string', default: DEMO_FRONT_DESK_EMAIL },
      password: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      'tsx bench/generate-patients.ts --patients N [--seed S] [--start-index I]\n' +
        '  prints N synthetic patients as JSON lines, or, with --url, creates them through POST /api/patients:\n' +
        '  --url http://127.0.0.1:3000 [--email front_desk@demo.ketaclinic.test] [--password P (default $KETACLINIC_DEMO_PASSWORD or demo-password)] [--concurrency 4]',
    );
    return 0;
  }
  const count = Number(values.patients);
  const seed = Number(values.seed);
  const startIndex = Number(values['start-index']);
  const concurrency = Number(values.concurrency);
  for (const [name, n] of [
    ['patients', count],
    ['seed', seed],
    ['start-index', startIndex],
    ['concurrency', concurrency],
  ] as const) {
    if (!Number.isInteger(n) || n < 0 || (name === 'concurrency' && n < 1)) {
      console.error(`--${name} must be a whole number${name === 'concurrency' ? ' of at least 1' : ''}`);
      return 2;
    }
  }
  const patients = generatePatients(count, { seed, startIndex });
  if (!values.url) {
    for (const p of patients) process.stdout.write(`${JSON.stringify(p)}\n`);
    return 0;
  }
  const url = new URL(values.url);
  const session = await signIn(url.origin, values.email, values.password ?? demoPassword());
  const result = await loadPatientsThroughApi({
    session,
    patients,
    concurrency,
    onProgress: (done) => console.error(`  ${done}/${count} …`),
  });
  const seconds = result.ms / 1000;
  console.log(
    `Created ${result.created.length} of ${count} patients through ${url.origin}/api/patients in ${seconds.toFixed(1)} s ` +
      `(${(result.created.length / seconds).toFixed(0)}/s, ${concurrency} concurrent).`,
  );
  if (result.failures > 0) {
    console.error(`!! ${result.failures} creates failed. First failures:\n  ${result.firstFailures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

const isEntryPoint =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isEntryPoint) {
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
