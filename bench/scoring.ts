/**
 * Scoring throughput of the domain: how many completed instruments `scoreInstrument` (src/domain/instruments)
 * scores per second, instrument by instrument, in this process (no HTTP, no database). Answers are synthetic and
 * valid (lib/synthetic-answers.ts, risk answers included), prepared up front across the whole severity range so the loop measures scoring
 * only: validation of every item, the total, the band and the flags.
 *
 * Also the request bodies for the HTTP runs of POST /api/instruments/:id/score (bench/run.ts).
 */
import { performance } from 'node:perf_hooks';
import { getInstrument, INSTRUMENT_IDS, scoreInstrument } from '../src/domain/instruments/index.js';
import { mulberry32 } from './generate-patients.js';
import { syntheticAnswers } from './lib/synthetic-answers.js';

export interface DomainScoringResult {
  instrument: string;
  items: number;
  scored: number;
  ms: number;
  perSecond: number;
  microsecondsEach: number;
}

/** `count` valid answer sets for one instrument, at severities spread over 0..1. */
export function answerSets(instrumentId: string, count: number, seed: number): Array<Record<string, number | boolean>> {
  const rng = mulberry32(seed * 31 + instrumentId.length);
  return Array.from({ length: count }, (_, i) =>
    syntheticAnswers(instrumentId, (i % 11) / 10, rng, { allowRisk: true }),
  );
}

/** Scores each instrument in a tight loop for about `msPerInstrument` (after a short warm-up) and counts. */
export function domainScoringThroughput(options: { msPerInstrument: number; seed: number }): DomainScoringResult[] {
  const results: DomainScoringResult[] = [];
  let sink = 0;
  for (const id of INSTRUMENT_IDS) {
    const sets = answerSets(id, 1024, options.seed);
    for (let i = 0; i < 20_000; i += 1)
      sink += scoreInstrument(id, sets[i & 1023] as Record<string, unknown>).flags.length;
    let scored = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < options.msPerInstrument) {
      for (let i = 0; i < 1024; i += 1) sink += scoreInstrument(id, sets[i] as Record<string, unknown>).flags.length;
      scored += 1024;
      elapsed = performance.now() - started;
    }
    results.push({
      instrument: id,
      items: getInstrument(id).items.length,
      scored,
      ms: Math.round(elapsed),
      perSecond: Math.round(scored / (elapsed / 1000)),
      microsecondsEach: Math.round(((elapsed * 1000) / scored) * 100) / 100,
    });
  }
  if (sink < 0) console.log(sink); // keeps the results alive for the optimiser
  return results;
}

/** Request paths and JSON bodies for POST /api/instruments/:id/score, rotating over every instrument. */
export function scoreRequests(perInstrument: number, seed: number): Array<{ path: string; body: string }> {
  const requests: Array<{ path: string; body: string }> = [];
  const sets = INSTRUMENT_IDS.map((id) => answerSets(id, perInstrument, seed));
  for (let i = 0; i < perInstrument; i += 1) {
    INSTRUMENT_IDS.forEach((id, k) =>
      requests.push({ path: `/api/instruments/${id}/score`, body: JSON.stringify({ answers: sets[k]?.[i] }) }),
    );
  }
  return requests;
}
