/**
 * Demo measurement-based care: six patients with an IV ketamine induction series in the past three weeks and
 * PHQ-9 / GAD-7 scores before and after it, so the trajectories, the response and remission shares and the
 * clinic page have something to show. Trajectories are invented, shaped like those in published case series.
 */
import type { Services } from '../app.js';
import type { RequestContext } from '../http.js';

const DAY = 86_400_000;

/** PHQ-9 totals: baseline, then after sessions 1, 3 and 6. */
const PHQ9_TRAJECTORIES: ReadonlyArray<readonly number[]> = [
  [21, 12, 7, 4], // rapid response, remission
  [18, 15, 9, 8], // response, no remission
  [24, 22, 20, 19], // no response
  [16, 9, 6, 3], // response, remission
  [19, 17, 13, 11], // partial
  [22, 10, 8, 6], // rapid response
];

function spread(total: number, items: number, max: number): Record<string, number> {
  const answers: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= items; i += 1) {
    const value = Math.min(max, Math.max(0, Math.ceil(left / (items - i + 1))));
    answers[String(i)] = value;
    left -= value;
  }
  return answers;
}

export async function seedDemoMeasures(
  services: Services,
  nurse: RequestContext,
  patientIds: readonly string[],
  now: Date,
): Promise<void> {
  const clinicId = nurse.principal.clinicId;
  for (const [p, trajectory] of PHQ9_TRAJECTORIES.entries()) {
    const patientId = patientIds[p];
    if (!patientId) break;
    const firstSession = new Date(now.getTime() - 19 * DAY);
    firstSession.setUTCHours(15, 0, 0, 0);
    const sessionStarts = [0, 2, 5, 7, 9, 12].map((d) => new Date(firstSession.getTime() + d * DAY));
    for (const [i, startsAt] of sessionStarts.entries()) {
      await services.measures.recordPastSession(clinicId, patientId, {
        modality: 'iv-ketamine',
        number: i + 1,
        startsAt,
        minutes: 100,
      });
    }
    const observedAt = [
      new Date(firstSession.getTime() - DAY),
      new Date(sessionStarts[0]!.getTime() + DAY),
      new Date(sessionStarts[2]!.getTime() + DAY),
      new Date(sessionStarts[5]!.getTime() + DAY),
    ];
    for (const [i, total] of trajectory.entries()) {
      // Item 9 stays 0 in the demo history: the demo's open alert comes from the home-link walkthrough instead.
      const answers = { ...spread(total, 8, 3), '9': 0 };
      await services.measures.record(nurse, patientId, {
        instrument: 'phq-9',
        answers,
        context: i === 0 ? 'baseline' : 'post-session-24h',
        observedAt: observedAt[i]!.toISOString(),
      });
      const gad = Math.max(0, Math.round(total * 0.8) - 1);
      await services.measures.record(nurse, patientId, {
        instrument: 'gad-7',
        answers: spread(Math.min(21, gad), 7, 3),
        context: i === 0 ? 'baseline' : 'post-session-24h',
        observedAt: observedAt[i]!.toISOString(),
      });
    }
  }
}
