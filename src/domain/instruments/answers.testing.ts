/**
 * Test answers for an instrument whose items are numbered 1 to `items`, each scored 0 to `max`: the items are filled
 * in order, each as high as it goes, until they add up to `total`; the last `keepZero` items stay 0 (so a flag raised
 * by them stays off). Throws when `total` cannot be reached that way.
 */
export function answersFilledInOrder(
  total: number,
  { items, max, keepZero = 0 }: { items: number; max: number; keepZero?: number },
): Record<string, number> {
  const answers: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= items; i++) {
    const value = i > items - keepZero ? 0 : Math.min(max, left);
    answers[String(i)] = value;
    left -= value;
  }
  if (left !== 0) throw new Error(`cannot spread ${total}`);
  return answers;
}

/**
 * The lowest and the highest total of each band, from each band's lowest total (its cut-point, bands in order) and the
 * highest total the test can reach: the edges a banding table checks. `{ minimal: 0, mild: 5 }, 9` gives
 * `[[0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild']]`.
 */
export function bandEdges(lowestTotals: Record<string, number>, highest: number): Array<[number, string]> {
  const bands = Object.entries(lowestTotals);
  return bands.flatMap(([band, lowest], i): Array<[number, string]> => [
    [lowest, band],
    [(bands[i + 1]?.[1] ?? highest + 1) - 1, band],
  ]);
}
