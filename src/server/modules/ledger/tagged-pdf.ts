/**
 * Tagged PDF (PDF/UA-style accessibility, ISO 14289-1; PDF 1.7 section 14.8) for every PDF Ketaclinic writes: one
 * place that opens a pdfkit document with the document language (`/Lang`), a title shown instead of the file name
 * (`/Title` + `DisplayDocTitle`), `/MarkInfo << /Marked true >>` and a structure tree (`StructTreeRoot` with a
 * `Document` element and its `ParentTree`). Writers draw through it: headings, paragraphs and tables become
 * structure elements whose content is a marked-content sequence (`BDC … EMC` with an MCID), and decoration
 * (shading, rules, running headers and page numbers) is marked as an artifact so that a screen reader skips it.
 */
import PDFDocument from 'pdfkit';

export interface TaggedPdfOptions {
  /** The document title (shown in the reader's title bar). */
  readonly title: string;
  /** The document language, BCP 47 (the clinic's locale, e.g. en-US). */
  readonly lang: string;
  readonly subject?: string;
  readonly size?: string;
  readonly layout?: 'portrait' | 'landscape';
  readonly margin: number;
}

export type BlockType = 'H1' | 'H2' | 'H3' | 'P';
export type ArtifactType = 'Pagination' | 'Layout';

/** A table being written: one row at a time, each cell a header (TH) or data cell (TD) that draws its own content. */
export interface TaggedTable {
  row(cells: ReadonlyArray<{ readonly type: 'TH' | 'TD'; readonly draw: () => void }>): void;
}

/** A language tag pdfkit and readers accept; anything else falls back to en-US. */
function documentLanguage(lang: string): string {
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : 'en-US';
}

export class TaggedPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly root: PDFKit.PDFStructureElement;
  private readonly done: Promise<Buffer>;

  constructor(options: TaggedPdfOptions) {
    this.doc = new PDFDocument({
      size: options.size ?? 'LETTER',
      layout: options.layout ?? 'portrait',
      margin: options.margin,
      bufferPages: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: documentLanguage(options.lang),
      displayTitle: true,
      info: { Title: options.title, Author: 'Ketaclinic', ...(options.subject ? { Subject: options.subject } : {}) },
    });
    const chunks: Buffer[] = [];
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  /** A heading or paragraph: what `draw` writes is its content (several closures: one element over several runs). */
  block(type: BlockType, ...draw: Array<() => void>): void {
    this.root.add(this.doc.struct(type, {}, draw));
  }

  /** A table; its rows are added with `row`, each drawn at once. */
  table(): TaggedTable {
    const table = this.doc.struct('Table');
    this.root.add(table);
    return {
      row: (cells) => {
        const tr = this.doc.struct('TR');
        table.add(tr);
        for (const cell of cells) tr.add(this.doc.struct(cell.type, {}, [cell.draw]));
        tr.end();
      },
    };
  }

  /** Decoration or page furniture: drawn, but not part of the document's content for assistive technology. */
  artifact(type: ArtifactType, draw: () => void): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** Closes the structure tree and the document; resolves to the PDF's bytes. */
  end(): Promise<Buffer> {
    this.root.end();
    this.doc.end();
    return this.done;
  }
}
