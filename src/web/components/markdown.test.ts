import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

const text = (t: string) => ({ kind: 'text', text: t });

describe('parseMarkdown', () => {
  it('reads the composed session note: headings, bullet lines and a vital-signs table', () => {
    const note = [
      '# Esketamine session 3',
      '',
      '- Dose: 56 mg',
      '- Monitoring: 120 min',
      '',
      '## Vital signs',
      '',
      '| Time | BP | HR |',
      '| --- | --- | --- |',
      '| 10:00 | 128/82 | 72 |',
      '| 10:40 | 141/88 | 76 |',
      '',
      'Tolerated well.',
    ].join('\n');
    expect(parseMarkdown(note)).toEqual([
      { kind: 'heading', level: 1, content: [text('Esketamine session 3')] },
      { kind: 'list', ordered: false, items: [[text('Dose: 56 mg')], [text('Monitoring: 120 min')]] },
      { kind: 'heading', level: 2, content: [text('Vital signs')] },
      {
        kind: 'table',
        head: [[text('Time')], [text('BP')], [text('HR')]],
        rows: [
          [[text('10:00')], [text('128/82')], [text('72')]],
          [[text('10:40')], [text('141/88')], [text('76')]],
        ],
      },
      { kind: 'paragraph', lines: [[text('Tolerated well.')]] },
    ]);
  });

  it('keeps lines of a paragraph together and numbered lists in order', () => {
    expect(parseMarkdown('first line\nsecond line\n\n1. one\n2. two')).toEqual([
      { kind: 'paragraph', lines: [[text('first line')], [text('second line')]] },
      { kind: 'list', ordered: true, items: [[text('one')], [text('two')]] },
    ]);
  });

  it('fills short table rows with empty cells and drops extra ones', () => {
    const [table] = parseMarkdown('| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |');
    expect(table).toEqual({
      kind: 'table',
      head: [[text('a')], [text('b')]],
      rows: [
        [[text('1')], []],
        [[text('1')], [text('2')]],
      ],
    });
  });

  it('reads a pipe line without a divider as text, not a table', () => {
    expect(parseMarkdown('| not | a table |')).toEqual([{ kind: 'paragraph', lines: [[text('| not | a table |')]] }]);
  });

  it('returns HTML typed into a note as plain text, to be shown as typed', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)> **<b>x</b>**')).toEqual([
      {
        kind: 'paragraph',
        lines: [[text('<img src=x onerror=alert(1)> '), { kind: 'strong', children: [text('<b>x</b>')] }]],
      },
    ]);
  });

  it('reads a horizontal rule', () => {
    expect(parseMarkdown('above\n\n---\n\nbelow')).toEqual([
      { kind: 'paragraph', lines: [[text('above')]] },
      { kind: 'rule' },
      { kind: 'paragraph', lines: [[text('below')]] },
    ]);
  });
});

describe('parseInline', () => {
  it('reads bold, italic and code spans', () => {
    expect(parseInline('**BP** was *high* at `10:40`')).toEqual([
      { kind: 'strong', children: [text('BP')] },
      text(' was '),
      { kind: 'em', children: [text('high')] },
      text(' at '),
      { kind: 'code', text: '10:40' },
    ]);
  });

  it('leaves unclosed markers, a lone asterisk and snake_case as typed', () => {
    expect(parseInline('2 * 3 and **open')).toEqual([text('2 * 3 and **open')]);
    expect(parseInline('main_safe_key')).toEqual([text('main_safe_key')]);
  });
});
