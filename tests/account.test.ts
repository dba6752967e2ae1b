import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { createAjv } from '../pipeline/core/schemas.js';
import { extractTable, loadRawTables } from '../pipeline/stages/extract/load.js';
import { accountFor, accountForText } from '../pipeline/stages/trace/account.js';
import { numbersIn, type NumberInText } from '../pipeline/stages/trace/numbers.js';
import { paragraphsOf } from '../pipeline/stages/trace/texts.js';
import { validateRaw } from '../pipeline/stages/validate/validate.js';
import { figuresParagraph } from '../bench/long-input.js';
import { RAW, ROOT, SOURCE_TEXT } from './helpers.js';

/** Reads of the numbers accountFor finds in a paragraph (their text, start, end, period), counted while `counting`. */
const reads = vi.hoisted(() => ({ counting: false, count: 0 }));
vi.mock('../pipeline/stages/trace/numbers.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../pipeline/stages/trace/numbers.js')>();
  const counted = (n: NumberInText): NumberInText => {
    const fields = { ...n };
    const out = {} as NumberInText;
    for (const key of Object.keys(fields) as (keyof NumberInText)[])
      Object.defineProperty(out, key, {
        enumerable: true,
        get: () => {
          reads.count++;
          return fields[key];
        },
      });
    return out;
  };
  return { ...real, numbersIn: (p: string) => (reads.counting ? real.numbersIn(p).map(counted) : real.numbersIn(p)) };
});

/** Each number with @ where it is part of a date-like period, ~ where it counts the years of a span. */
const numbers = (p: string) => numbersIn(p).map((n) => `${n.text}${n.period ? '@' : ''}${n.span ? '~' : ''}`);
const figure = (value_text: string, line = 2) => ({ value_text, id: `f-${line}`, file: 'f.csv', line });
const dismissal = (text: string, line = 2) => ({ text, reason: 'r', file: 'dismissed.csv', line });

describe('numbersIn', () => {
  test('digits as written, with decimals, fractions, percent and per mille, full-width too, with offsets', () => {
    expect(numbers('近19.26亿元，1/2以上，98%以上，22.0与4.60，3‰')).toEqual([
      '19.26',
      '1/2',
      '98%',
      '22.0',
      '4.60',
      '3‰',
    ]);
    const [n] = numbersIn('约１．２８％的');
    expect(n).toEqual({ text: '１．２８％', start: 1, end: 6, period: false, span: false });
  });

  test('years with 年, months, days and quarters are period parts; counts of years are spans', () => {
    expect(numbers('自2019年5月开始，3年来，到2025年，2021年度')).toEqual(['2019@', '5@', '3~', '2025@', '2021@']);
    expect(numbers('未来5年，近3年，过去10年，3年以来，2016—2020年，1—11月，5月20日，第1季度，2023学年')).toEqual([
      '5~',
      '3~',
      '10~',
      '3~',
      '2016@',
      '2020@',
      '1@',
      '11@',
      '5@',
      '20@',
      '1@',
      '2023@',
    ]);
  });

  test('time words alone do not make a period: durations, ages in months, times of day, bare years', () => {
    expect(numbers('用5年时间，5个月，6月龄，下午4点，13月，2019，1800年，12.5年')).toEqual([
      '5',
      '5',
      '6',
      '4',
      '13',
      '2019',
      '1800',
      '12.5',
    ]);
  });
});

