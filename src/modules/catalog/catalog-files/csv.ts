/** One data record with the 1-based physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Lenient RFC 4180 reading for catalog parsers that report row-level problems instead of failing:
 * every record with its starting line, and, when a quoted field is never closed, the line where it
 * opened (`unterminatedQuoteLine`; that record and everything after it are not returned). Blank
 * lines are skipped; a UTF-8 BOM is ignored; LF and CRLF both end a record.
 */
export function readCsvRecords(text: string): {
  header: string[];
  records: CsvRecord[];
  unterminatedQuoteLine: number | null;
} {
  const { records, unterminatedQuoteLine } = parseRecords(
    text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
  );
  const nonBlank = records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  const header = (nonBlank.shift()?.fields ?? []).map((h) => h.trim());
  return { header, records: nonBlank, unterminatedQuoteLine };
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks; LF or CRLF line
 * ends; a UTF-8 BOM is ignored. Returns the header row's names and one record per data row
 * (blank lines skipped). Throws on an unterminated quote, naming its line.
 */
export function parseCsv(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  const { header, records, unterminatedQuoteLine } = readCsvRecords(text);
  if (unterminatedQuoteLine !== null) {
    throw new Error(`unterminated quoted field starting on line ${unterminatedQuoteLine}`);
  }
  const rows = records.map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])));
  return { header, rows };
}

function parseRecords(text: string): { records: CsvRecord[]; unterminatedQuoteLine: number | null } {
  const records: CsvRecord[] = [];
  const delimiter = /[,\r\n]/g;
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  for (;;) {
    let field: string;
    if (text[i] === '"') {
      // Quoted field: up to the next lone quote; doubled quotes are literal; line breaks allowed.
      const quoteLine = line;
      field = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return { records, unterminatedQuoteLine: quoteLine };
        field += text.slice(from, q);
        if (text[q + 1] === '"') {
          field += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      line += countLineBreaks(field);
      // Anything between the closing quote and the delimiter is kept, as a lenient reader does.
      delimiter.lastIndex = i;
      const end = delimiter.exec(text)?.index ?? text.length;
      field += text.slice(i, end);
      i = end;
    } else {
      delimiter.lastIndex = i;
      const end = delimiter.exec(text)?.index ?? text.length;
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (i >= text.length) {
      if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
      return { records, unterminatedQuoteLine: null };
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    // End of record: LF, CRLF or a lone CR.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    records.push({ line: recordLine, fields });
    fields = [];
    line++;
    recordLine = line;
    if (i >= text.length) return { records, unterminatedQuoteLine: null };
  }
}

function countLineBreaks(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\n' || (s[k] === '\r' && s[k + 1] !== '\n')) n++;
  }
  return n;
}
