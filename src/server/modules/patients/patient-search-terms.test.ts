import { describe, expect, it } from 'vitest';
import { formatMrn } from './patients.service.js';
import {
  couldBeInName,
  couldBeMrn,
  foldForSearch,
  isDayFirstLocale,
  parseTypedDate,
  readSearchText,
  searchNameOf,
} from './patient-search-terms.js';

describe('foldForSearch', () => {
  it.each([
    ['José', 'jose'],
    ['Zoë', 'zoe'],
    ['Núñez', 'nunez'],
    ['Straße', 'strasse'],
    ['Łukasz', 'lukasz'],
    ['Søren', 'soren'],
    ["O'Brien", 'obrien'],
    ['Smith-Jones', 'smith jones'],
    ['  ÇELİK  ', 'celik'],
  ])('reads %s as %s', (typed, folded) => {
    expect(foldForSearch(typed)).toBe(folded);
  });

  it('stores a name with a space before every word, so a prefix search can find any word start', () => {
    expect(searchNameOf('Ana María', 'García-López')).toBe(' ana maria garcia lopez ');
  });
});

describe('isDayFirstLocale', () => {
  it.each([
    ['en-US', false],
    ['en-GB', true],
    ['de-DE', true],
    ['fr-FR', true],
    ['ja-JP', false],
  ])('%s -> %s', (locale, dayFirst) => {
    expect(isDayFirstLocale(locale)).toBe(dayFirst);
  });

  it('treats an unknown locale tag as month first rather than failing', () => {
    expect(isDayFirstLocale('not a locale!')).toBe(false);
  });
});

describe('parseTypedDate', () => {
  it('reads an ISO date as written', () => {
    expect(parseTypedDate('1990-05-14', false)).toBe('1990-05-14');
    expect(parseTypedDate('1990/5/4', true)).toBe('1990-05-04');
  });

  it('reads 05/14/1990 month first in a month-first (US) clinic', () => {
    expect(parseTypedDate('05/14/1990', false)).toBe('1990-05-14');
    expect(parseTypedDate('05/04/1990', false)).toBe('1990-05-04');
  });

  it('reads 05/04/1990 day first in a day-first clinic', () => {
    expect(parseTypedDate('05/04/1990', true)).toBe('1990-04-05');
    expect(parseTypedDate('14-05-1990', true)).toBe('1990-05-14');
  });

  it('reads a dotted date day first whatever the locale', () => {
    expect(parseTypedDate('14.05.1990', false)).toBe('1990-05-14');
    expect(parseTypedDate('4.5.1990', true)).toBe('1990-05-04');
  });

  it('takes the only real reading when the locale reading is impossible', () => {
    expect(parseTypedDate('14/05/1990', false)).toBe('1990-05-14');
    expect(parseTypedDate('05/14/1990', true)).toBe('1990-05-14');
  });

  it.each(['31.02.1990', '13/13/1990', '1990-02-30', '05/14/90', 'May 14', '12', ''])('refuses %j', (typed) => {
    expect(parseTypedDate(typed, false)).toBeUndefined();
  });

  it('knows leap days', () => {
    expect(parseTypedDate('29.02.1992', true)).toBe('1992-02-29');
    expect(parseTypedDate('29.02.1991', true)).toBeUndefined();
  });
});

describe('readSearchText', () => {
  it('splits a date, MRN digits and folded name words', () => {
    expect(readSearchText('José 05/14/1990 12', false)).toEqual({
      nameTerms: ['jose'],
      mrnDigits: ['12'],
      dateOfBirth: '1990-05-14',
    });
  });

  it('keeps a whole MRN as typed so it can match exactly', () => {
    expect(readSearchText('kc-000012', false).nameTerms).toEqual(['kc-000012']);
  });

  it('reads at most five words', () => {
    expect(readSearchText('a b c d e f g', false).nameTerms).toHaveLength(5);
  });
});

describe('couldBeMrn', () => {
  it('is true of every MRN the clinic gives, whatever its prefix and number', () => {
    for (const prefix of ['KC', 'A', 'CLINIC']) {
      for (const n of [1, 12, 999_999, 1_000_000])
        expect(couldBeMrn(formatMrn(prefix, n)), `${prefix} ${n}`).toBe(true);
    }
  });

  it('is false of a word without a digit, so a name search does not compare it with every MRN', () => {
    for (const word of ['aba', 'jose', 'kc', "o'brien", 'kc-']) expect(couldBeMrn(word), word).toBe(false);
  });
});

describe('couldBeInName', () => {
  it('is true of every word of a stored name, so no name is missed', () => {
    for (const [given, family] of [
      ['José', "Núñez-O'Brien"],
      ['Zoë', 'Ørsted'],
      ['Anne-Marie', 'Strauß'],
      ['Jun', 'Takahashi'],
    ] as const) {
      for (const word of searchNameOf(given, family).trim().split(' ')) expect(couldBeInName(word), word).toBe(true);
    }
  });

  it('is false of a whole MRN as typed, which folding would change, so an MRN search does not scan the names', () => {
    expect(couldBeInName('KC-000012')).toBe(false);
    expect(couldBeInName('kc-000012')).toBe(false);
  });
});
