/**
 * PDFs carry the names clinics see: Latin Extended (Łucja, Øyelaran) and CJK (陈) come back out of the document's
 * text intact, and every page says which time zone its times are in (issue 15, "PDFs").
 */
import { describe, expect, it } from 'vitest';
import { pdfPageTexts as pageTexts } from '../../testing/pdf-text.js';
import { renderTablePdf, type PdfTable } from './ledger-pdf.js';
import { findPdfFonts, scriptRuns } from './pdf-fonts.js';

const table = (rows: string[][]): PdfTable => ({
  title: 'Administration log', clinicName: 'Klinika Łódź 北京诊所', scope: 'Period 2026-11-01 to 2026-11-30', generatedAt: '2026-11-02 10:00 (UTC-05:00, America/New_York)',
  timeZone: 'America/New_York', columns: [{ header: 'Time' }, { header: 'Patient name', weight: 2 }, { header: 'Note', weight: 3 }], rows,
});

describe('PDF tables', () => {
  it('embeds fonts that keep Łucja, Øyelaran and 陈 intact, alone and mixed in one cell', async () => {
    const pdf = await renderTablePdf(table([
      ['10:05', 'Łucja Brzęczyszczykiewicz', 'Seen'], ['10:20', 'Tomi Øyelaran', 'Seen'], ['10:40', '陈 Wei', 'Ride: 陈静 (sister)'],
    ]));
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

  it('cuts text into CJK and other runs', () => {
    expect(scriptRuns('Wei 陈静, 2026')).toEqual([{ text: 'Wei ', isCjk: false }, { text: '陈静', isCjk: true }, { text: ', 2026', isCjk: false }]);
    expect(scriptRuns('Łucja')).toEqual([{ text: 'Łucja', isCjk: false }]);
  });
});
