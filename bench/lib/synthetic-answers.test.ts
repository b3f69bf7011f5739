import { describe, expect, it } from 'vitest';
import { INSTRUMENT_IDS, scoreInstrument } from '../../src/domain/instruments/index.js';
import { measuresPerPatient, planCourse } from '../generate-outcomes.js';
import { mulberry32 } from '../generate-patients.js';
import { isAlertFree, syntheticAnswers } from './synthetic-answers.js';

// Benchmark data must be valid for the real scoring rules, or the benchmarks would measure 400s.
describe('synthetic answers', () => {
  const rng = mulberry32(42);
  const severities = Array.from({ length: 21 }, (_, i) => i / 20);

  it.each(INSTRUMENT_IDS)('%s: every generated answer set scores, and none raises a suicide-risk alert', (id) => {
    for (const severity of severities) {
      for (let k = 0; k < 20; k += 1) {
        const result = scoreInstrument(id, syntheticAnswers(id, severity, rng));
        expect(isAlertFree(result)).toBe(true);
      }
    }
  });

  it.each(INSTRUMENT_IDS)('%s: with risk answers allowed, every generated answer set still scores', (id) => {
    for (const severity of severities)
      expect(() => scoreInstrument(id, syntheticAnswers(id, severity, rng, { allowRisk: true }))).not.toThrow();
  });

  it('with risk answers allowed, a severe PHQ-9 can raise the suicide-risk flag (so the scoring benchmark covers flags)', () => {
    const flagged = Array.from({ length: 50 }, () =>
      scoreInstrument('phq-9', syntheticAnswers('phq-9', 1, rng, { allowRisk: true })),
    ).filter((r) => r.flags.some((f) => f.code === 'suicide-risk'));
    expect(flagged.length).toBeGreaterThan(0);
  });

  it('a higher severity gives a higher PHQ-9 total on average', () => {
    const mean = (severity: number) =>
      Array.from(
        { length: 200 },
        () => scoreInstrument('phq-9', syntheticAnswers('phq-9', severity, rng)).total ?? 0,
      ).reduce((a, b) => a + b, 0) / 200;
    expect(mean(0.8)).toBeGreaterThan(mean(0.2) + 8);
  });
});

describe('outcome data plan', () => {
  it('spreads exactly the requested number of measures over the patients, at least one each', () => {
    const counts = measuresPerPatient(1000, 30_000, mulberry32(1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
  });

  it('plans a course of exactly `count` measures in time order, every session measure pointing at a planned session', () => {
    for (const count of [1, 3, 17, 30, 80]) {
      const course = planCourse(count, mulberry32(count));
      expect(course.measures).toHaveLength(count);
      expect(course.measures.map((m) => m.at)).toEqual([...course.measures.map((m) => m.at)].sort((a, b) => a - b));
      const numbers = new Set(course.sessions.map((s) => s.number));
      for (const m of course.measures) if (m.session !== null) expect(numbers.has(m.session)).toBe(true);
    }
  });
});
