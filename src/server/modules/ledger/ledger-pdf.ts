/**
 * A plain, readable table as PDF (pdfkit): the clinic's name, the report title, the period, when it was
 * generated, the source it answers to, and "Page n of m" on every page. The header row repeats on each page.
 */
import PDFDocument from 'pdfkit';

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

export function renderTablePdf(table: PdfTable): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER', layout: 'landscape', margin: MARGIN, bufferPages: true,
    info: { Title: `${table.title} - ${table.clinicName}`, Author: 'Ketaclinic', Subject: table.scope },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - FOOTER_SPACE;
  const totalWeight = table.columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const widths = table.columns.map((c) => (width * (c.weight ?? 1)) / totalWeight);

  const rowHeight = (cells: readonly string[], font: string, size: number): number => {
    doc.font(font).fontSize(size);
    let tallest = 0;
    cells.forEach((text, i) => {
      tallest = Math.max(tallest, doc.heightOfString(text || ' ', { width: (widths[i] ?? 20) - 2 * CELL_PAD }));
    });
    return tallest + 2 * CELL_PAD;
  };

  const drawRow = (cells: readonly string[], y: number, height: number, font: string, size: number, shade: boolean): void => {
    if (shade) doc.save().rect(left, y, width, height).fill('#eeeeee').restore();
    doc.font(font).fontSize(size).fillColor('#000000');
    let x = left;
    cells.forEach((text, i) => {
      const w = widths[i] ?? 20;
      doc.text(text, x + CELL_PAD, y + CELL_PAD, { width: w - 2 * CELL_PAD, lineBreak: true });
      x += w;
    });
    doc.save().moveTo(left, y + height).lineTo(left + width, y + height).lineWidth(0.3).strokeColor('#999999').stroke().restore();
  };

  const headers = table.columns.map((c) => c.header);
  const headerHeight = rowHeight(headers, 'Helvetica-Bold', HEADER_FONT_SIZE);

  const pageHeading = (first: boolean): number => {
    let y = MARGIN;
    if (first) {
      doc.font('Helvetica-Bold').fontSize(14).fillColor('#000000').text(table.title, left, y, { width });
      y = doc.y + 2;
      doc.font('Helvetica').fontSize(9).text(table.clinicName, left, y, { width });
      y = doc.y + 1;
      doc.text(table.scope, left, y, { width });
      y = doc.y + 1;
      doc.text(`Generated ${table.generatedAt}`, left, y, { width });
      y = doc.y + 1;
      if (table.citation) {
        doc.fontSize(7).fillColor('#444444').text(table.citation, left, y, { width });
        y = doc.y + 1;
      }
      y += 6;
    } else {
      doc.font('Helvetica').fontSize(8).fillColor('#444444').text(`${table.title} - ${table.clinicName} - ${table.scope}`, left, y, { width });
      y = doc.y + 4;
    }
    drawRow(headers, y, headerHeight, 'Helvetica-Bold', HEADER_FONT_SIZE, true);
    return y + headerHeight;
  };

  let y = pageHeading(true);
  if (table.rows.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(9).fillColor('#000000').text('No entries.', left, y + 6, { width });
  }
  for (const raw of table.rows) {
    const cells = raw.map(cellText);
    const height = rowHeight(cells, 'Helvetica', FONT_SIZE);
    if (y + height > bottom()) {
      doc.addPage();
      y = pageHeading(false);
    }
    drawRow(cells, y, height, 'Helvetica', FONT_SIZE, false);
    y += height;
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not start a new page.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#444444')
      .text(`${table.clinicName} - ${table.title} - Page ${i - range.start + 1} of ${range.count}`, left, doc.page.height - MARGIN - 10, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
