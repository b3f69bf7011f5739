/**
 * A DEA Form 41 (destruction) or Form 106 (theft or loss) record as a PDF (pdfkit, as ledger-pdf.ts): the form's
 * sections as labelled lines, the source it answers to, when it was marked as sent, and "Page n of m". It is the
 * clinic's copy of what the form asks; the form itself is filed with the DEA (Form 106 online; Form 41 kept on file
 * or submitted as the DEA asks). Text is set in the embedded Unicode fonts (pdf-fonts.ts), so a registrant's or
 * witness's name such as Łucja or 陈 prints as written. Tagged for accessibility (tagged-pdf.ts): the title is H1, each section's heading
 * H2 and each labelled line a P; page numbers are artifacts.
 */
import { LOSS_TYPE_LABELS, type Form106Record, type Form41Record } from '../../../domain/inventory/index.js';
import { installedPdfFonts, unicodeText, type PdfFontSet } from './pdf-fonts.js';
import { TaggedPdf } from './tagged-pdf.js';

export interface DeaPdfSending {
  readonly sentOn: string;
  readonly methodLabel: string;
  readonly reference: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface DeaPdfInput {
  readonly clinicName: string;
  readonly sequence: number;
  readonly generatedAt: string;
  readonly sendings: readonly DeaPdfSending[];
  /** The document language (the clinic's locale, BCP 47); default en-US. */
  readonly lang?: string;
}

type Line = readonly [label: string, value: string];
interface Section {
  readonly heading: string;
  readonly lines: readonly Line[];
}

const MARGIN = 54;

function registrantSection(r: Form41Record['registrant']): Section {
  return {
    heading: 'Registrant',
    lines: [
      ['Registered name', r.registeredName],
      ['DEA registration number', r.deaNumber || '(not set in the clinic settings)'],
      ['Address', r.address || '(not set)'],
      ['Phone', r.phone || '(not set)'],
      ...(r.contactName ? [['Contact', r.contactName] as const] : []),
      ...(r.county ? [['County', r.county] as const] : []),
      ['Principal business', r.principalBusiness],
    ],
  };
}

export function form41Sections(record: Form41Record): Section[] {
  const i = record.item;
  return [
    { ...registrantSection(record.registrant), heading: 'A. Registrant' },
    {
      heading: 'B. Controlled substances destroyed',
      lines: [
        ['Drug', `${i.substance} ${i.strength}, ${i.form}`],
        ['NDC', i.ndc],
        ['Batch (lot)', i.batch],
        ['Package quantity', i.packageQuantity],
        ['Full packages', String(i.fullPackages)],
        ['Partial package count', i.partialPackageCount],
        ['Total destroyed', i.totalDestroyed],
      ],
    },
    {
      heading: 'C. Destruction',
      lines: [
        ['Date of destruction', record.dateOfDestruction],
        ['Method', record.method],
        ['Place', `${record.site.name}, ${record.site.address}`],
      ],
    },
    {
      heading: 'D. Witnesses (authorised employees)',
      lines: record.witnesses.map(
        (w, n) => [n === 0 ? 'First witness' : n === 1 ? 'Second witness' : `Witness ${n + 1}`, w] as const,
      ),
    },
  ];
}

export function form106Sections(record: Form106Record): Section[] {
  const d = record.details;
  const dollars = d.purchaseValueCents !== undefined ? `$${(d.purchaseValueCents / 100).toFixed(2)}` : undefined;
  const optional = (label: string, value: string | undefined): Line[] => (value === undefined ? [] : [[label, value]]);
  return [
    registrantSection(record.registrant),
    {
      heading: 'Theft or loss',
      lines: [
        ['Date of theft or loss', record.dateOfTheftOrLoss],
        ['Type', LOSS_TYPE_LABELS[record.lossType]],
        ['Circumstances', record.circumstances],
        ...optional('County', d.county),
        ['Reported to police', d.reportedToPolice ? 'Yes' : 'No'],
        ...optional(
          'Police department',
          d.policeDepartment ? `${d.policeDepartment.name}, ${d.policeDepartment.phone}` : undefined,
        ),
        ...optional('Police report number', d.policeReportNumber),
        ...optional(
          'Thefts or losses in the past 24 months',
          d.theftsOrLossesPast24Months === undefined ? undefined : String(d.theftsOrLossesPast24Months),
        ),
        ...optional(
          'Armed robbery: killed / injured',
          d.armedRobbery ? `${d.armedRobbery.anyoneKilled} / ${d.armedRobbery.anyoneInjured}` : undefined,
        ),
        ...optional('Purchase value', dollars),
        ...optional(
          'Other merchandise taken',
          d.otherMerchandiseTaken === undefined ? undefined : d.otherMerchandiseTaken ? 'Yes' : 'No',
        ),
        ...optional('Carrier', d.inTransit?.carrierName),
        ...optional('Consignee', d.inTransit?.consigneeName),
        ...optional('Consignee DEA number', d.inTransit?.consigneeDeaNumber),
      ],
    },
    {
      heading: 'Controlled substance',
      lines: [
        ['Drug', `${record.substance.name} ${record.substance.strength}, ${record.substance.form}`],
        ['NDC', record.substance.ndc],
        ['Lot', record.substance.lot],
        ['Quantity lost or stolen', record.substance.quantity],
      ],
    },
    {
      heading: 'Deadlines',
      lines: [
        [record.deadlines.deaWrittenNotice.what, `by ${record.deadlines.deaWrittenNotice.dueBy}`],
        [record.deadlines.form106.what, `by ${record.deadlines.form106.dueBy}`],
      ],
    },
  ];
}

export function renderDeaFormPdf(
  kind: '41' | '106',
  record: Form41Record | Form106Record,
  input: DeaPdfInput,
  fonts: PdfFontSet = installedPdfFonts(),
): Promise<Buffer> {
  const title =
    kind === '41'
      ? 'DEA Form 41 record: controlled substances destroyed'
      : 'DEA Form 106 record: theft or loss of controlled substances';
  const sections = kind === '41' ? form41Sections(record as Form41Record) : form106Sections(record as Form106Record);
  const pdf = new TaggedPdf({
    title: `${title} - ${input.clinicName}`,
    lang: input.lang ?? 'en-US',
    subject: `Ledger entry #${input.sequence}`,
    size: 'LETTER',
    margin: MARGIN,
  });
  const doc = pdf.doc;
  const text = unicodeText(doc, fonts);
  const width = doc.page.width - 2 * MARGIN;
  const labelWidth = 190;

  doc.fontSize(14);
  pdf.block('H1', () => text.write(title, 'bold', { width }));
  doc.fontSize(9).fillColor('#333333');
  pdf.block('P', () =>
    text.write(`${input.clinicName} · ledger entry #${input.sequence} · generated ${input.generatedAt}`, 'regular', {
      width,
    }),
  );
  pdf.block('P', () => text.write(`Source: ${record.citation.source}`, 'regular', { width }));
  doc.fillColor('black').moveDown(0.8);

  const line = (label: string, value: string) => {
    const y = doc.y;
    let afterLabel = y;
    pdf.block(
      'P',
      () => {
        doc.fontSize(10);
        text.write(label, 'bold', { width: labelWidth - 8 }, { x: MARGIN, y });
        afterLabel = doc.y;
      },
      () => text.write(value || ' ', 'regular', { width: width - labelWidth }, { x: MARGIN + labelWidth, y }),
    );
    doc.y = Math.max(afterLabel, doc.y) + 3;
    doc.x = MARGIN;
  };
  const allSections: Section[] = [
    ...sections,
    {
      heading: 'Sent to the DEA',
      lines:
        input.sendings.length === 0
          ? [['Status', 'Not marked as sent']]
          : input.sendings.map(
              (s) =>
                [
                  `Sent ${s.sentOn}`,
                  `${s.methodLabel}${s.reference ? `, reference ${s.reference}` : ''} (recorded by ${s.recordedBy}, ${s.recordedAt})`,
                ] as const,
            ),
    },
  ];
  for (const section of allSections) {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.fontSize(11);
    pdf.block('H2', () => text.write(section.heading, 'bold', { width, underline: true }, { x: MARGIN, y: doc.y }));
    doc.moveDown(0.3);
    for (const [label, value] of section.lines) {
      if (doc.y > doc.page.height - MARGIN - 30) doc.addPage();
      line(label, value);
    }
    doc.moveDown(0.6);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#555555');
    pdf.artifact('Pagination', () =>
      text.write(
        `Page ${i - range.start + 1} of ${range.count}`,
        'regular',
        { width, align: 'right', lineBreak: false },
        { x: MARGIN, y: doc.page.height - MARGIN / 2 - 8 },
      ),
    );
    doc.page.margins.bottom = bottom;
  }
  return pdf.end();
}
