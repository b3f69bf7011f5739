import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import {
  INSTRUMENT_IDS,
  UnknownInstrumentError,
  getInstrument,
  listInstruments,
  scoreInstrument,
  type InstrumentDefinition,
  type InstrumentItem,
} from './index.js';

function valueArbitrary(item: InstrumentItem): fc.Arbitrary<number | boolean> {
  return item.answerType === 'boolean' ? fc.boolean() : fc.constantFrom(...item.options.map((o) => o.score));
}

/**
 * Random valid answers: every item answered, then (where the instrument allows it) optional items dropped:
 * disabled conditional items, C-SSRS 6a, and one item of each QIDS appetite/weight pair.
 */
function validAnswers(def: InstrumentDefinition): fc.Arbitrary<Record<string, number | boolean>> {
  const full = fc.record(Object.fromEntries(def.items.map((item) => [item.linkId, valueArbitrary(item)])));
  return fc
    .tuple(full, fc.array(fc.boolean(), { minLength: def.items.length, maxLength: def.items.length }))
    .map(([answers, drops]) => {
      const result: Record<string, number | boolean> = { ...answers };
      def.items.forEach((item, i) => {
        if (!drops[i]) return;
        const isDisabled = item.enableWhen !== undefined && result[item.enableWhen.linkId] !== item.enableWhen.answer;
        if (!item.required && item.enableWhen !== undefined) delete result[item.linkId];
        else if (isDisabled) delete result[item.linkId];
      });
      if (def.id === 'qids-sr16') {
        if (drops[0]) delete result['6'];
        else delete result['7'];
        if (drops[1]) delete result['8'];
        else delete result['9'];
      }
      return result;
    });
}

/** Items that are always required (no condition): deleting one must be rejected by name. */
const alwaysRequired = (def: InstrumentDefinition) => def.items.filter((i) => i.required && i.enableWhen === undefined);

type Mutation = { answers: Record<string, unknown>; field: string };

function invalidAnswers(def: InstrumentDefinition): fc.Arbitrary<Mutation> {
  const choiceItems = def.items.filter((i) => i.answerType === 'choice');
  const pickItem = fc.constantFrom(...def.items);
  const mutations: fc.Arbitrary<(a: Record<string, number | boolean>) => Mutation>[] = [
    // an unknown linkId
    fc
      .string({ minLength: 1, maxLength: 6 })
      .filter((k) => !def.items.some((i) => i.linkId === k) && k !== '__proto__')
      .map((key) => (a) => ({ answers: { ...a, [key]: 1 }, field: `answers.${key}` })),
    // a wrong type
    fc.tuple(pickItem, fc.constantFrom<unknown>('1', 'yes', [], {}, 'true')).map(([item, bad]) => (a) => ({
      answers: { ...a, [item.linkId]: bad },
      field: `answers.${item.linkId}`,
    })),
    // a missing always-required item
    fc.constantFrom(...alwaysRequired(def)).map((item) => (a) => {
      const answers: Record<string, unknown> = { ...a };
      delete answers[item.linkId];
      return { answers, field: `answers.${item.linkId}` };
    }),
  ];
  if (choiceItems.length > 0) {
    const pickChoice = fc.constantFrom(...choiceItems);
    mutations.push(
      // out of range, above or below
      fc.tuple(pickChoice, fc.integer({ min: 1, max: 100 }), fc.boolean()).map(([item, by, below]) => (a) => {
        const scores = item.options.map((o) => o.score);
        return {
          answers: { ...a, [item.linkId]: below ? Math.min(...scores) - by : Math.max(...scores) + by },
          field: `answers.${item.linkId}`,
        };
      }),
      // not a whole number
      fc.tuple(pickChoice, fc.double({ min: 0.01, max: 0.99, noNaN: true })).map(([item, frac]) => (a) => ({
        answers: { ...a, [item.linkId]: frac },
        field: `answers.${item.linkId}`,
      })),
    );
  } else {
    mutations.push(
      pickItem.map((item) => (a) => ({ answers: { ...a, [item.linkId]: 1 }, field: `answers.${item.linkId}` })),
    );
  }
  return fc.tuple(validAnswers(def), fc.oneof(...mutations)).map(([answers, mutate]) => mutate(answers));
}

