/**
 * Property tests (issue 4): the value and period parsers, fed random strings, return a result or throw their
 * own typed error, and never throw anything else; on long input they do work linear in its length (counted, not
 * timed). The same for the CSV reader on random bytes.
 */
import { COMPARATORS } from '../pipeline/core/comparators.js';
import { MEASURES } from '../pipeline/stages/normalize/grammar.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DataError } from '../pipeline/core/errors.js';
import { parseCsv, streamCsv, type RawRow } from '../pipeline/stages/extract/csv.js';
import { canonical, compare } from '../pipeline/core/decimal.js';
import { StringPool } from '../pipeline/core/pool.js';
import { textWidth } from '../pipeline/release/catalog/charts.js';
import Big from 'big.js';
import { readPlainCsv } from '../pipeline/stages/extract/plain-csv.js';
import { parse as csvParse } from 'csv-parse/sync';
import { extractTable } from '../pipeline/stages/extract/load.js';
import { rowProblems, TableChecker } from '../pipeline/stages/validate/schema-check.js';
import { loadSchemas, RAW_TABLES } from '../pipeline/core/schemas.js';
import { csvRecord } from '../pipeline/release/render/output.js';
import {
  parseIsoPeriod,
  parsePeriodText,
  resolvePeriod,
  type ParsedPeriod,
} from '../pipeline/stages/normalize/periods.js';
import { cleaned, cleanedFully, parseValue, type Kind } from '../pipeline/stages/normalize/values.js';
import { longPeriods, longValues } from '../bench/long-input.js';
import { textWork } from './work.js';

const RUNS = { numRuns: 10_000 };

/** Pieces the rules look for, so random strings reach past the first check. */
const VALUE_TOKENS = [
  // the grammar of changes: bases, verbs, 到, 年均, 预计, a minus in words and signs, 倍 and points
  '比上年',
  '比上年末',
  '同比',
  '比2019年',
  '增长',
  '下降',
  '提高',
  '减少',
  '到',
  '年均',
  '预计',
  '负',
  '-',
  '−',
  '倍',
  '个百分点',
  '突破',
  '低于',
  ...'0123456789',
  '.',
  '/',
  '%',
  '‰',
  '％',
  '０',
  '１',
  '．',
  '十',
  '百',
  '千',
  '万',
  '亿',
  '万亿',
  '近',
  '约',
  '超',
  '超过',
  '逾',
  '达',
  '达到',
  '不低于',
  '不少于',
  '不超过',
  '控制在',
  '以上',
  '以下',
  '以内',
  '左右',
  '余',
  '多',
  '元',
  '人',
  '所',
  '个',
  '场次',
  '“',
  '”',
  '"',
  ' ',
  '\u3000',
  '-',
  'e',
  '∞',
  '\ud800',
];
const PERIOD_TOKENS = [
  ...'0123456789',
  '-',
  '/',
  '年',
  '月',
  '底',
  '末',
  '自',
  '到',
  '至',
  '以来',
  '起',
  '来',
  '未来',
  '今年',
  '去年',
  '目前',
  '截至目前',
  '十三五',
  '十四五',
  '十五五',
  '期间',
  '时期',
  '一',
  '两',
  '五',
  '十',
  '“',
  '”',
  ' ',
];

const fromTokens = (tokens: string[], maxLength = 12) =>
  fc.array(fc.constantFrom(...tokens), { maxLength }).map((t) => t.join(''));

/** Any string: near-valid, short printable, any code point (lone surrogates too), or random rule pieces. */
const anyString = (tokens: string[], like: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: like, weight: 5 },
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fromTokens(tokens),
    fromTokens(tokens, 40),
  );

