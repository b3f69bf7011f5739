import { describe, expect, it } from 'vitest';
import { PCL_5 } from './pcl-5.js';

function zeros(): Record<string, number> {
  return Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(i + 1), 0]));
}

/** Items 1.. filled with 1s (never reaching the cluster rule's "2 or more") to reach the total. */
function onesTotalling(total: number): Record<string, number> {
  const answers = zeros();
  for (let i = 1; i <= total && i <= 20; i++) answers[String(i)] = 1;
  let left = total - Math.min(total, 20);
  for (let i = 1; left > 0; i++) {
    const add = Math.min(3, left);
    answers[String(i)] = 1 + add;
    left -= add;
  }
  return answers;
}

describe('PCL-5', () => {
  // Source: National Center for PTSD PCL-5 scoring; Bovin et al. Psychol Assess 2016 - a total of 31-33 indicates
  // probable PTSD; this clinic uses 33 (the upper end) as the default cut-off.
  it.each([
    [0, 'below-threshold'],
    [32, 'below-threshold'],
    [33, 'probable-ptsd'],
    [80, 'probable-ptsd'],
  ])('bands a total of %i as %s', (total, band) => {
    const result = PCL_5.score(onesTotalling(total));
    expect(result.total).toBe(total);
    expect(result.band).toBe(band);
  });

  it('reports the four DSM-5 cluster scores', () => {
    // Source: Weathers et al. 2013 (PCL-5) - clusters B 1-5, C 6-7, D 8-14, E 15-20.
    const result = PCL_5.score(onesTotalling(20));
    expect(result.subscales).toEqual({ clusterB: 5, clusterC: 2, clusterD: 7, clusterE: 6 });
  });

  it('flags the DSM-5 cluster rule when 1 B, 1 C, 2 D and 2 E items are rated 2 or more', () => {
    // Source: Weathers et al. 2013 - items rated 2 ("Moderately") or higher count as endorsed symptoms.
    const answers = { ...zeros(), 1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2 };
    const result = PCL_5.score(answers);
    expect(result.total).toBe(12);
    expect(result.band).toBe('below-threshold');
    expect(result.flags.map((f) => f.code)).toEqual(['ptsd-cluster-rule-met']);
  });

  it('does not flag the cluster rule when one cluster falls short (only 1 E item at 2)', () => {
    const result = PCL_5.score({ ...zeros(), 1: 4, 6: 4, 8: 4, 9: 4, 15: 4, 16: 1, 17: 1 });
    expect(result.flags).toEqual([]);
  });

  it('does not count items rated 1 toward the cluster rule even when the total is high', () => {
    expect(PCL_5.score(onesTotalling(20)).flags).toEqual([]);
  });
});
