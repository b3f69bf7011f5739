import { describe, expect, it } from 'vitest';
import { parseConsentText, parseInline } from './consent-text';

describe('consent document text', () => {
  it('reads headings, wrapped paragraphs and bullet lists with continuation lines', () => {
    const text = [
      '# Intravenous ketamine',
      '',
      '## Risks',
      'Most people feel',
      'detached for a while.',
      '- **Dissociation.** Expected, and it',
      '  fades within an hour.',
      '- Nausea.',
      'After the list.',
    ].join('\n');
    expect(parseConsentText(text)).toEqual([
      { kind: 'heading', level: 1, text: 'Intravenous ketamine' },
      { kind: 'heading', level: 2, text: 'Risks' },
      { kind: 'paragraph', text: 'Most people feel detached for a while.' },
      { kind: 'list', items: ['**Dissociation.** Expected, and it fades within an hour.', 'Nausea.'] },
      { kind: 'paragraph', text: 'After the list.' },
    ]);
  });

  it('keeps every word: text it does not understand stays as a paragraph', () => {
    expect(parseConsentText('1. first\n> quoted')).toEqual([{ kind: 'paragraph', text: '1. first > quoted' }]);
  });

  it('marks **bold** spans and leaves an unmatched ** as written', () => {
    expect(parseInline('use is **off-label**: see')).toEqual([
      { text: 'use is ', isBold: false },
      { text: 'off-label', isBold: true },
      { text: ': see', isBold: false },
    ]);
    expect(parseInline('a ** b')).toEqual([{ text: 'a ** b', isBold: false }]);
  });
});
