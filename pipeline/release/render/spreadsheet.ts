/**
 * A small SpreadsheetML (.xlsx, ECMA-376) writer: the parts of a workbook of plain sheets, written straight
 * to XML text and zipped (zip.ts). It knows four cell styles (text, bold text, number, date), a frozen header
 * row, an autofilter and column widths; nothing else.
 *
 * Text goes to the shared string table (`t="s"`), as Excel, WPS and LibreOffice write it, so it is what every
 * reader is made for; inline strings (`t="inlineStr"`) open as well, but repeat every label, unit and id in
 * every cell (at 100 000 figures a fifth larger a file), for a little less work in writing it.
 */
import { tmpdir } from 'node:os';
import { StringPool } from '../../core/pool.js';
import { ZipArchive, type ZipEntryWriter } from './zip.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell styles: their index in styles.xml's cellXfs. */
export const STYLE = { plain: 0, header: 1, text: 2, date: 3 } as const;

const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${MAIN}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  // 49 is the built-in text format "@"
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

// Characters XML 1.0 cannot hold are written as Excel writes them, _xHHHH_, and an underscore that would read
// as the start of such an escape is escaped itself (_x005F_). A carriage return is a character reference, which
// every XML parser keeps (a bare one it would turn into a line feed).
const SPECIAL = /[&<>"\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)/;
const SPECIAL_ALL = new RegExp(SPECIAL.source, 'g');
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };
const escapeOne = (ch: string) => ENTITIES[ch] ?? `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;

/** Text for XML element content or a double-quoted attribute. */
export const xmlText = (text: string): string => (SPECIAL.test(text) ? text.replace(SPECIAL_ALL, escapeOne) : text);

/** Column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Days since 1899-12-30 (the serial number of a date in a 1900 workbook) of a YYYY-MM-DD date. */
export function dateSerial(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(time).toISOString().startsWith(date) ? time / 86_400_000 + 25_569 : undefined;
}

/** Whether a BMP character is full-width (East Asian Wide or Fullwidth, as terminals and spreadsheets draw it). */
const wide = (c: number): boolean =>
  (c >= 0x1100 && c <= 0x115f) ||
  (c >= 0x2e80 && c <= 0xa4cf) ||
  (c >= 0xac00 && c <= 0xd7a3) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) ||
  (c >= 0xff00 && c <= 0xff60) ||
  (c >= 0xffe0 && c <= 0xffe6);

/**
 * Width of a text in spreadsheet columns: CJK and other full-width characters count two, the rest one (a
 * character outside the BMP is one, or two in the CJK planes U+20000..U+3FFFD). Character codes, not a
 * regular expression per character: every cell of a large release is measured.
 */
export function displayWidth(text: string): number {
  let width = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x1100) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const point = text.codePointAt(i)!;
      if (point > 0xffff) {
        i++; // a surrogate pair: two code units, one character
        if (point < 0x20000 || point > 0x3fffd) width--;
      }
    } else if (wide(c)) width++;
  }
  return width;
}

/**
 * Shared strings: each distinct text once, numbered in the order first used. Texts are known by their number in
 * a pool (core/pool.ts), so finding a text's shared string is an array lookup, not a hash of the text.
 */
class SharedStrings {
  /** By pool number: the shared string's index + 1, or 0 where the text is not used yet. */
  private index = new Int32Array(1024);
  /** The pool numbers of the shared strings, in order. */
  readonly order: number[] = [];
  /** Text cells written, repeats included. */
  count = 0;

  constructor(readonly pool: StringPool) {}

  /** The shared string of a pool number. */
  ofId(id: number): number {
    this.count++;
    if (id >= this.index.length) {
      const bigger = new Int32Array(Math.max(id + 1, this.index.length * 2));
      bigger.set(this.index);
      this.index = bigger;
    }
    let i = this.index[id]!;
    if (i === 0) {
      this.order.push(id);
      this.index[id] = i = this.order.length;
    }
    return i - 1;
  }

  of(text: string): number {
    return this.ofId(this.pool.id(text));
  }
}

/** Text is handed to zlib in chunks of about this many bytes. */
const CHUNK = 1 << 19;

/**
 * A part's XML text, encoded into one of two buffers and handed to its zip entry a chunk at a time: zlib
 * reads one buffer while the other fills. Reusing them (rather than a new buffer per chunk) keeps a large
 * workbook from churning through a hundred megabytes of buffers, which made V8 collect garbage over and over.
 */
class XmlOut {
  private readonly buffers = [Buffer.allocUnsafe(2 * CHUNK), Buffer.allocUnsafe(2 * CHUNK)];
  private readonly reading: (Promise<void> | undefined)[] = [undefined, undefined];
  private current = 0;
  private used = 0;
  constructor(private readonly entry: ZipEntryWriter) {}

  /** Add text; true when enough is waiting that the caller should `await flush()`. */
  add(text: string): boolean {
    let buffer = this.buffers[this.current]!;
    if (this.used + text.length * 3 > buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, this.used + text.length * 3));
      buffer.copy(bigger, 0, 0, this.used);
      this.buffers[this.current] = buffer = bigger;
    }
    this.used += buffer.write(text, this.used);
    return this.used >= CHUNK;
  }

  /** Hand what is waiting to zlib, and wait until the other buffer is free again. */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const i = this.current;
    this.reading[i] = this.entry.write(this.buffers[i]!.subarray(0, this.used));
    this.used = 0;
    this.current = 1 - i;
    await this.reading[this.current];
    await new Promise(setImmediate); // let other work of the process run between chunks
  }

  async end(): Promise<void> {
    await this.flush();
    await Promise.all(this.reading);
    await this.entry.end();
  }
}

export interface SheetOptions {
  name: string;
  /** Width of each column, in characters. */
  widths: readonly number[];
  /** Rows the sheet will have, the header row included: for its dimension and its autofilter. */
  rows: number;
  /** Freeze the first row and put a filter on the columns. */
  header: boolean;
}

/**
 * One worksheet being written a row at a time. A row is written as cells made by `text`, `number`,
 * `boolean` and `date`, between `startRow` and `endRow`; a missing value is no cell at all.
 */
export class SheetWriter {
  private rowNumber = 0;
  /** The row number as text, and the row's XML so far. */
  private rowText = '';
  private row = '';
  private cell = 0;
  /** Whether a cell of the row is written but for its end (END): the next cell's beginning or the row's end adds it. */
  private ended = true;
  /** The row number and what follows it in a cell of each kind (`12" s="2" t="s"><v>`), made once per row. */
  private tails: (string | undefined)[] = [];
  private readonly columns: string[];
  /**
   * Each column's cells begin with `<c r="B` (the row number follows), and the same after a cell: with the end of
   * that cell before it. A cell is then three pieces of text added to its row (its beginning, its row's tail, its
   * value), where it was five joined: at 100 000 figures the rows were 0.48 GB of the 3.3 GB a publish allocated.
   */
  private readonly opens: string[];
  private readonly endOpens: string[];

  constructor(
    private readonly out: XmlOut,
    private readonly strings: SharedStrings,
    readonly options: SheetOptions,
    first: boolean,
  ) {
    const { widths, rows, header } = options;
    this.columns = widths.map((_, i) => columnName(i));
    this.opens = this.columns.map((name) => `<c r="${name}`);
    this.endOpens = this.opens.map((open) => END + open);
    const last = `${this.columns.at(-1) ?? 'A'}${Math.max(rows, 1)}`;
    const pane = header
      ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
      : '';
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    out.add(
      `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:${last}"/>` +
        `<sheetViews><sheetView${first ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`,
    );
  }

  /** The range the autofilter covers, as a reference without the sheet ($A$1:$C$10), or undefined. */
  get filterRange(): string | undefined {
    if (!this.options.header || this.columns.length === 0) return undefined;
    return `$A$1:$${this.columns.at(-1)}$${Math.max(this.options.rows, 1)}`;
  }

  startRow(): void {
    this.rowText = String(++this.rowNumber);
    this.row = `<row r="${this.rowText}">`;
    this.cell = 0;
    this.ended = true;
    this.tails = [];
  }

  /** Skip a cell (a missing value). */
  empty(): void {
    this.cell++;
  }

  text(value: string, style: number = STYLE.text): void {
    this.shared(this.strings.of(value), style);
  }

  /** A text given by its number in the workbook's pool. */
  textId(id: number, style: number = STYLE.text): void {
    this.shared(this.strings.ofId(id), style);
  }

  /** Begin the next cell: the end of the one before, its reference, and what follows the reference for `kind`. */
  private begin(kind: number, after: string): void {
    const c = this.cell++;
    this.row += this.ended ? this.opens[c]! : this.endOpens[c]!;
    this.row += this.tails[kind] ??= this.rowText + after;
    this.ended = false;
  }

  private shared(index: number, style: number): void {
    if (style === STYLE.text) this.begin(TAIL.text, TEXT);
    else this.begin(TAIL.styled + style, `" s="${style}" t="s"><v>`);
    this.row += index;
  }

  /** A number, written as the shortest decimal that reads back as it (JavaScript's String). */
  number(value: string): void {
    this.begin(TAIL.number, '"><v>');
    this.row += value;
  }

  boolean(value: boolean): void {
    if (value) this.begin(TAIL.true, '" t="b"><v>1');
    else this.begin(TAIL.false, '" t="b"><v>0');
  }

  date(serial: number): void {
    this.begin(TAIL.date, DATE);
    this.row += serial;
  }

  /** End the row; true when the caller should `await flush()`. */
  endRow(): boolean {
    return this.out.add(this.row + (this.ended ? '</row>' : END_ROW));
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  async end(): Promise<void> {
    if (this.rowNumber !== this.options.rows)
      throw new Error(`spreadsheet: sheet ${this.options.name} has ${this.rowNumber} rows, not ${this.options.rows}`);
    const range = this.filterRange;
    this.out.add(`</sheetData>${range ? `<autoFilter ref="${range.replaceAll('$', '')}"/>` : ''}</worksheet>`);
    await this.out.end();
  }
}

