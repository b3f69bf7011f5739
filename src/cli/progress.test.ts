import { describe, expect, it } from 'vitest';
import { createProgress, progressText } from './progress.js';
import { recordingSink } from './progress.testing.js';

describe('CLI progress', () => {
  it('reads as a count and a percentage', () => {
    expect(progressText('Copying rows', 1200, 5000)).toBe('Copying rows: 1200/5000 (24%)');
    expect(progressText('Checking', 0, 0)).toBe('Checking: 0/0 (100%)');
    expect(progressText('Rows', 42)).toBe('Rows: 42');
  });

  it('prints nothing when standard error is not a terminal and --progress was not given', () => {
    const s = recordingSink(false);
    const p = createProgress('Checking', s, false);
    p.update(5, 10);
    p.finish();
    expect(s.text).toBe('');
  });

  it('with --progress off a terminal, writes a line at each tenth', () => {
    const s = recordingSink(false);
    const p = createProgress('Checking', s, true);
    for (let i = 0; i <= 100; i++) p.update(i, 100);
    p.finish();
    expect(s.text.split('\n').filter(Boolean)).toEqual(
      Array.from({ length: 11 }, (_, k) => `Checking: ${k * 10}/100 (${k * 10}%)`),
    );
  });

  it('on a terminal, rewrites one line at most ten times a second and ends it', () => {
    const s = recordingSink(true);
    let t = 0;
    const p = createProgress('Copying rows', s, false, () => t);
    p.update(1, 4);
    t = 50;
    p.update(2, 4); // too soon: skipped
    t = 150;
    p.update(3, 4);
    p.finish();
    expect(s.text).toBe(
      '\rCopying rows: 1/4 (25%)\u001b[K\rCopying rows: 3/4 (75%)\u001b[K\rCopying rows: 3/4 (75%)\u001b[K\n',
    );
  });
});
