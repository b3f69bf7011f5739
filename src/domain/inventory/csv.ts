/**
 * CSV as RFC 4180 describes it: records end with CRLF; a field that holds a comma, a double quote, CR or LF is
 * enclosed in double quotes, and a double quote inside it is written twice.
 *
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that starts with =, +, -, @, tab or CR can be
 * run as a formula when the file is opened in a spreadsheet. With `protectFormulas` (on by default) such text
 * cells get a leading apostrophe. Numbers, and text that is a plain signed decimal such as "-500", are never altered.
 */
export type CsvValue = string | number | boolean | null | undefined;

export type CsvColumn<R> = {
  readonly header: string;
  readonly value: (row: R) => CsvValue;
};

export type CsvOptions = {
  readonly protectFormulas?: boolean;
};

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

export function csvField(value: CsvValue, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('csvField: non-finite number');
    return String(value);
  }
  let text = typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
  if (
    options.protectFormulas !== false &&
    typeof value === 'string' &&
    FORMULA_START.test(text) &&
    !PLAIN_NUMBER.test(text)
  )
    text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<R>(rows: readonly R[], columns: readonly CsvColumn<R>[], options: CsvOptions = {}): string {
  const lines = [columns.map((c) => csvField(c.header, { protectFormulas: false })).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row), options)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
