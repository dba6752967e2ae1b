/**
 * A reader for plain CSV, the shape of nearly every raw file: fields separated by commas, records by line feeds (by
 * then every line end is one: decodeText and plainUtf8 make a CRLF or a lone CR one), a field in quotes
 * where it holds a comma, a quote or a line break, and a quote inside such a field written twice (RFC 4180). It
 * reads such a file three to four times as fast as csv-parse, whose parser weighs every byte against every option
 * it has, and it declines anything else: a quote inside a field that does not begin with one, text after a closing
 * quote, a quote never closed, an empty line, a record with another number of fields than the first. What it reads
 * is what csv-parse reads with the options of csv.ts (tests/property.test.ts holds the two together on random
 * text); what it declines, csv-parse reads, and says what is wrong where it is.
 */

const COMMA = 0x2c;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * Read every record of a file's UTF-8 bytes, each handed to `each` as it is read; false, as soon as something is
 * not plain CSV (see the module comment), in which case the records handed on so far are to be forgotten. The
 * cells are new strings, not slices of a larger one, so that a cell kept does not keep its file's text alive.
 */
export function readPlainCsv(bytes: Buffer, each: (record: string[]) => void): boolean {
  const n = bytes.length;
  let width = -1;
  let i = 0;
  while (i < n) {
    if (bytes[i] === LF) return false; // an empty line, which csv-parse skips
    const record: string[] = [];
    for (;;) {
      let cell: string;
      if (bytes[i] === QUOTE) {
        const quoted = readQuoted(bytes, i + 1);
        if (quoted === undefined) return false;
        cell = quoted.cell;
        i = quoted.next;
        if (i < n && bytes[i] !== COMMA && bytes[i] !== LF) return false; // text after the closing quote
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = bytes[j];
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) return false; // a quote inside an unquoted field
        }
        cell = j === i ? '' : bytes.toString('utf8', i, j);
        i = j;
      }
      record.push(cell);
      if (i < n && bytes[i] === COMMA) i++;
      else break; // a line feed, or the end of the file
    }
    if (width < 0) width = record.length;
    else if (record.length !== width) return false;
    each(record);
    i++; // past the line feed
  }
  return true;
}

/** A quoted field's text, from just after its opening quote; undefined where the quote is never closed. */
function readQuoted(bytes: Buffer, from: number): { cell: string; next: number } | undefined {
  let cell = '';
  for (;;) {
    const close = bytes.indexOf(QUOTE, from);
    if (close < 0) return undefined;
    if (close > from) cell += bytes.toString('utf8', from, close);
    if (bytes[close + 1] !== QUOTE) return { cell, next: close + 1 };
    cell += '"'; // a quote written twice
    from = close + 2;
  }
}