/** Values shaped like the article's, with a random piece here and there: most of them parse. */
const valueLike = fc
  .tuple(
    fc.constantFrom('', '', '近', '约', '超', '逾', '达', '达到', '不低于', '不超过', '控制在', '大约'),
    fc.stringMatching(/^\d{1,6}(\.\d{1,3})?(\/\d{1,3})?$/),
    fc.constantFrom('', '', '十', '百', '千', '万', '亿', '万亿'),
    fc.constantFrom('', '', '余', '多'),
    fc.constantFrom('元', '人', '名', '所', '个', '%', '‰', '场次', '', 'km'),
    fc.constantFrom('', '', '以上', '以下', '以内', '左右', '”以上'),
  )
  .map((parts) => parts.join(''));

/** Periods shaped like the article's: most of them parse. */
const periodLike = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '到', '至', '自'),
      fc.integer({ min: 1850, max: 2250 }),
      fc.option(fc.integer({ min: 0, max: 13 })),
      fc.constantFrom('', '底', '末', '以来', '起'),
    )
    .map(([p, y, m, s]) => `${p}${y}年${m === null ? '' : `${m}月`}${s}`),
  fc
    .tuple(
      fc.constantFrom('“十一五”', '十二五', '十三五', '十四五', '十五五', '十六五'),
      fc.constantFrom('', '期间', '时期'),
    )
    .map((t) => t.join('')),
  fc
    .tuple(
      fc.constantFrom('未来', ''),
      fc.oneof(fc.integer({ min: 0, max: 60 }).map(String), fc.constantFrom('一', '两', '三', '五', '十')),
      fc.constantFrom('年', '年来'),
    )
    .map((t) => t.join('')),
  fc.constantFrom('今年', '去年', '目前', '截至目前', '现在'),
);

const kind = fc.constantFrom<Kind>('actual', 'target');

/** Call `fn`; its result, or the error it threw, which must be of type `E`. */
function resultOrTyped<T>(fn: () => T, E: typeof DataError, prefix: string): T | undefined {
  try {
    return fn();
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(E);
    expect((err as DataError).code).toMatch(new RegExp(`^${prefix}_[A-Z_]+$`));
    expect((err as Error).message.length).toBeGreaterThan(0);
    return undefined;
  }
}

/**
 * Long input that once could have made a parser hang (bench/long-input.ts, which `make bench` times) is read in
 * work linear in its length: at most LINEAR characters handed to string and regular-expression methods per
 * character (tests/work.ts counts them; today 4 to 14). A parser that went over its input again for each
 * character would count thousands per character.
 */
const LINEAR = 32;

/** The work `fn` does, counted (tests/work.ts), and `outcome`, which returns what it returned or throws what it threw. */
function worked<T>(fn: () => T): { work: number; outcome: () => T } {
  let outcome: () => T = () => {
    throw new Error('not run');
  };
  const work = textWork(() => {
    try {
      const value = fn();
      outcome = () => value;
    } catch (error) {
      outcome = () => {
        throw error;
      };
    }
  });
  return { work, outcome };
}

const EXACT = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;
const ISO = /^\d{4}(-\d{2}(-\d{2})?)?(\/\d{4}(-\d{2}(-\d{2})?)?)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function expectPeriod(p: ParsedPeriod | undefined): void {
  if (!p) return;
  expect(p.period).toMatch(ISO);
  expect(p.start).toMatch(DAY); // a text never reads as an open start: only an explicit period has one
  expect(p.end).toMatch(DAY);
  expect(p.start! <= p.end).toBe(true);
  expect(p.period.startsWith(p.start!.slice(0, 4))).toBe(true);
}

describe('the plain-value shortcut', () => {
  // a plain value is taken as it is; it must be what the full reading makes of it, or refuse the same way
  test('cleaned reads every value as cleanedFully does', () => {
    const unit = fc.constantFrom(
      '1',
      '0',
      '.',
      '-',
      '%',
      '人',
      '万',
      '近',
      '"',
      "'",
      '“',
      ' ',
      '\u3000',
      '１',
      '²',
      '‰',
      '\t',
    );
    const outcome = (read: (s: string) => string, s: string) => {
      try {
        return read(s);
      } catch (err) {
        return (err as DataError).problem.code;
      }
    };
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), (s) => {
        expect(outcome(cleaned, s)).toBe(outcome(cleanedFully, s));
      }),
      RUNS,
    );
  });
});

