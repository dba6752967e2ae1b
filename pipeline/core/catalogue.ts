/**
 * The error catalogue: every code the pipeline reports, once, with a title, a description for curators
 * and a message template. `{name}` in a template is a parameter; `{count:word}` a count with its word made
 * plural; `[[ … ]]` a part left out when a parameter in it is empty. docs/errors.md is generated from this
 * file (`make docs`); tests/errors.test.ts checks it is current and that a fixture raises every code, or
 * that the entry says why none can (`untestable`).
 */

/** Which part of the pipeline reports it; the class of the error follows from it (errors.ts). */
export type Stage =
  | 'file'
  | 'encoding'
  | 'csv'
  | 'schema'
  | 'rule'
  | 'value'
  | 'period'
  | 'check'
  | 'trace'
  | 'release'
  | 'verify'
  | 'lock'
  | 'usage'
  | 'environment';

export interface CatalogueEntry {
  stage: Stage;
  title: string;
  description: string;
  template: string;
  /** Why no test fixture raises this code. */
  untestable?: string;
}

export const CATALOGUE = {
  // ------------------------------------------------------------------ reading files
  FILE_MISSING: {
    stage: 'file',
    title: 'File missing',
    description: 'A file or folder that raw/ must hold is not there, or cannot be read.',
    template: '{what}',
  },
  FILE_NOT_CSV: {
    stage: 'file',
    title: 'Not a CSV file',
    description:
      'Every file in raw/figures/ must be a figures table named `<domain>.csv` (lowercase). A backup copy, a file saved as `.CSV` or any other file there is refused, so a renamed file never silently removes its figures from the release.',
    template: 'figures/ holds only <domain>.csv files; rename this file or move it out of raw/figures/',
  },
  TOO_MANY_PROBLEMS: {
    stage: 'file',
    title: 'Too many problems',
    description: 'Only the first 100 problems of a file are listed; fix them and run again to see the rest.',
    template: '{count:more problem} in this file not shown; fix the ones above and run again',
  },
  PACKAGE_NOT_JSON: {
    stage: 'file',
    title: 'package.json is not JSON',
    description: 'raw/package.json, the metadata of the dataset, must be a JSON object (mind the commas and quotes).',
    template: 'not JSON: {reason}',
  },
  PACKAGE_SCHEMA: {
    stage: 'schema',
    title: 'package.json breaks its schema',
    description:
      'raw/package.json does not match schemas/raw/package.schema.json; the column of the message is the JSON path.',
    template: '{reason}',
  },
  PACKAGE_INVISIBLE_CHARACTER: {
    stage: 'schema',
    title: 'Control or invisible character in package.json',
    description:
      'A text of raw/package.json holds a character that is not text: a control character, a bidi override (U+202E), a zero-width character or a byte order mark. It would reach the page, the workbook and datapackage.json invisibly; retype the text. The column of the message is the JSON path.',
    template: '"{text}" holds the invisible character {char} at position {position}; retype it without it',
  },
  ENCODING_UTF16: {
    stage: 'encoding',
    title: 'File is UTF-16',
    description: 'The file was saved as "Unicode text" (UTF-16). Save it as "CSV UTF-8 (comma delimited)".',
    template: 'file is UTF-16 {how}; save it as "CSV UTF-8 (comma delimited)"',
  },
  ENCODING_NUL: {
    stage: 'encoding',
    title: 'NUL byte',
    description: 'The file holds a NUL byte, so it is not a text file (or it is damaged).',
    template: 'file contains a NUL byte: it is not a text file',
  },
  ENCODING_INVALID_UTF8: {
    stage: 'encoding',
    title: 'Invalid UTF-8',
    description:
      'A byte that is not UTF-8. A file that is otherwise UTF-8 has a damaged character; a file that is neither UTF-8 nor GB18030 is refused rather than read as mojibake.',
    template: 'invalid UTF-8 ({byte}){advice}',
  },
  ENCODING_GB18030: {
    stage: 'encoding',
    title: 'File is GB18030/GBK (warning)',
    description:
      'Excel on a Chinese-locale Windows saves CSV as GB18030/GBK. The file is read as GB18030 with this warning; re-save it as UTF-8.',
    template:
      'file is GB18030/GBK, not UTF-8; it was read as GB18030. Re-save it as "CSV UTF-8 (comma delimited)" to silence this warning',
  },
  // ------------------------------------------------------------------ CSV
  CSV_EMPTY: {
    stage: 'csv',
    title: 'Empty file',
    description: 'A CSV file must start with a header row.',
    template: 'file is empty: expected a header row',
  },
  CSV_QUOTE_NOT_CLOSED: {
    stage: 'csv',
    title: 'Quote not closed',
    description: 'A quoted field is never closed, so it runs on to the end of the file or into another line.',
    template: 'a quote opened here is {where}; close it, or double a quote inside a quoted field ("")',
  },
  CSV_INVALID_CLOSING_QUOTE: {
    stage: 'csv',
    title: 'Text after a closing quote',
    description: 'A quoted field is followed by more text before the next comma.',
    template:
      'text after the closing quote of a quoted field: put the whole field in quotes and double every quote inside it (""); the rest of the file is read once this is fixed',
  },
  CSV_INVALID_OPENING_QUOTE: {
    stage: 'csv',
    title: 'Quote inside an unquoted field',
    description: 'A field that does not begin with a quote holds one.',
    template:
      'a quote inside a field that does not begin with one: put the whole field in quotes and double the quote (""); the rest of the file is read once this is fixed',
  },
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: {
    stage: 'csv',
    title: 'Wrong number of fields',
    description: 'A line has more or fewer fields than the header has columns (often an unquoted comma).',
    template: 'wrong number of fields: the header has {expected} columns, this line has {found}',
  },
  CSV_HEADER_EMPTY: {
    stage: 'csv',
    title: 'Unnamed column',
    description: 'Every column of the header needs a name.',
    template: 'column {index} of the header has no name',
  },
  CSV_HEADER_DUPLICATE: {
    stage: 'csv',
    title: 'Column named twice',
    description: 'Two columns of the header have the same name.',
    template: 'column "{name}" appears twice in the header',
  },
  CSV_ERROR: {
    stage: 'csv',
    title: 'Unreadable CSV',
    description: 'The CSV reader could not read the file for a reason not listed above.',
    template: '{reason}',
    untestable: 'a fallback for csv-parse errors the reader does not otherwise name; none is known to reach it',
  },
  // ------------------------------------------------------------------ schema
  SCHEMA_NO_HEADER: {
    stage: 'schema',
    title: 'No header row',
    description: 'The first line does not name any column of the table: the header was probably deleted.',
    template: 'line 1 is not a header row (was it deleted?); expected the column names {expected}',
  },
  SCHEMA_MISSING_COLUMN: {
    stage: 'schema',
    title: 'Required column missing',
    description: 'The header lacks a column the table requires.',
    template: 'required column "{column}" is missing from the header',
  },
  SCHEMA_UNKNOWN_COLUMN: {
    stage: 'schema',
    title: 'Unknown column',
    description: 'The header names a column the table does not have (often a misspelling).',
    template: 'unknown column "{column}"; expected: {expected}',
  },
  SCHEMA_REQUIRED: {
    stage: 'schema',
    title: 'Required value missing',
    description: 'A cell that must hold a value is empty.',
    template: 'required value is missing',
  },
  SCHEMA_PATTERN: {
    stage: 'schema',
    title: 'Value of the wrong form',
    description: "A cell does not have its column's form; the message gives examples of good values.",
    template: '"{value}" is not {expected}[[, e.g. {examples}]]',
  },
  SCHEMA_ENUM: {
    stage: 'schema',
    title: 'Value not allowed',
    description: 'A cell holds a value outside the list its column allows.',
    template: '"{value}" must be one of: {allowed}',
  },
  SCHEMA_MAXLENGTH: {
    stage: 'schema',
    title: 'Value too long',
    description: 'A cell is longer than its column allows.',
    template: '"{value}" is longer than {limit} characters',
  },
  SCHEMA_MINLENGTH: {
    stage: 'schema',
    title: 'Value empty',
    description: 'A cell must not be empty.',
    template: 'must not be empty',
    untestable: 'an empty cell is reported as a missing required value before its length is checked',
  },
  SCHEMA_FORMAT: {
    stage: 'schema',
    title: 'Invalid format',
    description: 'A cell is not a valid value of its format (a URL, a date).',
    template: '"{value}" is not a valid {format}',
  },
  SCHEMA_OTHER: {
    stage: 'schema',
    title: 'Breaks the schema',
    description: "A cell breaks its table's JSON Schema in a way not listed above.",
    template: '"{value}" {reason}',
    untestable: 'the raw schemas use only the keywords listed above; kept for a schema that adds another',
  },
  TABLE_KEY: {
    stage: 'schema',
    title: 'Published table breaks a key',
    description:
      'A table the pipeline built has a primary key twice or missing, or a foreign key naming no row of the table it refers to (the keys its schema in schemas/published/ declares, checked on every build). This is a bug in the pipeline, not in raw/; nothing is published.',
    template: '{table}: {reason}',
    untestable: 'raised only by a bug in the pipeline; tests/registry.test.ts feeds the check tables with broken keys',
  },
  SCHEMA_PUBLISHED: {
    stage: 'schema',
    title: 'Published table breaks its schema',
    description:
      'A table the pipeline built does not match schemas/published/. This is a bug in the pipeline, not in raw/; nothing is published.',
    template: '{table}.json{path}: {reason}',
    untestable:
      'raised only by a bug in the pipeline; tests/output.test.ts checks it by feeding the check a broken record',
  },
  // ------------------------------------------------------------------ rules across rows and tables
  RULE_FORMULA: {
    stage: 'rule',
    title: 'Spreadsheet formula',
    description:
      'A cell that starts with = + - @, a tab or a carriage return (or their full-width forms), even after spaces, would run as a formula when a published CSV is opened in a spreadsheet.',
    template: '"{cell}" begins with "{char}"{where}, which a spreadsheet would run as a formula; rewrite the cell',
  },
  RULE_INVISIBLE_CHARACTER: {
    stage: 'rule',
    title: 'Control or invisible character',
    description:
      'A cell holds a character that is not text: a control character such as ESC, a bidi override (U+202E), a zero-width character or a byte order mark inside the value. They would be published invisibly, or act on a terminal; retype the cell.',
    template: '"{cell}" holds the invisible character {char} at position {position}; retype the cell without it',
  },
  RULE_ID_SPACE: {
    stage: 'rule',
    title: 'Spaces around an id',
    description: 'An id must not have spaces around it: ` edu-001` is not `edu-001`.',
    template: 'id "{id}" has spaces around it',
  },
  RULE_DUPLICATE_ID: {
    stage: 'rule',
    title: 'Duplicate id',
    description: 'Two rows have the same id; ids are unique across all files of a table.',
    template: 'duplicate {column} "{id}" (first at {first})',
  },
  RULE_NO_MEASURE_WORDS: {
    stage: 'rule',
    title: 'Unit without measure words',
    description:
      'A unit lists the measure words it accepts after a number; only a unit that reads bare numbers (bare_number true: a share in a structure ratio, a sex ratio, an index) may list none.',
    template:
      'no measure words: list the measure words (量词) of the unit, or set bare_number to true if its numbers are written bare',
  },
  RULE_DUPLICATE_MEASURE_WORD: {
    stage: 'rule',
    title: 'Measure word listed twice',
    description: "A unit's measure_words list names one measure word twice.",
    template: 'measure word listed twice in "{words}"',
  },
  RULE_FILE_NAME: {
    stage: 'rule',
    title: 'Bad figures file name',
    description: 'Figure files are named figures/<domain>.csv with a lowercase domain.',
    template: 'figure files are named figures/<domain>.csv with a lowercase domain',
  },
  RULE_UNKNOWN_UNIT: {
    stage: 'rule',
    title: 'Unknown unit',
    description: 'An indicator names a unit that units.csv does not define.',
    template: 'unknown unit "{id}" (not in units.csv)[[; did you mean "{suggestion}"?]]',
  },
  RULE_UNKNOWN_SOURCE: {
    stage: 'rule',
    title: 'Unknown source',
    description: 'A row names a source that sources.csv does not define.',
    template: 'unknown source "{id}" (not in sources.csv)[[; did you mean "{suggestion}"?]]',
  },
  RULE_UNKNOWN_INDICATOR: {
    stage: 'rule',
    title: 'Unknown indicator',
    description: 'A figure names an indicator that indicators.csv does not define.',
    template: 'unknown indicator "{id}" (not in indicators.csv)[[; did you mean "{suggestion}"?]]',
  },
  RULE_UNKNOWN_AREA: {
    stage: 'rule',
    title: 'Unknown area',
    description: 'A source, a figure or an area names an area code that areas.csv does not define.',
    template: 'unknown area "{id}" (not in areas.csv)[[; did you mean "{suggestion}"?]]',
  },
  RULE_UNKNOWN_FIGURE: {
    stage: 'rule',
    title: 'Unknown figure',
    description: "A figure's `revises` names a figure_id that no figures file defines.",
    template: 'unknown figure "{id}" in revises (no figures file has it)[[; did you mean "{suggestion}"?]]',
  },
  RULE_WRONG_DOMAIN: {
    stage: 'rule',
    title: 'Figure in the wrong file',
    description: "A figure's indicator belongs to another domain: the row belongs in that domain's file.",
    template: 'indicator "{indicator}" belongs to domain {domain}; move the row to figures/{domain}.csv',
  },
  RULE_UNKNOWN_DOMAIN: {
    stage: 'rule',
    title: 'Unknown domain',
    description: 'An indicator or a figures file names a domain that raw/package.json does not list.',
    template: 'unknown domain "{id}" (not among the domains of package.json)[[; did you mean "{suggestion}"?]]',
  },
  RULE_NO_PERIOD: {
    stage: 'rule',
    title: 'No period',
    description: 'A figure needs period_text as the source writes it, or an explicit ISO 8601 period.',
    template: 'no period: write period_text as the article gives it, or an explicit ISO period',
  },
  RULE_BOUNDS_REVERSED: {
    stage: 'rule',
    title: 'Bounds reversed',
    description: "An indicator's minimum is above its maximum.",
    template: 'minimum {minimum} is above maximum {maximum}',
  },
  RULE_UNKNOWN_PARENT_AREA: {
    stage: 'rule',
    title: 'Unknown parent area',
    description: "An area's parent_code names an area that areas.csv does not define.",
    template: 'unknown parent area "{id}" (not in areas.csv)[[; did you mean "{suggestion}"?]]',
  },
  RULE_AREA_LEVEL: {
    stage: 'rule',
    title: 'Area under an area of its level or below',
    description:
      "An area's parent must be of a higher level: a county under a prefecture or a province, a prefecture under a province. A province (including a municipality directly under the central government) has no parent.",
    template:
      '{level} {code} cannot lie in {parent_level} {parent}: a parent is of a higher level (province > prefecture > county)',
  },
  RULE_BAD_DATE: {
    stage: 'rule',
    title: 'No such date',
    description: 'A date of the right form that is not in the calendar, such as 2022-02-30.',
    template: '{date} is not a date in the calendar',
  },
  // ------------------------------------------------------------------ values
  VALUE_EMPTY: {
    stage: 'value',
    title: 'Empty value',
    description: 'value_text is empty.',
    template: 'value is empty',
    untestable: 'value_text is required by the figures schema, so an empty one is reported as SCHEMA_REQUIRED first',
  },
  VALUE_NO_NUMBER: {
    stage: 'value',
    title: 'No number',
    description: 'value_text must hold the figure in digits, as the source writes it.',
    template: 'no number in "{written}": write the number in digits as the article does (17所, 2.57万人)',
  },
  VALUE_TWO_NUMBERS: {
    stage: 'value',
    title: 'Two numbers',
    description: 'value_text holds two numbers; each figure is a row of its own.',
    template: 'two numbers ({numbers}) in "{written}": one figure per row',
  },
  VALUE_FOREIGN_DIGIT: {
    stage: 'value',
    title: 'Not a digit',
    description:
      'value_text holds a character that looks like a digit but is not one of 0-9: a superscript (`10²`), a circled or parenthesized number (`⑫`, `⑴`), a fraction sign (`½`), a digit of another script. Read as a digit it would change the number (`10²个` is not 102), so it is refused. Write the number in digits 0-9 (full-width ０-９ are read as digits).',
    template: '"{char}" in "{written}" is not a digit 0-9: write the number in 0-9 digits',
  },
  VALUE_QUOTE_IN_NUMBER: {
    stage: 'value',
    title: 'Quotation mark inside a number',
    description:
      "A quotation mark between the digits of a number (`2’5个`, `1'5个`) is refused: dropping it would join two numbers into one. Quotation marks around words (`2.42万人”以上`) are allowed and ignored.",
    template: 'a quotation mark inside the number of "{written}": write the number as the source does, without it',
  },
  VALUE_SPACE: {
    stage: 'value',
    title: 'Space inside a figure',
    description:
      'A space inside value_text (`1 5人`, `2.5 7万人`, `近 19亿元`; any kind of space, full-width included) is refused rather than read with the space removed: it is a typing slip, and the reading would be a guess. Spaces at the edges of a cell are trimmed.',
    template: 'a space inside "{written}": write the figure without spaces, as the source does',
  },
  VALUE_UNKNOWN_QUALIFIER: {
    stage: 'value',
    title: 'Unknown word before the number',
    description:
      'The words before the number are none the rules read: 预计; a base phrase (比上年, 较上年末, 同比, 比2019年, 比“十三五”末); a verb of change (增长, 下降 …, 年均增长, 提高到); a qualifier (以上, 以内, 不低于, 不少于, 不超过, 控制在, 稳定在, 超过, 突破, 大于, 低于, 至少, 逾, 近, 约, 达, 达到); docs/rules.md lists them all. Write value_text from the first of these words, or from the number; a word of change the text does not join to the number goes in change_word, anything else in the note.',
    template:
      'unknown word "{qualifier}" before the number in "{written}": start value_text at a word the rules read (比上年, 增长, 以上, 达到 …) or at the number, and put "{qualifier}" in the note (or in change_word if it says the change)',
  },
  VALUE_CHANGE_WORD_TWICE: {
    stage: 'value',
    title: 'Two words of change',
    description:
      'change_word is for a word of change the paragraph writes apart from the number; this value_text already holds one (or a verb with 到/至, which makes it a level).',
    template: 'change_word "{word}" is given, but "{written}" has its own word of change: leave change_word empty',
  },
  VALUE_UNKNOWN_CHANGE_WORD: {
    stage: 'value',
    title: 'Not a word of change',
    description:
      'change_word must be a verb of change (增长, 增加, 提高, 上升, 扩大, 上涨, 提升, 回升, 增多, 加快; 下降, 减少, 降低, 回落, 下滑, 缩小, 缩短, 下跌, 放缓, 收窄) or a noun of change (增速, 增幅, 涨幅, 降幅), after 年均 where the text says so.',
    template:
      '"{word}" is not a word of change the rules read: write one of 增长, 下降, 增速, 降幅 … (docs/rules.md), or leave change_word empty for a level',
  },
  VALUE_TIMES: {
    stage: 'value',
    title: 'Times not read',
    description:
      '倍 is read after a verb of increase (增长1.2倍 is +120%); a decline by times, or an average per year in times or points, has no reading.',
    template: '"{written}": {reason}; record the figure as the source gives it in percent, or leave it out with a note',
  },
  VALUE_CONFLICTING_QUALIFIERS: {
    stage: 'value',
    title: 'Qualifiers disagree',
    description: 'Two qualifiers of one value mean different comparators (近 … 以上).',
    template: 'qualifiers disagree ({comparators}) in "{written}"',
  },
  VALUE_FRACTION_UNIT: {
    stage: 'value',
    title: 'Fraction with a unit',
    description: 'A fraction is a share of a whole and takes no measure word or multiplier.',
    template: 'a fraction is a share of a whole and takes no measure word or multiplier: "{written}"',
  },
  VALUE_DIVISION_BY_ZERO: {
    stage: 'value',
    title: 'Denominator 0',
    description: 'A fraction has the denominator 0.',
    template: 'fraction with denominator 0 in "{written}"',
  },
  VALUE_INEXACT_FRACTION: {
    stage: 'value',
    title: 'Fraction without an exact percent',
    description: 'A fraction such as 1/3 has no exact decimal percent; write the percent the source gives.',
    template: '{fraction} has no exact decimal percent; write the percent instead: "{written}"',
  },
  VALUE_UNKNOWN_MEASURE_WORD: {
    stage: 'value',
    title: 'Unknown measure word',
    description: 'What follows the number is not a measure word (Chinese characters, % or ‰).',
    template: 'unknown measure word "{word}" in "{written}"',
  },
  // ------------------------------------------------------------------ periods
  PERIOD_CONFLICT: {
    stage: 'period',
    title: 'period contradicts period_text',
    description:
      'The explicit `period` column is for a period_text that no rule reads (`现在`) or that the paragraph does not write. Where the rules read period_text, an explicit period must say the same: otherwise the published period would contradict the period as written beside it.',
    template:
      'period_text "{written}" reads as {read}, but period says {period}: leave period empty, or correct the one that is wrong',
  },
  PERIOD_DAY: {
    stage: 'period',
    title: 'No such day',
    description: 'A period names a day that is not in the calendar (2022-02-30).',
    template: '{date} is not a day of the calendar',
  },
  PERIOD_BASE_ON_LEVEL: {
    stage: 'period',
    title: 'Base period on a level',
    description:
      'base_period is the base of a change (增长, 下降 …, or a change_word); a level has none. Leave it empty, or write the figure as a change.',
    template: 'base_period {base} is given, but the figure is a level (no word of change): leave base_period empty',
  },
  PERIOD_BASE_NEEDED: {
    stage: 'period',
    title: 'Base period needed',
    description:
      'The default base of a change is the same period a year earlier, which a period over several years (2016/2020) or with an open start has not: give base_period, the period the source measures the change from (比“十二五”末: 2015-12-31).',
    template: 'a change over {period} has no default base: give base_period (the period the change is measured from)',
  },
  PERIOD_BASE_CONFLICT: {
    stage: 'period',
    title: 'Two base periods',
    description:
      'value_text names a base (比2019年) and base_period another; they must agree, or base_period stays empty.',
    template: 'base_period {base} contradicts the base value_text names ({written}): leave base_period empty',
  },
  PERIOD_BASE_AFTER: {
    stage: 'period',
    title: 'Base not before the period',
    description: 'A change is measured from an earlier period: the base must end before the period does.',
    template: 'base {base} does not end before the period {period}: check base_period and the period',
  },
  PERIOD_SPACE: {
    stage: 'period',
    title: 'Space inside a period',
    description:
      'A space inside period_text (`20 21年`, `未来 5年`) is refused rather than read with the space removed: the reading would be a guess. Spaces at the edges are trimmed.',
    template: 'a space inside "{written}": write the period without spaces, as the source does',
  },
  PERIOD_EMPTY: {
    stage: 'period',
    title: 'Empty period',
    description: 'period_text is empty and no explicit period is given.',
    template: 'period is empty: write period_text or the explicit period column',
    untestable: 'a figure without any period is reported as RULE_NO_PERIOD before its period is read',
  },
  PERIOD_UNKNOWN: {
    stage: 'period',
    title: 'Period no rule reads',
    description:
      'No period rule reads this text. The rules read 2021年, 2019年5月, 到2025年, 十三五 (and 十一五 … 十五五), 今年, 目前, 截至目前, 去年, 自2019年5月, N年来 and 未来N年; any other needs the explicit `period` column.',
    template:
      'no rule reads the period "{written}"; give an explicit ISO period (e.g. 2022 or 2016/2020) in the period column',
  },
  PERIOD_ISO: {
    stage: 'period',
    title: 'Not an ISO 8601 period',
    description:
      'The `period` column takes a year (2022), a month (2019-05), or two of them joined by a slash (2016/2020).',
    template:
      '"{written}" is not a period: write a year (2022), a month (2019-05) or two joined by a slash (2016/2020){hint}',
  },
  PERIOD_REVERSED: {
    stage: 'period',
    title: 'Period reversed',
    description: 'A period starts after it ends.',
    template: 'period starts after it ends: {period}',
  },
  PERIOD_YEAR: {
    stage: 'period',
    title: 'Year out of range',
    description: 'Years are read from 1900 to 2200.',
    template: 'year {year} is out of range (1900-2200)',
  },
  PERIOD_MONTH: {
    stage: 'period',
    title: 'Month out of range',
    description: 'Months are 1 to 12.',
    template: 'month {month} is not 1-12',
  },
  PERIOD_COUNT: {
    stage: 'period',
    title: 'Number of years out of range',
    description: 'N年来 and 未来N年 take 1 to 50 years.',
    template: '"{count}" is not a number of years (1-50)',
  },
  // ------------------------------------------------------------------ checks on normalized data
  CHECK_MEASURE_WORD: {
    stage: 'check',
    title: 'Measure word of another unit',
    description: "The measure word is not one the indicator's unit accepts (17所 on a currency indicator).",
    template: 'unknown measure word "{word}" in "{written}" (unit {unit} accepts {accepted})',
  },
  CHECK_NO_MEASURE_WORD: {
    stage: 'check',
    title: 'No measure word',
    description:
      'A number needs its measure word (量词) or % after it, as the source writes it, unless its unit reads bare numbers (bare_number in units.csv: a share inside a structure ratio, a sex ratio, an index).',
    template:
      'no measure word after the number in "{written}", and unit {unit} reads none: write the measure word as the source does, or give the indicator a unit with bare_number true',
  },
  CHECK_UNKNOWN_QUALIFIER: {
    stage: 'check',
    title: 'Unknown qualifier after the measure word',
    description: "Words after the unit's measure word that are not a qualifier the rules read.",
    template: 'unknown qualifier "{qualifier}" after "{word}" in "{written}"',
  },
  CHECK_CHANGE_UNIT: {
    stage: 'check',
    title: 'No unit for a change',
    description:
      "A change in percent is published in the unit percent, a change in points in the unit whose measure words include 个百分点 (or 个千分点), whatever the indicator's unit: units.csv must define it.",
    template: '"{written}" is a change; units.csv needs {needed} to publish it in',
  },
  CHECK_POINTS_OF: {
    stage: 'check',
    title: 'Points of what is not a percentage',
    description:
      'A change in percentage points (个百分点) is of an indicator measured in percent; one in per-mille points (个千分点) of an indicator in ‰.',
    template:
      '"{written}" is a change in points of {of}, but the indicator\'s unit {unit} is not in {of}: check the indicator',
  },
  CHECK_STATUS_ON_TARGET: {
    stage: 'check',
    title: 'Status on a target',
    description:
      'status (preliminary, estimated) says how final an actual figure is; a target has none. 预计 on a period still to come is a forecast: a target, with status empty.',
    template: 'a target has no status ({status}): leave status empty',
  },
  CHECK_ESTIMATE_NOT_PAST: {
    stage: 'check',
    title: 'Estimate of a period not over',
    description:
      'An estimate (预计, status estimated) is of a period already over when its source was published; 预计 on a period still to come is a forecast: write kind target.',
    template:
      'an estimate of {period}, which was not over when {source} was published ({published}): a forecast is kind target',
  },
  CHECK_BELOW_MINIMUM: {
    stage: 'check',
    title: 'Below the minimum',
    description: "The value is below the indicator's minimum.",
    template: '{value} is below the minimum {minimum} of {indicator}',
  },
  CHECK_ABOVE_MAXIMUM: {
    stage: 'check',
    title: 'Above the maximum',
    description:
      "The value is above the indicator's maximum (a completion rate above 100 needs an indicator without one).",
    template:
      '{value} is above the maximum {maximum} of {indicator} (a completion rate above 100 needs an indicator without a maximum)',
  },
  CHECK_PRECISION: {
    stage: 'check',
    title: 'Too many digits',
    description: 'A JSON number keeps 15 significant digits exactly; the value has more.',
    template: '{value} has more significant digits than a JSON number keeps exactly (15)',
  },
  CHECK_MENTIONS_DISAGREE: {
    stage: 'check',
    title: 'Mentions disagree',
    description:
      "Two mentions of one fact (area, indicator, kind, period) give different values or comparators. Correct one, or, if a later source corrects an earlier one, name the earlier figure in the later row's `revises`.",
    template:
      '"{written}" ({value}) disagrees with "{other_written}" ({other_value}) at {other}, another mention of {observation}: correct one, or, where a later source corrects an earlier one, name {other_id} in the revises column of the later',
  },
  CHECK_DUPLICATE_MENTION: {
    stage: 'check',
    title: 'Same mention twice',
    description: 'Two rows record the same mention (same fact, source and paragraph).',
    template: 'the same mention as {other} ({observation}, paragraph {paragraph})',
  },
  CHECK_REVISES_OTHER_FACT: {
    stage: 'check',
    title: 'Revises another fact',
    description: '`revises` must name a mention of the same fact (area, indicator, kind and period).',
    template: 'revises {revised} ({revised_observation}), which is not a mention of {observation}',
  },
  CHECK_REVISES_LATER: {
    stage: 'check',
    title: 'Revises a later source',
    description: 'A mention can revise only a mention of an earlier-published source.',
    template:
      'revises {revised} of {revised_source} (published {revised_published}), which is not earlier than {source} (published {published})',
  },
  CHECK_REVISES_CYCLE: {
    stage: 'check',
    title: 'Revisions in a circle',
    description: 'Mentions that revise each other in a circle: none of them can stand.',
    template: 'revises in a circle: {cycle}',
  },
  // ------------------------------------------------------------------ provenance
  TRACE_NO_TEXT: {
    stage: 'trace',
    title: 'Source text missing',
    description:
      'The text of a source is not in the --texts folder (as <source_id>.txt), so its figures cannot be traced. publish refuses a new release unless --untraced is given; the release is then recorded as untraced.',
    template: 'no text for source {source} in {texts} (expected {file} with SHA-256 {sha256})',
  },
  TRACE_TEXT_CHANGED: {
    stage: 'trace',
    title: 'Source text changed',
    description:
      "A source text's SHA-256 differs from the one in sources.csv: it is not the text the figures were curated from.",
    template: 'SHA-256 of {file} is {found}; sources.csv says {expected}: is it the right text, unchanged?',
  },
  TRACE_TEXT_UNREADABLE: {
    stage: 'trace',
    title: 'Source text unreadable',
    description:
      'The path where a source text should be is not a regular file of a readable size: a folder, a named pipe, a device or a file larger than any source text. Nothing is read from it.',
    template: '{file} {what}: a source text is a regular file (<source_id>.txt)',
  },
  TRACE_NO_PARAGRAPH: {
    stage: 'trace',
    title: 'No such paragraph',
    description: 'A paragraph number past the end of the source text.',
    template: 'paragraph {paragraph} does not exist; the source has {count}',
  },
  TRACE_VALUE_NOT_FOUND: {
    stage: 'trace',
    title: 'Value not in its paragraph',
    description: "A figure's value_text is not found, exactly as written, in its paragraph of the source text.",
    template:
      '"{written}" is not in paragraph {paragraph}[[ (it is in paragraph {elsewhere}: is the paragraph number right?)]]; copy value_text from the text as it is written',
  },
  TRACE_VALUE_TAKEN: {
    stage: 'trace',
    title: 'Value written once, curated twice',
    description:
      "A figure's value_text is in its paragraph, but every occurrence of it already backs another figure. One written number backs several figures only where the paragraph lists their subjects before it with 均 or 都 (小学、初中入学率均达到100%), each figure of its own indicator; otherwise each figure needs an occurrence of its own.",
    template:
      'every "{written}" of paragraph {paragraph} backs another figure already: is this figure curated twice? One number backs several figures only after 均 or 都 listing their subjects, each of its own indicator',
  },
  TRACE_PERIOD_NOT_FOUND: {
    stage: 'trace',
    title: 'Period not in its paragraph',
    description:
      "A figure's period_text is not in its paragraph of the source text. period_text is the period as this paragraph writes it; a period taken from a heading, the title or another paragraph goes in the `period` column (ISO 8601), with a note saying where it comes from.",
    template:
      'period "{written}" is not in paragraph {paragraph}[[ (it is in paragraph {elsewhere})]]: leave period_text empty and give period, with a note on where the period comes from',
  },
  TRACE_CHANGE_WORD_NOT_FOUND: {
    stage: 'trace',
    title: 'Word of change not in its paragraph',
    description: "A figure's change_word is not in its paragraph of the source text.",
    template: 'change_word "{written}" is not in paragraph {paragraph}: copy it as the paragraph writes it',
  },
  TRACE_UNACCOUNTED_NUMBER: {
    stage: 'trace',
    title: 'Number not accounted for',
    description:
      'A number written in digits in a source text is neither a curated figure, nor part of a period, nor listed in raw/dismissed.csv. Curate it in raw/figures/, or dismiss it in raw/dismissed.csv with a reason.',
    template:
      '"{number}" in paragraph {paragraph} of {source} is not accounted for ("…{context}…"): curate it in raw/figures/ or dismiss it in raw/dismissed.csv with a reason',
  },
  TRACE_STALE_DISMISSAL: {
    stage: 'trace',
    title: 'Dismissal matches nothing',
    description: 'A row of raw/dismissed.csv whose text is not in its paragraph of the source text (any more).',
    template: '"{written}" is not in paragraph {paragraph} of {source}: remove or correct this dismissal',
  },
  // ------------------------------------------------------------------ releases
  RELEASE_BAD_VERSION: {
    stage: 'release',
    title: 'Not a version',
    description: 'A version is MAJOR.MINOR.PATCH, e.g. 1.0.0.',
    template: '"{version}" is not a version (MAJOR.MINOR.PATCH)',
    untestable:
      'every version reaching it is checked first: releases.json by its schema (RELEASE_INDEX_INVALID), a journal by the same pattern (an unreadable one is discarded), versions on the command line by USAGE_VERSION; it guards release paths against a version of the code that forgets one of those checks',
  },
  RELEASE_PATH_ESCAPE: {
    stage: 'release',
    title: 'Path outside dist/',
    description: 'A path in a release (from a tampered datapackage.json or journal) points outside its folder.',
    template: 'refusing to touch {path}: outside {dir}',
    untestable:
      'a release is checked whole against its SHA256SUMS and releases.json (integrity.ts) before any path its datapackage.json names is used, and SHA256SUMS never lists a path outside its folder; inside() guards every path joined under a release folder all the same',
  },
  RELEASE_INDEX_INVALID: {
    stage: 'release',
    title: 'releases.json unreadable',
    description:
      'dist/releases.json, the record of every release, is empty, not JSON, or does not match its schema. Nothing is published until it is restored from version control (`git checkout -- dist/releases.json`) or a backup; the release folders themselves are not touched.',
    template: 'releases.json {reason}; restore it from version control (git checkout -- {file}) or a backup',
  },
  RELEASE_INDEX_MISSING: {
    stage: 'release',
    title: 'releases.json missing',
    description:
      'dist/ holds release folders but no releases.json. Nothing is published until it is restored from version control or a backup: publishing without it would start the versions again at 1.0.0.',
    template:
      'missing, but {dist} holds the releases {versions}; restore it from version control (git checkout -- {file}) or a backup (a publish without it would start again at 1.0.0)',
  },
  RELEASE_NOT_A_STORE: {
    stage: 'release',
    title: 'Not a release store',
    description:
      'The folder given as dist/ has no releases.json and no release folders, but is not empty: a store whose releases were deleted (its index.html, catalog.jsonld or latest/ still name them), or a folder that is not a store at all. A publish into it would start the versions again at 1.0.0 under the name of releases that exist elsewhere. Restore dist/ from version control (git checkout -- dist) or a backup, or give --dist an empty or new folder.',
    template:
      '{dist} holds {found} but no releases.json and no release folder; restore it from version control (git checkout -- {dist}) or a backup, or publish into an empty or new folder (a publish here would issue 1.0.0 again)',
  },
  RELEASE_FOLDER_MISSING: {
    stage: 'release',
    title: 'Release folder missing',
    description:
      'releases.json lists a release whose folder is gone. Nothing is published until the folder is restored from version control or a backup.',
    template:
      'releases.json lists {version}, but its folder is missing; restore it from version control (git checkout -- {folder}) or a backup',
  },
  RELEASE_FOLDER_UNLISTED: {
    stage: 'release',
    title: 'Release folder not listed',
    description:
      'dist/ holds a release folder that releases.json does not list (a releases.json older than the folders, or a folder copied in). Nothing is published until they agree: restore releases.json from version control or a backup, or remove the folder if it was never published.',
    template:
      '{file} does not list release {version}; restore releases.json from version control or a backup, or remove this folder if it was never published',
  },
  RELEASE_DAMAGED: {
    stage: 'release',
    title: 'Release damaged',
    description:
      'A published release that a run must read (to rebuild latest/ or the page from it, to compare a new build with it, to diff it) is not whole: a file changed, missing or unlisted in its SHA256SUMS, a datapackage.json that does not match its files, or a content hash that is not the one releases.json records. Nothing of it is copied, compared against or reissued; `verify` lists all that is damaged. Restore the release from version control or a backup (where latest/ holds an intact copy of a file, the message says so).',
    template:
      'release {version} is damaged: {reason}; nothing of it was used. Restore it from[[ {copy},]] version control (git checkout -- {folder}) or a backup, then run verify',
  },
  RELEASE_EXISTS: {
    stage: 'release',
    title: 'Release exists',
    description:
      'The next version has a folder in dist/ already, which releases.json does not list (releases.json is older than the folders). A release folder is never rewritten: restore releases.json from version control or a backup, or remove the folder if it was never published.',
    template:
      '{version} already has a folder in {dist}, which releases.json does not list; restore releases.json from version control or a backup, or remove the folder if it was never published (a release is never rewritten)',
    untestable:
      'publish refuses first any release folder that releases.json does not list (RELEASE_FOLDER_UNLISTED); this guards the commit itself',
  },
  RELEASE_NEEDS_APPROVAL: {
    stage: 'release',
    title: 'Release needs approval',
    description:
      'A MAJOR release (an observation or any other row removed or given a new id, a table removed, a field added, removed, renamed, reordered or retyped, a constraint tightened or a pattern changed) is made only when publish is given --allow-major: a file emptied, deleted or renamed by mistake must not silently withdraw published data. The first release needs no flag. The scheduler never passes it: unattended, it logs the run as `refused` and keeps the published data.',
    template:
      '{version} would be a MAJOR release against {previous}: {changes} (the first: {example}); nothing was published. If this is intended, run publish with {flag}',
  },
  RELEASE_DATE_BACKWARDS: {
    stage: 'release',
    title: 'Release date before the last one',
    description:
      "Release dates only move forward: a new release is never dated before the newest release in releases.json. A clock that is wrong, or a SOURCE_DATE_EPOCH left from another build, would date it in the past and make the catalog's dates lie. Correct the clock or SOURCE_DATE_EPOCH.",
    template:
      'the release date would be {date}, before {previous} of {previous_date}: release dates only move forward; correct the clock or SOURCE_DATE_EPOCH',
  },
  RELEASE_UNTRACED: {
    stage: 'release',
    title: 'Sources not traced',
    description:
      'A new release is made only from sources whose text was traced. Give --texts DIR with <source_id>.txt for each source, or --untraced to publish anyway (releases.json records it).',
    template:
      'no text to trace {sources}: a new release needs each source text as <source_id>.txt in --texts DIR, or --untraced to publish it untraced (releases.json records that)',
  },
  // ------------------------------------------------------------------ verify
  VERIFY_NO_DIST: {
    stage: 'verify',
    title: 'No dist/',
    description: 'The folder of releases does not exist.',
    template: 'folder not found',
  },
  VERIFY_NO_RELEASES: {
    stage: 'verify',
    title: 'No releases',
    description:
      'The folder holds no releases.json and no release folder: nothing was verified. It is empty, a store whose releases were deleted, or not a store at all (`verify --dist raw`). Restore dist/ from version control or a backup, or name the right folder.',
    template:
      'no releases.json and no release folder here (it holds {found}): nothing to verify; is this the folder of releases?',
  },
  VERIFY_INTERRUPTED: {
    stage: 'verify',
    title: 'Interrupted publish (warning)',
    description: 'A publish was interrupted; the next publish finishes it (if it was committed) or discards it.',
    template:
      'an interrupted publish left this folder; the next publish finishes it (if it was committed) or discards it',
  },
  VERIFY_UNLISTED_RELEASE: {
    stage: 'verify',
    title: 'Release not listed',
    description:
      'A release folder that releases.json does not list: a publish interrupted after its commit point (the next publish finishes it), or a releases.json older than the folders (restore it from version control or a backup).',
    template: 'release folder {version} is not in releases.json; {hint}',
  },
  VERIFY_MISSING_RELEASE: {
    stage: 'verify',
    title: 'Release folder missing',
    description: 'releases.json lists a release whose folder is gone: restore it from version control or a backup.',
    template:
      'releases.json lists {version} but its folder is missing; restore it from version control (git checkout -- {folder}) or a backup',
  },
  VERIFY_NO_CHECKSUMS: {
    stage: 'verify',
    title: 'SHA256SUMS missing',
    description: 'A release folder without its SHA256SUMS.',
    template: 'SHA256SUMS is missing',
  },
  VERIFY_BAD_CHECKSUM_LINE: {
    stage: 'verify',
    title: 'Unreadable SHA256SUMS line',
    description: 'A line of SHA256SUMS that is not `<sha256>  <path>`.',
    template: 'unreadable line in SHA256SUMS: {line}',
  },
  VERIFY_UNLISTED_FILE: {
    stage: 'verify',
    title: 'File not in SHA256SUMS',
    description: 'A file in a release folder that its SHA256SUMS does not list.',
    template: '{path} is not in SHA256SUMS',
  },
  VERIFY_MISSING_FILE: {
    stage: 'verify',
    title: 'File missing',
    description: 'A file SHA256SUMS lists is missing.',
    template: 'listed in SHA256SUMS but missing',
  },
  VERIFY_CHECKSUM: {
    stage: 'verify',
    title: 'Checksum differs',
    description: 'A file was changed after it was published.',
    template: 'SHA-256 is {found}, SHA256SUMS says {expected}: the file was changed after publishing',
  },
  VERIFY_SCHEMA: {
    stage: 'verify',
    title: 'Breaks its schema',
    description: 'A published JSON file does not match its schema in schemas/published/.',
    template: 'does not match schemas/published/{schema}: {reason}',
  },
  VERIFY_NO_DATAPACKAGE: {
    stage: 'verify',
    title: 'datapackage.json missing',
    description: 'A release folder without its datapackage.json.',
    template: 'datapackage.json is missing',
  },
  VERIFY_VERSION: {
    stage: 'verify',
    title: 'Wrong version',
    description: "datapackage.json's version differs from its folder's name.",
    template: 'datapackage.json says version {version}, the folder is {folder}',
  },
  VERIFY_RESOURCE_MISSING: {
    stage: 'verify',
    title: 'Resource missing',
    description: 'A resource datapackage.json declares is missing.',
    template: 'resource {name}: {path} is missing',
  },
  VERIFY_RESOURCE_HASH: {
    stage: 'verify',
    title: 'Resource differs',
    description: "A resource's bytes or hash differ from datapackage.json.",
    template: 'resource {name}: bytes or hash differ from datapackage.json',
  },
  VERIFY_CONTENT_HASH: {
    stage: 'verify',
    title: 'Content hash differs',
    description: "A release's content hash differs from the one releases.json records.",
    template: 'content hash {found} differs from {expected} in releases.json',
  },
  VERIFY_NO_LATEST: {
    stage: 'verify',
    title: 'latest/ missing',
    description:
      'dist/latest/ is missing. The next publish rebuilds it from the newest release, if that release is whole; a damaged one must be restored first.',
    template: 'latest/ is missing; {rebuilds}',
  },
  VERIFY_LATEST_STALE: {
    stage: 'verify',
    title: 'latest/ is stale',
    description:
      'dist/latest/ does not hold the newest release. The next publish rebuilds it from the newest release, if that release is whole; a damaged one must be restored first.',
    template: 'latest/ does not match the newest release {version}; {rebuilds}',
  },
  VERIFY_NO_INDEX_HTML: {
    stage: 'verify',
    title: 'index.html missing',
    description:
      'dist/index.html, the catalog page, is missing. The next publish rebuilds it from the newest release, if that release is whole.',
    template: 'index.html is missing; {rebuilds}',
  },
  // ------------------------------------------------------------------ the lock
  LOCK_HELD: {
    stage: 'lock',
    title: 'Another run holds the lock',
    description: 'Another publish or scheduled run is writing dist/. Try again later, or pass --wait SECONDS.',
    template: 'another run holds {file}: {holder}; {advice}',
  },
  // ------------------------------------------------------------------ the command line
  USAGE_COMMAND: {
    stage: 'usage',
    title: 'Unknown command',
    description: 'The command is not one of the commands `--help` lists.',
    template: 'unknown command "{command}"',
  },
  USAGE_OPTION: {
    stage: 'usage',
    title: 'Option not taken',
    description: 'An option the command does not take.',
    template: '{command} does not take --{option}',
  },
  USAGE_EMPTY_OPTION: {
    stage: 'usage',
    title: 'Empty option',
    description:
      'An option that names a folder, a file or a value was given an empty string (an unset shell variable).',
    template: '--{option} is empty: give it a {what}',
  },
  USAGE_ARGS: {
    stage: 'usage',
    title: 'Unexpected argument',
    description: 'An argument the command does not take.',
    template: 'unexpected argument "{argument}"',
  },
  USAGE_FORMAT: {
    stage: 'usage',
    title: 'Unknown format',
    description: '--format takes text, json or github (diff: text or json).',
    template: '--format must be one of {allowed}, not "{format}"',
  },
  USAGE_NUMBER: {
    stage: 'usage',
    title: 'Not a number',
    description: 'An option that takes a number of seconds was given something else.',
    template: '{option} must be a number of seconds, not "{value}"',
  },
  USAGE_MISSING_OPTION: {
    stage: 'usage',
    title: 'Option required',
    description: 'The command needs an option that was not given.',
    template: '{command} needs {option}',
  },
  USAGE_SOURCE_ID: {
    stage: 'usage',
    title: 'Not a source id',
    description: 'A source id is lowercase letters, digits and single hyphens (it becomes part of paths).',
    template: '--source-id must be lowercase letters and digits joined by single hyphens, not "{id}"',
  },
  USAGE_DIFF: {
    stage: 'usage',
    title: 'diff needs two versions',
    description: 'diff compares two releases: diff A B (a version, or latest).',
    template: 'diff needs two versions: diff A B (e.g. diff 1.0.0 latest)',
  },
  USAGE_VERSION: {
    stage: 'usage',
    title: 'Not a version',
    description: 'A version is MAJOR.MINOR.PATCH (e.g. 1.0.0) or latest.',
    template: '"{version}" is not a version (MAJOR.MINOR.PATCH, e.g. 1.0.0, or latest)',
  },
  USAGE_NO_RELEASE: {
    stage: 'usage',
    title: 'No such release',
    description: 'diff was given a version that dist/ does not hold; the message lists those it does.',
    template: 'no release {version} in {dist}; it holds: {versions}',
  },
  USAGE_FILE: {
    stage: 'usage',
    title: 'Cannot read a file',
    description: 'A file named on the command line cannot be read.',
    template: 'cannot read {file}: {reason}',
  },
  USAGE_CRON: {
    stage: 'usage',
    title: 'Not a cron expression',
    description: 'The schedule takes a node-cron expression of 5 fields, or 6 with seconds first.',
    template:
      '{origin} "{expression}" is not a cron expression[[ ({reason})]]; for example "0 3 * * *" (03:00 every day) or "*/10 * * * * *" (every 10 seconds)',
  },
  USAGE_TIMEZONE: {
    stage: 'usage',
    title: 'Unknown time zone',
    description: '--timezone takes an IANA time zone name.',
    template: '--timezone "{timezone}" is not an IANA time zone such as Asia/Shanghai',
  },
  USAGE_DATE: {
    stage: 'usage',
    title: 'Not a date',
    description: '--published takes a calendar date written YYYY-MM-DD (2026-10-15).',
    template: '--published must be a date written YYYY-MM-DD, not "{date}"',
  },
  USAGE_PORT: {
    stage: 'usage',
    title: 'Not a port',
    description: '--port takes a port number from 0 to 65535.',
    template: '--port must be a port number (0-65535), not "{port}"',
  },
  // ------------------------------------------------------------------ the machine
  ENV_DIST: {
    stage: 'environment',
    title: 'dist/ unusable',
    description: 'The folder of releases does not exist or is not a folder.',
    template: '{dist} {reason}',
  },
  ENV_PORT_IN_USE: {
    stage: 'environment',
    title: 'Port in use',
    description: 'Another program listens on the port; choose another with --port.',
    template: 'port {port} on {host} is in use; choose another with --port',
  },
  ENV_LISTEN: {
    stage: 'environment',
    title: 'Cannot listen',
    description:
      'serve cannot listen on the host and port given: a port below 1024 needs privileges, or the host is not an address of this machine.',
    template: 'cannot listen on {where}: {reason}',
  },
  USAGE_SOURCE_DATE_EPOCH: {
    stage: 'usage',
    title: 'SOURCE_DATE_EPOCH unreadable',
    description:
      'SOURCE_DATE_EPOCH, where set, is whole seconds since 1970 (it fixes the release date), for a date from 1980-01-01 (the earliest a zip file can record) to 9999-12-31.',
    template: 'SOURCE_DATE_EPOCH must be whole seconds since 1970 for a date from 1980 on, not "{value}"[[ ({date})]]',
  },
  ENV_IO: {
    stage: 'environment',
    title: 'The file system refused',
    description:
      'Reading or writing a file failed for a reason of the machine: a full disk (ENOSPC), no permission (EACCES, EPERM), a read-only file system (EROFS), a path that is a file where a folder is needed (ENOTDIR, EEXIST). Nothing was published; fix the cause and run again.',
    template: '{path}: {cause}',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof CATALOGUE;
