/**
 * What a person types into the patient search, read the way the front desk means it: a date of birth in the clinic's
 * own order (05/14/1990 in the US, 14.05.1990 in Germany), a partial medical record number ("000012", "12"), or the
 * start of a name typed without its accents ("jose" finds "José"). Pure: no database, no clock.
 */

/** Letters that have no decomposed form but a plain spelling people type instead. */
const PLAIN_SPELLING: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * A name as the search compares it: lower case, accents removed, apostrophes dropped and hyphens read as spaces
 * ("Zoë O'Brien-Núñez" -> "zoe obrien nunez"). The stored `patient.search_name` is built with the same function.
 */
export function foldForSearch(text: string): string {
  return text
    .replace(/[ßẞæÆœŒøØłŁđĐðþı]/g, (c) => PLAIN_SPELLING[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`´]/g, '')
    .replace(/[-‐‑–—.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The stored search text of a patient's name: each word preceded by a space, so `like '% term%'` finds a word start. */
export function searchNameOf(givenName: string, familyName: string): string {
  return ` ${foldForSearch(givenName)} ${foldForSearch(familyName)} `;
}

/**
 * Whether a search word could be a whole medical record number. Every MRN is the clinic's prefix, a hyphen and the
 * number (`formatMrn`), so a word without a digit never is one, and the search need not compare it with any MRN.
 */
export function couldBeMrn(term: string): boolean {
  return /\d/.test(term);
}

/**
 * Whether a search word could start a word of a stored (folded) name. Folding is the identity on anything found
 * inside a folded name, so a word it would change, such as a whole MRN as typed ("KC-000012": folding turns the
 * hyphen into a space), can never match there, and the search need not scan the names for it.
 */
export function couldBeInName(term: string): boolean {
  return foldForSearch(term) === term.toLowerCase();
}

/** Each locale's answer, asked once: building an Intl.DateTimeFormat costs more than the rest of a search's parsing. */
const dayFirstByLocale = new Map<string, boolean>();

/** Whether dates in this locale put the day before the month (en-GB, de-DE, fr-FR: yes; en-US: no). */
export function isDayFirstLocale(locale: string): boolean {
  let known = dayFirstByLocale.get(locale);
  if (known === undefined) {
    known = askDayFirst(locale);
    // A clinic has one locale; the bound only keeps a stream of odd strings from growing the map.
    if (dayFirstByLocale.size < 100) dayFirstByLocale.set(locale, known);
  }
  return known;
}

function askDayFirst(locale: string): boolean {
  let parts: Intl.DateTimeFormatPart[];
  try {
    // A fixed instant (22 November 2000), only to ask the locale for its order of fields.
    parts = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    }).formatToParts(new Date(Date.UTC(2000, 10, 22)));
  } catch {
    return false;
  }
  const day = parts.findIndex((p) => p.type === 'day');
  const month = parts.findIndex((p) => p.type === 'month');
  return day >= 0 && month >= 0 && day < month;
}

function isoIfReal(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A typed date as YYYY-MM-DD, or undefined when the text is not a real calendar date.
 * - YYYY-MM-DD (and YYYY/MM/DD) is read as written.
 * - Dotted dates (14.05.1990) are day first, as everywhere dots are used.
 * - Slashed or dashed dates (05/14/1990, 14/05/1990, 14-05-1990) follow the clinic's locale; when that reading is
 *   not a real date but the other one is (14/05/1990 in a US clinic), the real one is taken.
 * Two-digit years are not accepted: a date of birth "05/14/90" could be 1890, 1990 or 2090.
 */
export function parseTypedDate(text: string, dayFirst: boolean): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(trimmed);
  if (iso) return isoIfReal(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (dotted) return isoIfReal(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  const other = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(trimmed);
  if (!other) return undefined;
  const [first, second, year] = [Number(other[1]), Number(other[2]), Number(other[3])];
  const asLocale = dayFirst ? isoIfReal(year, second, first) : isoIfReal(year, first, second);
  return asLocale ?? (dayFirst ? isoIfReal(year, first, second) : isoIfReal(year, second, first));
}

export interface ReadSearch {
  /** Folded name words; each must start a word of the patient's name (or be their whole MRN). */
  readonly nameTerms: readonly string[];
  /** Digits typed alone: part of the number of a medical record number ("12" finds KC-000012). */
  readonly mrnDigits: readonly string[];
  readonly dateOfBirth?: string | undefined;
}

/** Splits what was typed into name words, MRN digits and a date of birth. */
export function readSearchText(text: string, dayFirst: boolean): ReadSearch {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const nameTerms: string[] = [];
  const mrnDigits: string[] = [];
  let dateOfBirth: string | undefined;
  for (const word of words) {
    const date = dateOfBirth === undefined ? parseTypedDate(word, dayFirst) : undefined;
    if (date) dateOfBirth = date;
    else if (/^\d+$/.test(word)) mrnDigits.push(word.slice(0, 20));
    else {
      const folded = foldForSearch(word);
      // A full MRN ("KC-000012") folds to "kc 000012"; keep it whole so the MRN comparison still sees it.
      if (/^[A-Za-z]{1,6}-\d+$/.test(word)) nameTerms.push(word);
      else if (folded) nameTerms.push(folded);
    }
  }
  return { nameTerms, mrnDigits, dateOfBirth };
}