describe('parseValue on random strings', () => {
  test('returns an exact decimal, or throws a DataError', () => {
    fc.assert(
      fc.property(anyString(VALUE_TOKENS, valueLike), kind, (s, k) => {
        const v = resultOrTyped(() => parseValue(s, k), DataError, 'VALUE');
        if (v) {
          expect(v.value).toMatch(EXACT);
          expect(COMPARATORS).toContain(v.comparator);
          expect(MEASURES).toContain(v.measure);
          // a bare number has none; a rate per N is written /10万
          expect(v.measureWord).toMatch(/^(?:|%|‰|\/(?:1|10|100)?[百千万亿]|\p{Script=Han}+(?:\/\p{Script=Han}+)?)$/u);
        }
      }),
      RUNS,
    );
  });

  test('numbers as written come out exact, whatever the multiplier', () => {
    const digits = fc.stringMatching(/^[1-9]\d{0,5}(\.\d{1,4})?$/);
    fc.assert(
      fc.property(digits, fc.constantFrom('', '十', '百', '千', '万', '亿'), (n, m) => {
        const v = parseValue(`${n}${m}元`);
        const exponent = { '': 0, 十: 1, 百: 2, 千: 3, 万: 4, 亿: 8 }[m]!;
        // shift the decimal point by hand: no floating point
        const [int, frac = ''] = n.split('.');
        const shifted = (int + frac.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
        const point = int!.length + exponent;
        const expected = (shifted.slice(0, point) + '.' + shifted.slice(point)).replace(/\.?0*$/, '') || '0';
        expect(v.value).toBe(expected);
      }),
      RUNS,
    );
  });

  test('long input: a result or a DataError, in work linear in its length', () => {
    for (const s of longValues()) {
      const { work, outcome } = worked(() => parseValue(s));
      resultOrTyped(outcome, DataError, 'VALUE');
      expect(work, `${s.slice(0, 12)}… (${s.length} characters)`).toBeLessThan(LINEAR * s.length);
    }
  });
});

describe('period parsers on random strings', () => {
  const year = fc.integer({ min: 1800, max: 2300 });

  test('parsePeriodText returns an ISO period with start <= end, or throws a DataError', () => {
    fc.assert(
      fc.property(anyString(PERIOD_TOKENS, periodLike), year, (s, ref) => {
        expectPeriod(resultOrTyped(() => parsePeriodText(s, ref), DataError, 'PERIOD'));
      }),
      RUNS,
    );
  });

  test('parseIsoPeriod and resolvePeriod likewise', () => {
    fc.assert(
      fc.property(
        anyString(PERIOD_TOKENS, periodLike),
        anyString(PERIOD_TOKENS, periodLike),
        year,
        (text, iso, ref) => {
          expectPeriod(resultOrTyped(() => parseIsoPeriod(iso), DataError, 'PERIOD'));
          expectPeriod(resultOrTyped(() => resolvePeriod(text, iso, ref), DataError, 'PERIOD'));
        },
      ),
      RUNS,
    );
  });

  test('explicit ISO periods that are well formed read back as themselves', () => {
    const point = fc
      .tuple(fc.integer({ min: 1900, max: 2200 }), fc.option(fc.integer({ min: 1, max: 12 })))
      .map(([y, m]) => (m === null ? String(y) : `${y}-${String(m).padStart(2, '0')}`));
    fc.assert(
      fc.property(point, fc.option(point), (a, b) => {
        const written = b === null ? a : `${a}/${b}`;
        const p = resultOrTyped(() => parseIsoPeriod(written), DataError, 'PERIOD');
        if (p) expect(p.period).toBe(written);
        else expect(b === null || a === b || a > b || (b.length === 4 && a.startsWith(b))).toBe(true);
      }),
      RUNS,
    );
  });

  test('long input: a result or a DataError, in work linear in its length', () => {
    for (const s of longPeriods()) {
      const { work, outcome } = worked(() => parsePeriodText(s, 2022));
      resultOrTyped(outcome, DataError, 'PERIOD');
      expect(work, `${s.slice(0, 12)}… (${s.length} characters)`).toBeLessThan(LINEAR * s.length);
    }
  });
});

// compare reads plain decimals digit by digit and leaves any other text to big.js: the same order either way
describe('comparing exact decimals', () => {
  test('decimals with zeros before, after and alone, signs and exponents: in their shortest form as big.js writes them', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '0', '0', '1', '9'), minLength: 1, maxLength: 6 });
    const written = fc
      .tuple(fc.constantFrom('', '', '-'), digits, fc.option(digits), fc.constantFrom('', '', '', 'e3', 'e-2'))
      .map(([sign, int, frac, exp]) => sign + int + (frac === null ? '' : '.' + frac) + exp);
    fc.assert(
      fc.property(written, (s) => {
        expect(canonical(s)).toBe(new Big(s).toFixed());
      }),
      RUNS,
    );
  });

  test('random decimals, with zeros before, after and alone, signs and exponents: as big.js orders them', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '0', '1', '5', '9'), minLength: 1, maxLength: 6 });
    const decimal = fc
      .tuple(fc.constantFrom('', '-'), digits, fc.option(digits), fc.constantFrom('', '', '', 'e3', 'e-2'))
      .map(([sign, int, frac, exp]) => sign + int + (frac === null ? '' : '.' + frac) + exp);
    const other = fc.constantFrom('.5', '-.5', '1.', '1.e2', '0.0', '-0');
    const any = fc.oneof({ arbitrary: decimal, weight: 9 }, { arbitrary: other, weight: 1 });
    fc.assert(
      fc.property(any, any, (a, b) => {
        expect(compare(a, b)).toBe(new Big(a).cmp(new Big(b)));
      }),
      RUNS,
    );
  });
});

