/**
 * The fonts PDFs are written in. pdfkit's built-in Helvetica knows only Windows-1252, so names such as Łucja or 陈
 * came out garbled; the documents now embed Noto Sans (Latin, Greek, Cyrillic, Latin Extended) and, for Chinese,
 * Japanese kana and CJK punctuation, Noto Sans Hans, both OFL-1.1 and brought by npm (@embedpdf/fonts-latin,
 * @embedpdf/fonts-sc). Only the glyphs used are embedded (pdfkit subsets fonts).
 *
 * When a font file is missing (a trimmed install), the document falls back: Latin to Debian's DejaVu Sans if present,
 * else Helvetica; CJK text to the Latin font (those characters then show as empty boxes, the rest stays readable).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PdfFontFiles {
  readonly regular: string;
  readonly bold: string;
  readonly italic: string;
}

export interface PdfFontSet {
  /** The Latin faces; undefined: pdfkit's Helvetica. */
  readonly latin: PdfFontFiles | undefined;
  /** The CJK faces (regular, bold); undefined: none. */
  readonly cjk: { readonly regular: string; readonly bold: string } | undefined;
}

const require = createRequire(import.meta.url);

function packageFonts(name: string): string | undefined {
  try {
    // The packages export only their (tiny) index; the fonts sit in fonts/ beside dist/.
    return path.join(path.dirname(require.resolve(name)), '..', 'fonts');
  } catch {
    return undefined;
  }
}

function allExist<T extends Record<string, string>>(files: T): T | undefined {
  return Object.values(files).every((f) => existsSync(f)) ? files : undefined;
}

/** Finds the font files once per process (`dirs` only for tests of the fallbacks). */
export function findPdfFonts(
  dirs: { latin?: string | undefined; cjk?: string | undefined; dejavu?: string | undefined } = {},
): PdfFontSet {
  const latinDir = 'latin' in dirs ? dirs.latin : packageFonts('@embedpdf/fonts-latin');
  const cjkDir = 'cjk' in dirs ? dirs.cjk : packageFonts('@embedpdf/fonts-sc');
  const dejavuDir = 'dejavu' in dirs ? dirs.dejavu : '/usr/share/fonts/truetype/dejavu';
  const noto = latinDir
    ? allExist({
        regular: path.join(latinDir, 'NotoSans-Regular.ttf'),
        bold: path.join(latinDir, 'NotoSans-Bold.ttf'),
        italic: path.join(latinDir, 'NotoSans-Italic.ttf'),
      })
    : undefined;
  const dejavu = dejavuDir
    ? allExist({
        regular: path.join(dejavuDir, 'DejaVuSans.ttf'),
        bold: path.join(dejavuDir, 'DejaVuSans-Bold.ttf'),
        italic: path.join(dejavuDir, 'DejaVuSans-Oblique.ttf'),
      })
    : undefined;
  const cjk = cjkDir
    ? allExist({
        regular: path.join(cjkDir, 'NotoSansHans-Regular.otf'),
        bold: path.join(cjkDir, 'NotoSansHans-Bold.otf'),
      })
    : undefined;
  return { latin: noto ?? dejavu, cjk };
}

/** CJK ideographs, kana, CJK symbols and punctuation, full-width forms, and the supplementary ideograph planes. */
const CJK =
  /[\u2E80-\u2FFF\u3000-\u30FF\u3100-\u31FF\u3200-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u;

/** `text` cut into runs of CJK and other characters, in order (pure). */
export function scriptRuns(text: string): Array<{ text: string; isCjk: boolean }> {
  const runs: Array<{ text: string; isCjk: boolean }> = [];
  for (const ch of text) {
    const isCjk = CJK.test(ch);
    const last = runs.at(-1);
    if (last && last.isCjk === isCjk) last.text += ch;
    else runs.push({ text: ch, isCjk });
  }
  return runs;
}

export type PdfFace = 'regular' | 'bold' | 'italic';
const HELVETICA: Record<PdfFace, string> = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
};

let defaultFonts: PdfFontSet | undefined;
/** The fonts found on this install, looked up once per process. */
export const installedPdfFonts = (): PdfFontSet => (defaultFonts ??= findPdfFonts());

/** Writes and measures text in a document's embedded fonts, CJK runs in the CJK face. */
export interface UnicodeText {
  /** Writes `text` at `at` (or where the document stands), switching to the CJK face for CJK runs of one paragraph. */
  write(text: string, face: PdfFace, options: PDFKit.Mixins.TextOptions, at?: { x: number; y: number }): void;
  /** The height `text` takes at `width`: with mixed scripts, the taller of the two faces' measures. */
  measure(text: string, face: PdfFace, size: number, width: number): number;
}

/** Registers `fonts` in `doc` and answers a writer that uses them (Helvetica where no font file was found). */
export function unicodeText(doc: PDFKit.PDFDocument, fonts: PdfFontSet): UnicodeText {
  if (fonts.latin) for (const face of ['regular', 'bold', 'italic'] as const) doc.registerFont(face, fonts.latin[face]);
  if (fonts.cjk) {
    doc.registerFont('cjk-regular', fonts.cjk.regular);
    doc.registerFont('cjk-bold', fonts.cjk.bold);
  }
  const fontName = (face: PdfFace, isCjk = false): string =>
    isCjk && fonts.cjk ? (face === 'bold' ? 'cjk-bold' : 'cjk-regular') : fonts.latin ? face : HELVETICA[face];
  const place = (text: string, options: PDFKit.Mixins.TextOptions, at: { x: number; y: number } | undefined) =>
    at ? doc.text(text, at.x, at.y, options) : doc.text(text, options);
  return {
    write(text, face, options, at) {
      const runs = fonts.cjk ? scriptRuns(text) : [{ text, isCjk: false }];
      if (runs.length <= 1) {
        doc.font(fontName(face, runs[0]?.isCjk));
        place(text, options, at);
        return;
      }
      runs.forEach((run, i) => {
        doc.font(fontName(face, run.isCjk));
        const continued = i < runs.length - 1;
        if (i === 0) place(run.text, { ...options, continued }, at);
        else doc.text(run.text, { ...options, continued });
      });
    },
    measure(text, face, size, width) {
      doc.font(fontName(face)).fontSize(size);
      const latin = doc.heightOfString(text || ' ', { width });
      if (!fonts.cjk || !scriptRuns(text).some((r) => r.isCjk)) return latin;
      doc.font(fontName(face, true)).fontSize(size);
      return Math.max(latin, doc.heightOfString(text, { width }));
    },
  };
}