describe('accountFor', () => {
  const dated = (value_text: string, period_text: string, indicator_id: string, line = 2) => ({
    ...figure(value_text, line),
    period_text,
    indicator_id,
  });

  test('a span is a period only where a figure of the paragraph has it as its period_text', () => {
    const p = '3年来建成驿站12个。';
    expect(accountFor(p, [dated('12个', '', 'a')], []).unaccounted.map((n) => n.text)).toEqual(['3']);
    expect(accountFor(p, [dated('12个', '3年来', 'a')], []).unaccounted).toEqual([]);
    expect(accountFor(p, [dated('12个', '', 'a')], [dismissal('3年来')]).unaccounted).toEqual([]);
  });

  test('one number backs figures of several indicators where 均 or 都 lists their subjects before it', () => {
    const p = '小学、初中入学率均达到100%。';
    const both = accountFor(p, [dated('达到100%', '', 'primary'), dated('达到100%', '', 'junior', 3)], []);
    expect(both).toEqual({ unaccounted: [], stale: [], missing: [] });
    const kept = '参保率均稳定在95%以上。';
    const two = accountFor(kept, [dated('95%以上', '', 'a'), dated('95%以上', '', 'b', 3)], []);
    expect(two.missing).toEqual([]);
    // the same indicator twice is a figure curated twice, not a list
    expect(
      accountFor(p, [dated('达到100%', '', 'primary'), dated('达到100%', '', 'primary', 3)], []).missing,
    ).toHaveLength(1);
    // without 均 each figure needs a number of its own
    const plain = accountFor('入学率达到100%。', [dated('达到100%', '', 'a'), dated('达到100%', '', 'b', 3)], []);
    expect(plain.missing).toHaveLength(1);
  });

  test('figures claim their numbers; periods are accounted; the rest is unaccounted with its offset', () => {
    const r = accountFor('2021年，新增3926人，完成145%，帮扶767人。', [figure('3926人'), figure('145%', 3)], []);
    expect(r).toEqual({ unaccounted: [{ text: '767', start: 23 }], stale: [], missing: [] });
  });

  test('figures with the same value_text claim successive occurrences; a third finds none', () => {
    const p = '医院1家、卫生院1家。';
    expect(accountFor(p, [figure('1家'), figure('1家', 3)], []).unaccounted).toEqual([]);
    const three = accountFor(p, [figure('1家'), figure('1家', 3), figure('1家', 4)], []);
    expect(three.missing.map((f) => f.line)).toEqual([4]);
  });

  test('a longer value_text claims first, so 达100% and 100% each get their own occurrence', () => {
    const p = '覆盖率达100%；压减率100%。';
    expect(accountFor(p, [figure('100%'), figure('达100%', 3)], [])).toEqual({
      unaccounted: [],
      stale: [],
      missing: [],
    });
  });

  test('an occurrence holds whole numbers: 1家 is not found inside 21家', () => {
    const r = accountFor('共21家。', [figure('1家')], []);
    expect(r.missing).toHaveLength(1);
    expect(r.unaccounted).toEqual([{ text: '21', start: 1 }]);
  });

  test('dismissals claim what nothing else does; one that claims nothing is stale', () => {
    const p = '三年级(1)班，65岁以上老年人管理率达63.7%，2021年。';
    const r = accountFor(
      p,
      [figure('达63.7%')],
      [dismissal('三年级(1)班'), dismissal('65岁以上', 3), dismissal('3岁以下', 4), dismissal('达63.7%', 5)],
    );
    expect(r.unaccounted).toEqual([]);
    expect(r.stale.map((d) => d.line)).toEqual([4, 5]);
    expect(accountFor(p, [], [dismissal('2021年')]).stale).toHaveLength(1);
  });

  test('accountForText reports paragraphs past the end: their figures missing, their dismissals stale', () => {
    const out = accountForText(
      ['', '共3所。'],
      [{ ...figure('3所'), paragraph: 2 }],
      [{ ...dismissal('5点'), paragraph: 9 }],
    );
    expect(out.map((p) => [p.paragraph, p.unaccounted.length, p.missing.length, p.stale.length])).toEqual([
      [1, 1, 0, 0],
      [2, 0, 1, 0],
      [9, 0, 0, 1],
    ]);
  });

  test('a paragraph of 5 000 figures is accounted for in about n log n reads of its numbers, not n²', () => {
    /** Account for a paragraph of n figures and n ordinals; how many times it read a number found in it. */
    const readsFor = (n: number) => {
      const { paragraph, figures } = figuresParagraph(n);
      reads.count = 0;
      reads.counting = true;
      let r;
      try {
        r = accountFor(paragraph, figures, []);
      } finally {
        reads.counting = false;
      }
      expect(r.missing).toEqual([]);
      expect(r.unaccounted).toHaveLength(n); // the 第N ordinals
      return reads.count;
    };
    const [small, large] = [readsFor(1250), readsFor(5000)];
    // each figure finds its numbers by a binary search: four times the figures, about 4.5 times the reads; a
    // scan of the paragraph's numbers for each figure would make it 16 times (make bench times it: the search
    // for each figure's text in the paragraph, native indexOf and not counted here, grows faster)
    expect(large / small, `${small} reads, then ${large}`).toBeLessThan(8);
  });
});

const DISMISSED = path.join(RAW, 'dismissed.csv');

function dismissedRows() {
  const { table, problems } = extractTable(readFileSync(DISMISSED), 'raw/dismissed.csv');
  expect(problems).toEqual([]);
  return table.rows;
}

test('raw/dismissed.csv holds to its schema, and every reason is written out', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'raw', 'dismissed.schema.json'), 'utf8'));
  const validate = createAjv().compile(schema);
  for (const row of dismissedRows()) {
    expect(validate(row.cells), `line ${row.line}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(row.cells.reason!.length).toBeGreaterThan(10);
  }
});

const articlePresent = existsSync(SOURCE_TEXT);
if (!articlePresent)
  console.warn(`two-way trace of the article SKIPPED: the source text ${SOURCE_TEXT} is not on this machine`);

describe.skipIf(!articlePresent)('the article against raw/figures and raw/dismissed.csv', () => {
  const sourceId = path.basename(SOURCE_TEXT, '.txt');

  async function curated() {
    const paragraphs = paragraphsOf(readFileSync(SOURCE_TEXT, 'utf8'));
    const { data } = validateRaw((await loadRawTables(RAW)).tables);
    const figures = data.figures.filter((f) => f.source_id === sourceId).map((f) => ({ ...f, id: f.figure_id }));
    const rows = dismissedRows().filter((r) => r.cells.source_id === sourceId);
    const dismissals = rows.map((r) => ({
      source_id: r.cells.source_id!,
      paragraph: Number(r.cells.paragraph),
      text: r.cells.text!,
      reason: r.cells.reason!,
      file: 'raw/dismissed.csv',
      line: r.line,
    }));
    expect(dismissals.length).toBeGreaterThan(0);
    return { paragraphs, figures, dismissals };
  }

  test('every number is a figure, a period or dismissed; no dismissal is stale; every figure is found', async () => {
    const { paragraphs, figures, dismissals } = await curated();
    expect(figures.length).toBeGreaterThan(80);
    expect(accountForText(paragraphs, figures, dismissals)).toEqual([]);
  });

  test('removing any one curated figure leaves its number unaccounted in its paragraph', async () => {
    const { paragraphs, figures, dismissals } = await curated();
    for (const removed of figures) {
      const report = accountForText(
        paragraphs,
        figures.filter((f) => f !== removed),
        dismissals,
      );
      expect(
        report.map((p) => p.paragraph),
        removed.figure_id,
      ).toEqual([removed.paragraph]);
      const [left] = report[0]!.unaccounted;
      expect(removed.value_text, removed.figure_id).toContain(left!.text);
    }
  });
});