// the pool numbers every distinct text once, in the order first given, through its own hash table: random texts
// of a few letters (so that texts repeat and hashes share slots) given one after another, past several growths of
// the table and after its index is let go, against a Map
describe('the pool of texts', () => {
  test('the same number for the same text, a new one for a new text, in the order given', () => {
    // numbers drawn from 4 000 as texts: 3 000 draws and more give over 1 024 distinct texts, past the first growth of
    // the table (2 048 slots, half full at most)
    const text = fc.nat(4000).map((n) => ['a', '城', '\u{20000}'][n % 3] + n.toString(3));
    fc.assert(
      fc.property(fc.array(text, { minLength: 3000, maxLength: 6000 }), fc.nat(6000), (texts, dropAt) => {
        const pool = new StringPool();
        const known = new Map<string, number>();
        texts.forEach((t, i) => {
          if (i === dropAt) pool.dropIndex();
          if (!known.has(t)) {
            expect(pool.find(t)).toBeUndefined();
            known.set(t, known.size + 1);
          }
          expect(pool.id(t)).toBe(known.get(t));
        });
        expect(pool.size).toBe(known.size + 1);
        for (const [t, id] of known) expect([pool.find(t), pool.text(id)]).toEqual([id, t]);
      }),
      { numRuns: 20, endOnFailure: true }, // thousands of texts a run: shrinking a failure would take minutes
    );
  });
});

// the page's text measure remembers each character's width: the same sum, in the same order, as measuring each
// character of the text by the patterns, surrogate pairs, lone surrogates and all (the page's line breaks follow it)
describe("the page's text measure", () => {
  test('random text: the width of measuring every character by the patterns, to the last bit', () => {
    const wide = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026]/u;
    const measured = (text: string, size: number) => {
      let em = 0;
      for (const ch of text)
        em += wide.test(ch) ? 1 : /[ilj.,:;!|'()[\]\s]/.test(ch) ? 0.32 : /[A-Zmw%≥≤≈−]/.test(ch) ? 0.78 : 0.58;
      return em * size;
    };
    const unit = fc.constantFrom(
      'a',
      'i',
      'W',
      '中',
      '，',
      '\u{1F600}',
      '\uD800',
      '\uDC00',
      ' ',
      '%',
      '…',
      '（',
      '\u3000',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), fc.constantFrom(11, 12, 13, 14), (text, size) => {
        expect(textWidth(text, size)).toBe(measured(text, size));
      }),
      RUNS,
    );
  });
});

