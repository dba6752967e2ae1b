/**
 * The progress line of a long run (pipeline/core/progress.ts), on the function level: a fake stream says
 * whether it is a terminal, and a fake clock says how long the run has taken, so nothing here waits or times
 * anything. On a terminal the line appears once the run has taken a while and is erased at the end; in a pipe,
 * a log, CI, a dumb terminal or a json/github report, nothing is written at all.
 */
import { describe, expect, test } from 'vitest';
import { DELAY_MS, progressReporter, showsProgress, SILENT, type ProgressStream } from '../pipeline/core/progress.js';

function fakeStream(isTTY: boolean | undefined, columns = 80): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

/** A clock that moves only when told to. */
function fakeClock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Run a stage of `rows` rows through a reporter, the clock moving `msPerRow` a row. */
function run(
  reporter: ReturnType<typeof progressReporter>,
  clock: ReturnType<typeof fakeClock>,
  rows: number,
  msPerRow: number,
) {
  reporter.stage('writing observations.csv', rows);
  for (let i = 1; i <= rows; i++) {
    clock.advance(msPerRow);
    reporter.tick(i);
  }
  reporter.clear();
}

describe('progress on stderr', () => {
  test('a long run on a terminal says its stage and rows done, then erases the line', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const reporter = progressReporter({ stream, env: {}, format: 'text', command: 'publish', now: clock.now });
    run(reporter, clock, 100_000, 0.1); // 10 s
    expect(stream.written.length).toBeGreaterThan(2);
    expect(stream.written[0]).toMatch(/^\rpublish: writing observations\.csv, [\d ]+ of 100 000 rows\x1b\[K$/);
    expect(stream.written.at(-1)).toBe('\r\x1b[K');
    // never more often than every 100 ms of the run: at most 10 s / 100 ms lines, and the final erase
    expect(stream.written.length).toBeLessThanOrEqual(10_000 / 100 + 1);
  });

  test('a quick run on a terminal writes nothing', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const reporter = progressReporter({ stream, env: {}, format: 'text', command: 'publish', now: clock.now });
    run(reporter, clock, 1000, (DELAY_MS - 1) / 1000);
    expect(stream.written).toEqual([]);
  });

  test('a stage that begins after the delay is shown at once, with or without a count', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const reporter = progressReporter({ stream, env: {}, format: 'text', command: 'validate', now: clock.now });
    clock.advance(DELAY_MS + 1);
    reporter.stage('reading raw/figures/care.csv');
    expect(stream.written).toEqual(['\rvalidate: reading raw/figures/care.csv\x1b[K']);
  });

  test('the line is cut to the width of the terminal', () => {
    const stream = fakeStream(true, 30);
    const clock = fakeClock();
    const reporter = progressReporter({ stream, env: {}, format: 'text', command: 'publish', now: clock.now });
    clock.advance(DELAY_MS + 1);
    reporter.stage('writing a file with a very long name indeed.json', 5);
    const line = stream.written[0]!.replace(/^\r/, '').replace(/\x1b\[K$/, '');
    expect(line.length).toBeLessThanOrEqual(29);
    expect(line.endsWith('…')).toBe(true);
  });

  test.each([
    ['a pipe or a log file', undefined, {}, 'text'],
    ['a stream that is not a terminal', false, {}, 'text'],
    ['CI', true, { CI: 'true' }, 'text'],
    ['a dumb terminal', true, { TERM: 'dumb' }, 'text'],
    ['a json report', true, {}, 'json'],
    ['a github report', true, {}, 'github'],
  ] as const)('silent in %s', (_, isTTY, env, format) => {
    const stream = fakeStream(isTTY);
    const clock = fakeClock();
    expect(showsProgress(stream, env, format)).toBe(false);
    const reporter = progressReporter({ stream, env, format, command: 'publish', now: clock.now });
    expect(reporter).toBe(SILENT);
    run(reporter, clock, 100_000, 0.1);
    expect(stream.written).toEqual([]);
  });
});
