/**
 * The consent documents' Markdown, read into blocks the app renders as React elements (never as HTML): headings
 * (#, ##, ###), paragraphs (wrapped lines joined), bullet lists ("- " items, indented continuation lines) and
 * **bold** spans. Anything else stays plain text, so the patient always sees every word of the signed version.
 */

export type Inline = { readonly text: string; readonly isBold: boolean };

export type ConsentBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] };

export function parseConsentText(markdown: string): ConsentBlock[] {
  const blocks: ConsentBlock[] = [];
  let paragraph: string[] = [];
  let items: string[] | undefined;

  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
    if (items) blocks.push({ kind: 'list', items });
    items = undefined;
  };

  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, text: heading[2]!.trim() });
    } else if (bullet) {
      if (paragraph.length > 0) {
        blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
        paragraph = [];
      }
      items = [...(items ?? []), bullet[1]!.trim()];
    } else if (items && /^\s+\S/.test(line)) {
      items[items.length - 1] = `${items[items.length - 1]} ${line.trim()}`;
    } else {
      if (items) {
        blocks.push({ kind: 'list', items });
        items = undefined;
      }
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

/** "a **b** c" -> plain "a ", bold "b", plain " c". An unmatched ** stays as written. */
export function parseInline(text: string): Inline[] {
  const parts: Inline[] = [];
  const pattern = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), isBold: false });
    parts.push({ text: match[1]!, isBold: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), isBold: false });
  return parts;
}