describe('the CSV reader on random input', () => {
  test('random bytes: problems, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const { table, problems } = extractTable(bytes, 'x.csv');
        for (const p of problems) {
          expect(p.file).toBe('x.csv');
          expect(p.message.length).toBeGreaterThan(0);
        }
        if (problems.some((p) => p.severity === 'error')) expect(table.incomplete).toBe(true);
      }),
      RUNS,
    );
  });

  test('random CSV-like text: every problem and row has a line inside the file, rows in order', () => {
    const text = fromTokens(['a', 'b,', ',', '"', '""', '\n', '\r\n', ' ', '中', 'x"y', '\n\n'], 30);
    fc.assert(
      fc.property(text, (t) => {
        const { table, problems } = parseCsv(t.replace(/\r\n?/g, '\n'), 'x.csv');
        const lines = t.replace(/\r\n?/g, '\n').split('\n').length;
        for (const p of problems) {
          expect(p.line ?? 1).toBeGreaterThanOrEqual(1);
          expect(p.line ?? 1).toBeLessThanOrEqual(lines);
        }
        let previous = 1;
        for (const row of table.rows) {
          expect(row.line).toBeGreaterThan(previous);
          expect(row.line).toBeLessThanOrEqual(lines);
          previous = row.line;
        }
      }),
      RUNS,
    );
  });

  // the plain reader reads what csv-parse reads, or declines: never a record csv-parse would not make
  test('random CSV-like text: the plain reader gives the records csv-parse gives, or declines the text', () => {
    const text = fromTokens(
      ['a', 'b,', ',', '"', '""', '\n', ' ', '中', 'x"y', '\n\n', '\na,b\n', '\uFEFF', '"\n'],
      30,
    );
    let read = 0;
    fc.assert(
      fc.property(text, (t) => {
        const records: string[][] = [];
        if (!readPlainCsv(Buffer.from(t), (record) => void records.push(record))) return;
        read++;
        let skipped = false;
        const parsed = csvParse(t, {
          skip_empty_lines: true,
          skip_records_with_error: true,
          on_skip: () => void (skipped = true),
        }) as string[][];
        expect(skipped).toBe(false);
        expect(records).toEqual(parsed);
      }),
      RUNS,
    );
    expect(read).toBeGreaterThan(RUNS.numRuns / 10); // the comparison is not empty: many texts are plain
  });

  // and it declines nothing that is plain: a file written as the published CSV is, without empty lines
  test('well-formed CSV: the plain reader reads every record, cells as written', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', ' ', '1', '\r'), maxLength: 8 });
    const file = fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(file, (records) => {
        const text = records.map((r) => csvRecord(r).replace(/\r\n$/, '\n')).join('');
        const read: string[][] = [];
        expect(readPlainCsv(Buffer.from(text), (record) => void read.push(record))).toBe(true);
        expect(read).toEqual(records);
      }),
      RUNS,
    );
  });

  // streamCsv, which reads the figures files, hands each row on as it is read (the plain reader) and falls back
  // on parseCsv for any file that is not plain: the same header, rows and problems
  test('random CSV-like text: streamCsv sends the header, rows and problems parseCsv gives', () => {
    const text = fromTokens(['a', 'b,', ',', '"', '""', '\n', ' ', '中', 'x"y', '\n\n', '\na,b\n', '"\n'], 30);
    fc.assert(
      fc.property(text, (t) => {
        const expected = parseCsv(t, 'x.csv');
        let header: string[] = [];
        let rows: RawRow[] = [];
        const streamed = streamCsv(t, 'x.csv', {
          header: (h) => void (header = h),
          row: (r) => void rows.push(r),
          restart: () => void ((header = []), (rows = [])),
        });
        expect(streamed.problems).toEqual(expected.problems);
        expect(header).toEqual(expected.table.header);
        expect(rows).toEqual(expected.table.rows);
        expect(streamed.table.incomplete).toBe(expected.table.incomplete);
      }),
      RUNS,
    );
  });

  // parseCsv reads a file without problems or empty lines by counting lines itself (the fast path) and any
  // other file with csv-parse's line numbers; both must give each row the line it starts on
  test('well-formed CSV, with and without empty lines: each row at the line it starts on, cells as written', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', ' ', '1'), maxLength: 8 });
    const record = fc.tuple(cell, cell, cell);
    const file = fc.array(fc.tuple(record, fc.integer({ min: 0, max: 2 })), { maxLength: 12 });
    fc.assert(
      fc.property(file, fc.boolean(), (records, withEmptyLines) => {
        let text = 'a,b,c\n';
        const expected: { line: number; cells: Record<string, string> }[] = [];
        for (const [[a, b, c], empty] of records) {
          if (withEmptyLines) text += '\n'.repeat(empty);
          const line = text.split('\n').length;
          text += csvRecord([a, b, c]).replace(/\r\n$/, '\n');
          expected.push({ line, cells: { a, b, c } });
        }
        const { table, problems } = parseCsv(text, 'x.csv');
        expect(problems).toEqual([]);
        expect(table.rows).toEqual(expected);
      }),
      RUNS,
    );
  });
});

