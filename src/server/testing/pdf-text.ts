/**
 * The text a PDF shows, as a reader extracts it: glyphs mapped back to Unicode through the embedded fonts (our PDFs
 * embed subsetted Noto fonts, so their content streams hold glyph ids, not the letters). For tests only.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Each page's text, in order. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
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
