/**
 * The text a PDF shows, as a reader extracts it: glyphs mapped back to Unicode through the embedded fonts (our PDFs
 * embed subsetted Noto fonts, so their content streams hold glyph ids, not the letters). For tests only.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Opens a PDF with pdfjs as a reader would, without fonts from the system and without eval. */
function openPdf(pdf: Uint8Array) {
  return getDocument({
    data: new Uint8Array(pdf),
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

/** Each page's text, in order. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const document = await openPdf(pdf);
  const pages: string[] = [];
  try {
    for (let n = 1; n <= document.numPages; n++) {
      const content = await (await document.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
  } finally {
    await document.destroy();
  }
  return pages;
}

/** All pages' text, one page a line. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfPageTexts(pdf)).join('\n');
}

/** A structure element as a reader sees it: its role (H1, P, Table, TD…), the text of its own content, its children. */
export interface PdfStructNode {
  readonly role: string;
  readonly text: string;
  readonly children: readonly PdfStructNode[];
}

/** What makes a PDF accessible, read back: catalog entries and each page's structure tree with its text. */
export interface PdfTagging {
  readonly lang: string | undefined;
  readonly title: string | undefined;
  readonly displayDocTitle: boolean;
  readonly marked: boolean;
  /** Each page's structure tree (its root's children), with the text of each element's marked content. */
  readonly pages: ReadonlyArray<readonly PdfStructNode[]>;
  /** Each page's text that is in no marked content at all (neither tagged nor an artifact): should be empty. */
  readonly untagged: readonly string[];
  /** Each page's text marked as an artifact. */
  readonly artifacts: readonly string[];
}

interface RawStructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: RawStructNode[];
}

/** Reads a PDF's tagging with pdfjs (getStructTree, marked content in the text layer). For tests only. */
export async function pdfTagging(pdf: Uint8Array): Promise<PdfTagging> {
  const document = await openPdf(pdf);
  try {
    const metadata = await document.getMetadata();
    const info = metadata.info as { Language?: string; Title?: string };
    const preferences = (await document.getViewerPreferences()) as { DisplayDocTitle?: boolean } | null;
    const markInfo = await document.getMarkInfo();
    const trees: Array<RawStructNode | null> = [];
    const untagged: string[] = [];
    const artifacts: string[] = [];
    // Marked-content ids name their page (p12R_mc3): one map for the document, since an element's tree can reach
    // content on another page.
    const byId = new Map<string, string>();
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const open: Array<{ id: string | null; tag: string }> = [];
      let loose = '';
      let artifact = '';
      for (const item of content.items) {
        if ('str' in item) {
          const inner = open.findLast((m) => m.id !== null);
          if (inner?.id) byId.set(inner.id, (byId.get(inner.id) ?? '') + item.str);
          else if (open.some((m) => m.tag === 'Artifact')) artifact += item.str;
          else loose += item.str;
        } else if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          // pdfjs gives each begin its tag (Artifact, P, TD…), though its types do not say so.
          const marked = item as { id?: string | null; tag?: string | null };
          open.push({ id: marked.id ?? null, tag: marked.tag ?? '' });
        } else if (item.type === 'endMarkedContent') {
          open.pop();
        }
      }
      trees.push((await page.getStructTree()) as RawStructNode | null);
      untagged.push(loose);
      artifacts.push(artifact);
    }
    const toNode = (raw: RawStructNode): PdfStructNode => {
      const kids = raw.children ?? [];
      return {
        role: raw.role ?? '',
        // Trimmed: pdfjs adds a space between text runs it finds apart on the page (one cell after another).
        text: kids
          .filter((k) => k.type === 'content' && k.id)
          .map((k) => byId.get(k.id!) ?? '')
          .join('')
          .trim(),
        children: kids.filter((k) => k.role !== undefined).map(toNode),
      };
    };
    const pages = trees.map((tree) => (tree?.children ?? []).map(toNode));
    return {
      lang: info.Language,
      title: info.Title,
      displayDocTitle: preferences?.DisplayDocTitle === true,
      marked: (markInfo as { Marked?: boolean } | null)?.Marked === true,
      pages,
      untagged,
      artifacts,
    };
  } finally {
    await document.destroy();
  }
}

/** Every element of the trees, depth first. */
export function structElements(nodes: readonly PdfStructNode[]): PdfStructNode[] {
  return nodes.flatMap((node) => [node, ...structElements(node.children)]);
}