// TableChecker passes a row by a quick check of each cell against its column's own property schema (remembered per
// column), and checks any other row the full way: a row must get the same problems, none or the same words, as
// the full check gives it, whatever its cells and whichever rows came before it
describe('the quick check of raw rows', () => {
  test.each(RAW_TABLES.map((t) => t.name))('%s: the same problems as the full check', (name) => {
    const schema = loadSchemas().raw[name];
    const columns = Object.keys(schema.properties);
    // mostly the schema's own good examples, so that many rows pass; now and then anything else
    const cellOf = (column: string) => {
      const p = schema.properties[column]!;
      const good = (p.examples ?? []).map(String);
      const other = [...(p['x-invalid-examples'] ?? []).map(String), '', ' ', ' padded', '=1+1', 'a\u200bb', '中文'];
      const rest = fc.constantFrom(...other, 'x'.repeat(300), '2022', 'a-001');
      return good.length
        ? fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 12 }, { arbitrary: rest, weight: 1 })
        : rest;
    };
    const row = fc.record(Object.fromEntries(columns.map((c) => [c, cellOf(c)])));
    let passedRows = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const checker = new TableChecker(name, columns[0]!, 'x.csv', 0); // the quick check from the first row
        expect(checker.header(columns, [])).toBe(true);
        // and the same rows as the plain reader hands them on, cells in the header's order (TableChecker.record)
        const byRecord = new TableChecker(name, columns[0]!, 'x.csv', 0);
        expect(byRecord.header(columns, [])).toBe(true);
        rows.forEach((cells, i) => {
          const raw: RawRow = { line: i + 2, cells };
          const problems: Parameters<TableChecker['row']>[1] = [];
          const passed = checker.row(raw, problems);
          const full = rowProblems(raw, 'x.csv', name);
          expect(problems).toEqual(full);
          expect(passed).toBe(full.length === 0);
          if (passed) passedRows++;
          const recordProblems: Parameters<TableChecker['row']>[1] = [];
          const record = columns.map((c) => cells[c]!);
          expect(byRecord.record(record, i + 2, recordProblems)).toBe(passed);
          expect(recordProblems).toEqual(full);
        });
      }),
      { numRuns: 2000 },
    );
    expect(passedRows).toBeGreaterThan(10); // the quick check was taken, not only the full one
  });
});