// The rest of a cell after its reference: attributes, then the value, then END.
const TEXT = `" s="${STYLE.text}" t="s"><v>`;
const DATE = `" s="${STYLE.date}"><v>`;
const END = '</v></c>';
const END_ROW = END + '</row>';
/** The kinds of cell a row's tails are kept for (SheetWriter.tails); a styled text's is TAIL.styled plus its style. */
const TAIL = { text: 0, number: 1, true: 2, false: 3, date: 4, styled: 5 } as const;

export interface BookProperties {
  title: string;
  description: string;
  keywords: string;
  creator: string;
  /** YYYY-MM-DD: the creation and modification date, and every zip entry's date. */
  date: string;
}

const SHEET_NAME = /^[^[\]:*?/\\']{1,31}$/;

/**
 * A workbook being written: sheets one after another (each finished before the next begins), then `finish`
 * writes the shared strings, the workbook and its relationships and yields the bytes of the .xlsx. The sheets'
 * compressed XML waits in scratch files in `scratch` (zip.ts), not in memory.
 */
export class WorkbookWriter {
  private readonly zip: ZipArchive;
  private readonly strings: SharedStrings;
  private readonly sheets: SheetWriter[] = [];

  /** `pool` holds the texts of the cells written by number (textId); others are added to it. */
  constructor(
    private readonly properties: BookProperties,
    scratch: string = tmpdir(),
    pool: StringPool = new StringPool(),
  ) {
    this.zip = new ZipArchive(scratch, properties.date);
    this.strings = new SharedStrings(pool);
  }

  /** A new sheet, after the ones before it. */
  sheet(options: SheetOptions): SheetWriter {
    if (!SHEET_NAME.test(options.name) || this.sheets.some((s) => s.options.name === options.name))
      throw new Error(`spreadsheet: ${JSON.stringify(options.name)} cannot name another sheet`);
    const out = new XmlOut(this.zip.entry(`xl/worksheets/sheet${this.sheets.length + 1}.xml`));
    const sheet = new SheetWriter(out, this.strings, options, this.sheets.length === 0);
    this.sheets.push(sheet);
    return sheet;
  }

  /** The bytes of the .xlsx, once the shared strings and the workbook's other parts are written. */
  async *finish(): AsyncGenerator<Buffer> {
    await this.sharedStrings();
    const sheets = this.sheets.map((s, i) => ({ name: xmlText(s.options.name), n: i + 1, range: s.filterRange }));
    const filters = sheets
      .filter((s) => s.range)
      .map(
        (s) =>
          `<definedName name="_xlnm._FilterDatabase" localSheetId="${s.n - 1}" hidden="1">'${s.name}'!${s.range}</definedName>`,
      )
      .join('');
    this.zip.file(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr/><bookViews><workbookView/></bookViews><sheets>` +
        sheets.map((s) => `<sheet name="${s.name}" sheetId="${s.n}" r:id="rId${s.n}"/>`).join('') +
        `</sheets>${filters ? `<definedNames>${filters}</definedNames>` : ''}</workbook>`,
    );
    const type = (t: string) => `http://schemas.openxmlformats.org/officeDocument/2006/relationships/${t}`;
    this.zip.file(
      'xl/_rels/workbook.xml.rels',
      relationships([
        ...sheets.map((s): Relationship => [`rId${s.n}`, type('worksheet'), `worksheets/sheet${s.n}.xml`]),
        [`rId${sheets.length + 1}`, type('styles'), 'styles.xml'],
        [`rId${sheets.length + 2}`, type('sharedStrings'), 'sharedStrings.xml'],
      ]),
    );
    this.zip.file('xl/styles.xml', STYLES_XML);
    this.zip.file('docProps/core.xml', this.coreProperties());
    this.zip.file(
      '_rels/.rels',
      relationships([
        ['rId1', type('officeDocument'), 'xl/workbook.xml'],
        ['rId2', `${PKG_REL}/metadata/core-properties`, 'docProps/core.xml'],
      ]),
    );
    this.zip.file('[Content_Types].xml', this.contentTypes());
    yield* this.zip.bytes();
  }

  private async sharedStrings(): Promise<void> {
    const out = new XmlOut(this.zip.entry('xl/sharedStrings.xml'));
    const { order, count, pool } = this.strings;
    out.add(`${XML_HEAD}<sst xmlns="${MAIN}" count="${count}" uniqueCount="${order.length}">`);
    // strings joined a few dozen at a time before they are added: each addition encodes its text, which costs per call
    let strings = '';
    for (let i = 0; i < order.length; i++) {
      const text = pool.texts[order[i]!]!;
      // leading or trailing white space is kept only where the text says so
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
      strings += `<si><t${space}>${xmlText(text)}</t></si>`;
      if ((i & 63) !== 63) continue;
      if (out.add(strings)) await out.flush();
      strings = '';
    }
    out.add(strings);
    out.add('</sst>');
    await out.end();
  }

  private coreProperties(): string {
    const { title, description, keywords, creator, date } = this.properties;
    const when = `${date}T00:00:00Z`;
    return (
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${xmlText(title)}</dc:title><dc:description>${xmlText(description)}</dc:description>` +
      `<cp:keywords>${xmlText(keywords)}</cp:keywords><dc:creator>${xmlText(creator)}</dc:creator>` +
      `<cp:lastModifiedBy>${xmlText(creator)}</cp:lastModifiedBy>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`
    );
  }

  private contentTypes(): string {
    const type = (t: string) => `application/vnd.openxmlformats-officedocument.spreadsheetml.${t}+xml`;
    const override = (part: string, contentType: string) =>
      `<Override PartName="${part}" ContentType="${contentType}"/>`;
    return (
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      override('/xl/workbook.xml', type('sheet.main')) +
      this.sheets.map((_, i) => override(`/xl/worksheets/sheet${i + 1}.xml`, type('worksheet'))).join('') +
      override('/xl/styles.xml', type('styles')) +
      override('/xl/sharedStrings.xml', type('sharedStrings')) +
      override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
      '</Types>'
    );
  }
}

type Relationship = [id: string, type: string, target: string];

function relationships(list: Relationship[]): string {
  return (
    `${XML_HEAD}<Relationships xmlns="${PKG_REL}">` +
    list.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('') +
    '</Relationships>'
  );
}
