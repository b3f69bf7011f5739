/** Wording of the patient header, kept apart from the component so it reads (and is tested) as plain functions. */
import type { PatientSummary } from './chart.api';

type Score = PatientSummary['scores'][number];

const PHASE_WORDS: Readonly<Record<string, string>> = {
  induction: 'Induction',
  maintenance: 'Maintenance',
  acute: 'Acute course',
  course: 'Course',
};

export function phaseLabel(phase: string | null): string | null {
  if (!phase) return null;
  return PHASE_WORDS[phase] ?? phase.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** "17, down from 21" / "12, first score". */
export function scoreLine(score: Score): string {
  const latest = `${score.latest.total}${score.latest.band ? ` (${score.latest.band.replace(/[-_]+/g, ' ')})` : ''}`;
  switch (score.direction) {
    case 'first':
      return `${latest}, first score`;
    case 'same':
      return `${latest}, unchanged`;
    default:
      return `${latest}, ${score.direction} from ${score.previousTotal}`;
  }
}

/** "−8 since baseline (−38%)", or null without a baseline. */
export function baselineLine(score: Score): string | null {
  if (score.changeFromBaseline === null || score.baselineTotal === null) return null;
  const sign = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');
  const percent =
    score.percentChangeFromBaseline === null ? '' : ` (${sign(Math.round(score.percentChangeFromBaseline))}%)`;
  return `${sign(score.changeFromBaseline)} since baseline ${score.baselineTotal}${percent}`;
}
