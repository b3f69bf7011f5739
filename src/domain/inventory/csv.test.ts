import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.js';

// Source: RFC 4180 section 2 (CRLF record ends; fields with comma, double quote, CR or LF enclosed in double
// quotes; an inner double quote doubled). OWASP "CSV Injection" for the formula guard.
describe('CSV (RFC 4180)', () => {
  it('quotes fields holding a comma, a quote or a line break, and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('12 Elm St, Columbus')).toBe('"12 Elm St, Columbus"');
    expect(csvField('the "red" vial')).toBe('"the ""red"" vial"');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField(null)).toBe('');
    expect(csvField(-500)).toBe('-500');
  });

  it('ends every record with CRLF and writes the header first', () => {
    const csv = toCsv(
      [
        { a: 'x', b: 1 },
        { a: 'y,z', b: 2 },
      ],
      [
        { header: 'A', value: (r) => r.a },
        { header: 'B', value: (r) => r.b },
      ],
    );
    expect(csv).toBe('A,B\r\nx,1\r\n"y,z",2\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula, unless asked not to', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('-1+2', { protectFormulas: false })).toBe('-1+2');
    // A signed decimal is a number to a spreadsheet, not a formula: a shortage of "-500" mg stays as it is
    expect(csvField('-500')).toBe('-500');
    expect(csvField('-36.5')).toBe('-36.5');
  });
});
