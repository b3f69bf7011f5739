/**
 * PDFs carry the names clinics see: Latin Extended (Łucja, Øyelaran) and CJK (陈) come back out of the document's
 * text intact, every page says which time zone its times are in, and the document is tagged for accessibility
 * (issue 15, "PDFs"; tagged PDF: ISO 32000-1 section 14.8, PDF/UA ISO 14289-1).
 */
import { describe, expect, it } from 'vitest';
import { pdfPageTexts as pageTexts, pdfTagging, structElements } from '../../testing/pdf-text.js';
import { renderTablePdf, type PdfTable } from './ledger-pdf.js';
import { findPdfFonts, scriptRuns } from './pdf-fonts.js';

const table = (rows: string[][]): PdfTable => ({
  title: 'Administration log',
  clinicName: 'Klinika Łódź 北京诊所',
  scope: 'Period 2026-11-01 to 2026-11-30',
  generatedAt: '2026-11-02 10:00 (UTC-05:00, America/New_York)',
  timeZone: 'America/New_York',
  columns: [{ header: 'Time' }, { header: 'Patient name', weight: 2 }, { header: 'Note', weight: 3 }],
  rows,
});

describe('PDF tables', () => {
  it('embeds fonts that keep Łucja, Øyelaran and 陈 intact, alone and mixed in one cell', async () => {
    const pdf = await renderTablePdf(
      table([
        ['10:05', 'Łucja Brzęczyszczykiewicz', 'Seen'],
        ['10:20', 'Tomi Øyelaran', 'Seen'],
        ['10:40', '陈 Wei', 'Ride: 陈静 (sister)'],
      ]),
    );
    const [text] = await pageTexts(pdf);
    expect(text).toContain('Łucja Brzęczyszczykiewicz');
    expect(text).toContain('Øyelaran');
    expect(text).toContain('陈');
    expect(text).toContain('陈静');
    expect(text).toContain('Klinika Łódź');
    expect(text).toContain('北京诊所');
    expect(findPdfFonts()).toMatchObject({ latin: expect.anything(), cjk: expect.anything() });
  });

  it('names the clinic time zone on every page', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`1${i % 10}:00`, `Patient ${i}`, 'Seen']);
    const pages = await pageTexts(await renderTablePdf(table(rows)));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('Times are clinic time: America/New_York');
  });

  it('still writes a readable document when the font files are missing (Helvetica, no CJK face)', async () => {
    const fonts = findPdfFonts({ latin: '/nonexistent', cjk: '/nonexistent', dejavu: '/nonexistent' });
    expect(fonts).toEqual({ latin: undefined, cjk: undefined });
    const pdf = await renderTablePdf(table([['10:05', 'Anna Smith', 'Seen']]), fonts);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pageTexts(pdf))[0]).toContain('Anna Smith');
  });

  it('is a tagged PDF: language, title shown, marked, a Document of H1, P and a Table whose cells hold the text on the page', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`1${i % 10}:00`, `Patient ${i} 陈静`, 'Seen']);
    const pdf = await renderTablePdf({ ...table(rows), lang: 'pl-PL' });
    const tagging = await pdfTagging(pdf);
    expect(tagging).toMatchObject({
      lang: 'pl-PL',
      title: 'Administration log - Klinika Łódź 北京诊所',
      displayDocTitle: true,
      marked: true,
    });
    expect(tagging.pages.length).toBeGreaterThan(1);
    expect(tagging.pages[0]!.map((n) => n.role)).toEqual(['Document']);

    const first = structElements(tagging.pages[0]!);
    expect(first.filter((e) => e.role === 'H1').map((e) => e.text)).toEqual(['Administration log']);
    expect(first.filter((e) => e.role === 'P').map((e) => e.text)).toEqual([
      'Klinika Łódź 北京诊所',
      'Period 2026-11-01 to 2026-11-30',
      'Generated 2026-11-02 10:00 (UTC-05:00, America/New_York)',
      'Times are clinic time: America/New_York',
    ]);
    const [page1Text, page2Text] = await pageTexts(pdf);
    expect(first.filter((e) => e.role === 'TH').map((e) => e.text)).toEqual(['Time', 'Patient name', 'Note']);
    const cells = first.filter((e) => e.role === 'TD').map((e) => e.text);
    expect(cells.slice(0, 3)).toEqual(['10:00', 'Patient 0 陈静', 'Seen']);
    for (const cell of cells.filter((c) => c.startsWith('Patient 1')))
      expect(`${page1Text}${page2Text}`).toContain(cell);

    // The rows of later pages are cells of the same table (the whole table has three TH cells); the header row
    // repeated on each page, the running header and the page numbers are artifacts; nothing is outside both.
    const last = structElements(tagging.pages.at(-1)!);
    expect(last.filter((e) => e.role === 'TD').map((e) => e.text)).toContain('Patient 119 陈静');
    expect(last.filter((e) => e.role === 'TH')).toHaveLength(3);
    expect(tagging.artifacts[0]).toContain('Page 1 of');
    expect(tagging.artifacts[1]).toMatch(/Time\s*Patient name\s*Note/);
    expect(tagging.untagged.every((text) => text.trim() === '')).toBe(true);
  });

  it('cuts text into CJK and other runs', () => {
    expect(scriptRuns('Wei 陈静, 2026')).toEqual([
      { text: 'Wei ', isCjk: false },
      { text: '陈静', isCjk: true },
      { text: ', 2026', isCjk: false },
    ]);
    expect(scriptRuns('Łucja')).toEqual([{ text: 'Łucja', isCjk: false }]);
  });
});