describe('instrument registry', () => {
  it('lists every instrument id in order', () => {
    expect(listInstruments().map((d) => d.id)).toEqual([...INSTRUMENT_IDS]);
  });

  it('throws UnknownInstrumentError (not a validation error) for an unknown id', () => {
    expect(() => getInstrument('beck-depression')).toThrowError(UnknownInstrumentError);
    expect(() => scoreInstrument('beck-depression', {})).toThrowError(UnknownInstrumentError);
  });

  it('rejects answers that are not an object', () => {
    expect(() => scoreInstrument('phq-9', [] as unknown as Record<string, unknown>)).toThrowError(
      /^answers: must be an object/,
    );
  });

  it('reports every bad item at once', () => {
    try {
      scoreInstrument('gad-7', { 1: 9, 2: 'x', 3: 0, 4: 0, 5: 0, 6: 0, 99: 0 });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field).sort()).toEqual([
        'answers.1',
        'answers.2',
        'answers.7',
        'answers.99',
      ]);
    }
  });
});

describe.each(INSTRUMENT_IDS)('%s definition', (id) => {
  const def = getInstrument(id);

  it('numbers items in order with unique linkIds and carries a citation and a copyright line', () => {
    const ids = def.items.map((i) => i.linkId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((l) => /^\d+$/.test(l))).toEqual(ids.filter((l) => /^\d+$/.test(l)).map((_, i) => String(i + 1)));
    expect(def.citation.source.length).toBeGreaterThan(10);
    expect(def.scoring.citation.source.length).toBeGreaterThan(10);
    expect(def.copyright.length).toBeGreaterThan(10);
    for (const rule of def.flagRules) expect(rule.citation.source.length).toBeGreaterThan(10);
  });

  it('has bands that tile the total range without gaps or overlaps', () => {
    if (def.bands.length === 0) return expect(def.bandCitation).toBeNull();
    expect(def.bandCitation).not.toBeNull();
    const range = def.scoring.totalRange;
    const sorted = [...def.bands].sort((a, b) => a.min - b.min);
    if (range !== null) {
      expect(sorted[0]?.min).toBe(range.min);
      expect(sorted.at(-1)?.max).toBe(range.max);
    }
    sorted.slice(1).forEach((band, i) => expect(band.min).toBe((sorted[i]?.max ?? NaN) + 1));
    for (const band of def.bands) expect(band.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('scores random valid answers within range, with a known band and known flags', () => {
    const bandCodes = new Set(def.bands.map((b) => b.code));
    const flagCodes = new Set(def.flagRules.map((f) => f.code));
    fc.assert(
      fc.property(validAnswers(def), (answers) => {
        const result = scoreInstrument(id, answers);
        expect(result.instrument).toBe(id);
        const range = def.scoring.totalRange;
        if (range === null) expect(result.total).toBeNull();
        else {
          expect(Number.isInteger(result.total)).toBe(true);
          expect(result.total).toBeGreaterThanOrEqual(range.min);
          expect(result.total).toBeLessThanOrEqual(range.max);
        }
        if (def.bands.length === 0) expect(result.band).toBeNull();
        else expect(bandCodes.has(result.band ?? '')).toBe(true);
        for (const flag of result.flags) expect(flagCodes.has(flag.code)).toBe(true);
        expect(Object.keys(result.itemScores).sort()).toEqual(Object.keys(answers).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('rejects random invalid answers with a DomainValidationError naming the item', () => {
    fc.assert(
      fc.property(invalidAnswers(def), ({ answers, field }) => {
        try {
          scoreInstrument(id, answers);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainValidationError);
          expect((error as DomainValidationError).issues.map((i) => i.field)).toContain(field);
          return;
        }
        throw new Error(`accepted invalid answers ${JSON.stringify(answers)} (expected an issue on ${field})`);
      }),
      { numRuns: 300 },
    );
  });
});
