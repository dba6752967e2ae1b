/**
 * `make bench`, first part: the value and period parsers and the trace's accounting of a paragraph, timed on
 * long input at two sizes, ten times apart. Work that grows with the input's length grows about tenfold; work
 * that is quadratic somewhere grows a hundredfold. The tests hold the same inputs to a count of the work done
 * instead of a time (tests/property.test.ts and tests/account.test.ts, counted by tests/work.ts), which no busy
 * machine can make flaky; this is where the time is seen. Prints a table; exits 0 whatever it measures.
 */
import { pathToFileURL } from 'node:url';
import { DataError } from '../pipeline/core/errors.js';
import { parsePeriodText } from '../pipeline/stages/normalize/periods.js';
import { parseValue } from '../pipeline/stages/normalize/values.js';
import { accountFor, type CuratedFigure } from '../pipeline/stages/trace/account.js';

/** Values that once could have made the parser hang, about 100 000 characters each at `scale` 1. */
export const longValues = (scale = 1): string[] => [
  '1'.repeat(100_000 * scale) + '亿元',
  '近' + '9'.repeat(50_000 * scale) + '.' + '9'.repeat(50_000 * scale) + '万人以上',
  '1/' + '3'.repeat(10_000 * scale),
  '“'.repeat(100_000 * scale) + '1人',
  '以上'.repeat(50_000 * scale),
  '1' + '万'.repeat(50_000 * scale) + '元',
];

/** Periods likewise. */
export const longPeriods = (scale = 1): string[] => [
  '自' + '2'.repeat(100_000 * scale) + '年',
  '“'.repeat(100_000 * scale),
  '十三五'.repeat(30_000 * scale),
  '未来' + '9'.repeat(100_000 * scale),
];

/** A paragraph of `n` figures (`0人` … ) after `n` ordinals (`第0项` …), and the figures. */
export function figuresParagraph(n: number): { paragraph: string; figures: CuratedFigure[] } {
  return {
    paragraph: Array.from({ length: n }, (_, i) => `第${i}项${i}人`).join('，'),
    figures: Array.from({ length: n }, (_, i) => ({ value_text: `${i}人`, id: `f-${i}`, file: 'f.csv', line: i + 2 })),
  };
}

/** Best of three, in milliseconds; a DataError is an answer like any other. */
function time(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    try {
      fn();
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function main(): void {
  const rows: string[][] = [];
  const row = (what: string, size: number, small: number, large: number, input: string) =>
    rows.push([what, String(size), small.toFixed(1), large.toFixed(1), `${(large / small).toFixed(1)}x`, input]);
  const [values, values10] = [longValues(), longValues(10)];
  values.forEach((v, i) =>
    row(
      `parseValue #${i + 1}`,
      v.length,
      time(() => parseValue(v)),
      time(() => parseValue(values10[i]!)),
      v.slice(0, 4),
    ),
  );
  const [periods, periods10] = [longPeriods(), longPeriods(10)];
  periods.forEach((p, i) => {
    const [small, large] = [time(() => parsePeriodText(p, 2022)), time(() => parsePeriodText(periods10[i]!, 2022))];
    row(`parsePeriodText #${i + 1}`, p.length, small, large, p.slice(0, 4));
  });
  const [a, b] = [figuresParagraph(2_000), figuresParagraph(20_000)];
  const [small, large] = [
    time(() => accountFor(a.paragraph, a.figures, [])),
    time(() => accountFor(b.paragraph, b.figures, [])),
  ];
  row('accountFor (figures)', 2_000, small, large, a.paragraph.slice(0, 4));
  const head = ['long input', 'size', 'ms', 'ms at 10x', 'growth', 'begins'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : i < 5 ? c.padStart(widths[i]!) : c));
  for (const r of [head, ...rows]) console.log(line(r).join('  '));
  console.log('(about 10x: linear in the size; about 100x: quadratic somewhere)');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
