/**
 * A plain, readable table as PDF (pdfkit): the clinic's name, the report title, the period, when it was
 * generated, the source it answers to, the clinic's time zone, and "Page n of m" on every page. The header row
 * repeats on each page. Text is set in embedded Unicode fonts (pdf-fonts.ts), CJK runs in a CJK face.
 * Tagged for accessibility (tagged-pdf.ts): the title is H1, the lines under it P, the rows a Table (TH, TD);
 * the header row repeated on later pages, the running header, the page numbers and the rules are artifacts.
 */
import { installedPdfFonts, unicodeText, type PdfFace, type PdfFontSet } from './pdf-fonts.js';
import { TaggedPdf, type TaggedTable } from './tagged-pdf.js';

export interface PdfColumn {
  readonly header: string;
  /** Relative width. */
  readonly weight?: number;
}

export interface PdfTable {
  readonly title: string;
  readonly clinicName: string;
  /** e.g. "Period 2026-11-01 to 2026-11-30" or "Inventory of 2026-11-02". */
  readonly scope: string;
  readonly generatedAt: string;
  readonly citation?: string;
  /** The clinic's IANA zone: every page says that its times are in it. */
  readonly timeZone?: string;
  /** The document language (the clinic's locale, BCP 47); default en-US. */
  readonly lang?: string;
  readonly columns: readonly PdfColumn[];
  readonly rows: ReadonlyArray<ReadonlyArray<string>>;
}

const MARGIN = 36;
const FONT_SIZE = 7;
const HEADER_FONT_SIZE = 7;
const CELL_PAD = 2;
const MAX_CELL_CHARS = 600;
const FOOTER_SPACE = 20;

function cellText(text: string): string {
  const clean = text.replace(/\r\n?/g, '\n');
  return clean.length > MAX_CELL_CHARS ? `${clean.slice(0, MAX_CELL_CHARS - 1)}…` : clean;
}

export function renderTablePdf(table: PdfTable, fonts: PdfFontSet = installedPdfFonts()): Promise<Buffer> {
  const pdf = new TaggedPdf({
    title: `${table.title} - ${table.clinicName}`,
    lang: table.lang ?? 'en-US',
    subject: table.scope,
    size: 'LETTER',
    layout: 'landscape',
    margin: MARGIN,
  });
  const doc = pdf.doc;
  const text = unicodeText(doc, fonts);
  const write = (line: string, x: number, y: number, face: PdfFace, options: PDFKit.Mixins.TextOptions): void =>
    text.write(line, face, options, { x, y });
  const measure = text.measure;
  const zoneNote = table.timeZone ? `Times are clinic time: ${table.timeZone}` : undefined;

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - FOOTER_SPACE;
  const totalWeight = table.columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const widths = table.columns.map((c) => (width * (c.weight ?? 1)) / totalWeight);

  const rowHeight = (cells: readonly string[], face: PdfFace, size: number): number => {
    let tallest = 0;
    cells.forEach((text, i) => {
      tallest = Math.max(tallest, measure(text, face, size, (widths[i] ?? 20) - 2 * CELL_PAD));
    });
    return tallest + 2 * CELL_PAD;
  };

  let tagged: TaggedTable | undefined;
  /** A row: its cells are TH or TD of the table, or (the header row repeated on a later page) an artifact. */
  const drawRow = (
    cells: readonly string[],
    y: number,
    height: number,
    face: PdfFace,
    size: number,
    shade: boolean,
    kind: 'TH' | 'TD' | 'artifact',
  ): void => {
    if (shade) pdf.artifact('Layout', () => doc.save().rect(left, y, width, height).fill('#eeeeee').restore());
    doc.fontSize(size).fillColor('#000000');
    let x = left;
    const draws = cells.map((text, i) => {
      const w = widths[i] ?? 20;
      const at = x;
      x += w;
      return () => write(text, at + CELL_PAD, y + CELL_PAD, face, { width: w - 2 * CELL_PAD, lineBreak: true });
    });
    if (kind === 'artifact' || !tagged) pdf.artifact('Pagination', () => draws.forEach((draw) => draw()));
    else tagged.row(draws.map((draw) => ({ type: kind, draw })));
    pdf.artifact('Layout', () =>
      doc
        .save()
        .moveTo(left, y + height)
        .lineTo(left + width, y + height)
        .lineWidth(0.3)
        .strokeColor('#999999')
        .stroke()
        .restore(),
    );
  };

  const headers = table.columns.map((c) => c.header);
  const headerHeight = rowHeight(headers, 'bold', HEADER_FONT_SIZE);

  const pageHeading = (first: boolean): number => {
    let y = MARGIN;
    if (first) {
      doc.fontSize(14).fillColor('#000000');
      pdf.block('H1', () => write(table.title, left, y, 'bold', { width }));
      y = doc.y + 2;
      doc.fontSize(9);
      for (const line of [
        table.clinicName,
        table.scope,
        `Generated ${table.generatedAt}`,
        ...(zoneNote ? [zoneNote] : []),
      ]) {
        pdf.block('P', () => write(line, left, y, 'regular', { width }));
        y = doc.y + 1;
      }
      if (table.citation) {
        const citation = table.citation;
        doc.fontSize(7).fillColor('#444444');
        pdf.block('P', () => write(citation, left, y, 'regular', { width }));
        y = doc.y + 1;
      }
      y += 6;
      tagged = pdf.table();
    } else {
      doc.fontSize(8).fillColor('#444444');
      pdf.artifact('Pagination', () =>
        write(
          [table.title, table.clinicName, table.scope, ...(zoneNote ? [zoneNote] : [])].join(' - '),
          left,
          y,
          'regular',
          { width },
        ),
      );
      y = doc.y + 4;
    }
    drawRow(headers, y, headerHeight, 'bold', HEADER_FONT_SIZE, true, first ? 'TH' : 'artifact');
    return y + headerHeight;
  };

  let y = pageHeading(true);
  if (table.rows.length === 0) {
    doc.fontSize(9).fillColor('#000000');
    pdf.block('P', () => write('No entries.', left, y + 6, 'italic', { width }));
  }
  for (const raw of table.rows) {
    const cells = raw.map(cellText);
    const height = rowHeight(cells, 'regular', FONT_SIZE);
    if (y + height > bottom()) {
      doc.addPage();
      y = pageHeading(false);
    }
    drawRow(cells, y, height, 'regular', FONT_SIZE, false, 'TD');
    y += height;
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not start a new page.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#444444');
    pdf.artifact('Pagination', () =>
      write(
        `${table.clinicName} - ${table.title} - Page ${i - range.start + 1} of ${range.count}`,
        left,
        doc.page.height - MARGIN - 10,
        'regular',
        { width, align: 'right', lineBreak: false },
      ),
    );
    doc.page.margins.bottom = savedBottom;
  }
  return pdf.end();
}
