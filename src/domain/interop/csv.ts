/**
 * CSV as RFC 4180 defines it (https://www.rfc-editor.org/rfc/rfc4180), with what spreadsheets actually write:
 * a UTF-8 byte-order mark at the start, CRLF or LF line ends, quoted fields holding commas, line breaks and doubled
 * quotes (`""` inside quotes is one `"`). Written here rather than taken from a package because none is installed and
 * the whole grammar is a few lines; `csv-stringify` is used for writing.
 */
export interface CsvParseResult {
  /** Every record, the header included, each a list of fields. Blank lines are skipped. */
  readonly records: string[][];
  /** Problems that make the text unreadable as CSV (an unclosed quote), with the 1-based line where they start. */
  readonly errors: ReadonlyArray<{ readonly line: number; readonly message: string }>;
}

export function parseCsv(text: string, delimiter = ','): CsvParseResult {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  const errors: Array<{ line: number; message: string }> = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteStartLine = 0;
  let line = 1;
  let fieldWasQuoted = false;
  const endRecord = () => {
    record.push(field);
    // A line with nothing on it is not a record (a trailing newline, a blank line between rows).
    if (!(record.length === 1 && record[0] === '' && !fieldWasQuoted)) records.push(record);
    record = [];
    field = '';
    fieldWasQuoted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '' && !fieldWasQuoted) {
      inQuotes = true;
      fieldWasQuoted = true;
      quoteStartLine = line;
      continue;
    }
    if (c === delimiter) {
      record.push(field);
      field = '';
      fieldWasQuoted = false;
      continue;
    }
    if (c === '\r' && input[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') {
      endRecord();
      line++;
      continue;
    }
    field += c;
  }
  if (inQuotes) errors.push({ line: quoteStartLine, message: 'a quoted field is not closed' });
  if (field !== '' || record.length > 0 || fieldWasQuoted) endRecord();
  return { records, errors };
}

/** One CSV field as written: quoted when it holds the delimiter, a quote or a line break (quotes doubled). */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV line (CRLF-terminated, as RFC 4180 asks). */
export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
