import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv } from './csv.js';

// Grammar: RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180), section 2.
describe('parseCsv', () => {
  it('reads a header and rows separated by LF or CRLF', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4').records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('drops a UTF-8 byte-order mark before the first header', () => {
    expect(parseCsv('\uFEFFfamily,given\r\nDoe,Jane\r\n').records).toEqual([
      ['family', 'given'],
      ['Doe', 'Jane'],
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields (rule 6 and 7)', () => {
    const { records, errors } = parseCsv('name,note\r\n"Doe, Jane","said ""hi""\r\nthen left"\r\n');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      ['name', 'note'],
      ['Doe, Jane', 'said "hi"\r\nthen left'],
    ]);
  });

  it('keeps empty fields, and a quoted empty field as a record', () => {
    expect(parseCsv('a,,c\n""\n,\n').records).toEqual([['a', '', 'c'], [''], ['', '']]);
  });

  it('skips blank lines and the final line end', () => {
    expect(parseCsv('a\n\n\nb\n').records).toEqual([['a'], ['b']]);
  });

  it('names the line where an unclosed quote starts', () => {
    expect(parseCsv('a,b\n1,2\n"open,3\n4,5').errors).toEqual([{ line: 3, message: 'a quoted field is not closed' }]);
  });

  it('reads back what csvLine writes', () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'two\nlines', ''];
    expect(parseCsv(csvLine(values) + csvLine(['x'])).records).toEqual([values, ['x']]);
  });
});
