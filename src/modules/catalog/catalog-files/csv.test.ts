import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvRecords } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, embedded line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n';
    expect(parseCsv(text)).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        { a: '1', b: 'x, y', c: 'say "hi"' },
        { a: '2', b: 'two\nlines', c: '' },
      ],
    });
  });

  it('skips blank lines and reads a last line without a line end', () => {
    expect(parseCsv('a,b\n\n1,2\n\n3,4').rows).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('throws on an unterminated quote, naming the line it opened on', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nstill open\n')).toThrow(
      'unterminated quoted field starting on line 3',
    );
  });
});

describe('readCsvRecords', () => {
  it('gives each record the physical line it starts on, counting breaks inside quotes', () => {
    const { header, records, unterminatedQuoteLine } = readCsvRecords(
      'h1,h2\r\nA,"multi\r\nline"\r\n\r\nB,2\nC,"3"\n',
    );
    expect(header).toEqual(['h1', 'h2']);
    expect(records).toEqual([
      { line: 2, fields: ['A', 'multi\r\nline'] },
      { line: 5, fields: ['B', '2'] },
      { line: 6, fields: ['C', '3'] },
    ]);
    expect(unterminatedQuoteLine).toBeNull();
  });

  it('keeps the records before an unterminated quote and reports its line', () => {
    const result = readCsvRecords('h\nok\n"broken\nrest\n');
    expect(result.records).toEqual([{ line: 2, fields: ['ok'] }]);
    expect(result.unterminatedQuoteLine).toBe(3);
  });
});
