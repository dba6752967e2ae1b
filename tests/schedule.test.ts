/**
 * `schedule`: regeneration on a node-cron schedule, in temporary copies of raw/ and dist/.
 *
 * The scheduler tests run the compiled CLI (build/cli/bin.js) as a child process with a cron of every
 * second, so they can signal it (the vitest global setup builds it first if it is stale). Waits poll with long
 * timeouts (machines are shared and noisy); the assertions count ticks from the log, not wall time, and a run is
 * held mid-publish by a gate the test opens (PIPELINE_TEST_HOLD, core/faults.ts), not for a fixed time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { lockPathFor } from '../pipeline/release/lock.js';
import {
  DEFAULT_CRON,
  DEFAULT_TIMEZONE,
  exitCodeOf,
  skippedRecord,
  toRecord,
  type RunRecord,
} from '../pipeline/service/schedule.js';
import type { Problem } from '../pipeline/core/errors.js';
import { scheduleOptions } from '../pipeline/cli/commands/schedule.js';
import { cli, copyRaw, expectCliBuilt, FIXTURES, gate, spawnCli, snapshot, tempDir, type CliExit } from './helpers.js';

const EVERY_SECOND = '* * * * * *';
/** The correction, the breakage and the fix the tests make to a copy of raw/figures/education.csv. */
const ORIGINAL = '近19.26亿元,total over the period';
const CORRECTED = '近19.26亿元,checked: total over the period';
const BROKEN = '近19.26亿圆,checked: total over the period'; // 圆 is not a measure word of `CNY`
const FIXED = '近19.26亿元,checked twice: total over the period';
/** The raw/ these tests change: the small good fixture, so what they test is the scheduler, not the article. */
const GOOD = path.join(FIXTURES, 'good-raw');
/** The 1-based line of `text` that holds `needle`, as errors name it. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

beforeAll(expectCliBuilt);

interface Running {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  exited: Promise<CliExit>;
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const { child, err, exited } = spawnCli(args, env);
  return { child, stderr: err, exited };
}

/** Poll `probe` until it returns something other than undefined/false. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The log's records so far (a line still being written is left for the next read). */
async function records(log: string): Promise<RunRecord[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as RunRecord);
}

/** Runs (not skipped ticks) that started at or after `since` and before `record`. */
const runsBetween = (all: RunRecord[], since: number, record: RunRecord) =>
  all.filter((r) => r.outcome !== 'busy' && Date.parse(r.start) >= since && r.start < record.start).length;

/** Edit a file the way an editor or `git pull` does: a whole new file renamed into place. */
async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(`${file}.tmp`, text.replace(from, to));
  await rename(`${file}.tmp`, file);
}

/** A copy of raw/ and a dist/ holding release 1.0.0 of it, in a fresh temporary folder. */
async function published() {
  const raw = await copyRaw(GOOD);
  const dir = await tempDir('schedule-');
  const dist = path.join(dir, 'dist');
  const r = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  return { raw, dist, log: path.join(dir, 'schedule.log'), education: path.join(raw, 'figures', 'education.csv') };
}

/** The staging folders in dist/ (a publish in progress, or one left behind). */
const stagings = async (dist: string) => (await readdir(dist)).filter((n) => n.startsWith('.staging'));

async function expectVerified(dist: string) {
  const v = await cli('verify', '--dist', dist);
  expect(v.code, v.err).toBe(0);
  expect(await stagings(dist)).toEqual([]);
  expect(existsSync(lockPathFor(dist))).toBe(false);
}

describe('schedule with a cron of every second', () => {
  test('a change to raw/ is published within two ticks; a broken raw/ is logged as invalid and the schedule keeps ticking; the fix publishes on the next tick', async () => {
    const { raw, dist, log, education } = await published();
    const s = start(['schedule', '--cron', EVERY_SECOND, '--raw', raw, '--dist', dist, '--log', log, '--untraced']);
    try {
      const [first] = await waitFor('the first tick', async () => {
        const all = await records(log);
        return all.length > 0 && all;
      });
      expect(first).toMatchObject({ outcome: 'up-to-date', version: '1.0.0', errors: 0, trigger: 'schedule' });
      expect(Object.keys(first!).slice(0, 6)).toEqual(['start', 'end', 'outcome', 'version', 'errors', 'duration_ms']);

      await replaceIn(education, ORIGINAL, CORRECTED);
      const changed = Date.now();
      const release = await waitFor('the correction to be published', async () =>
        (await records(log)).find((r) => r.outcome === 'published'),
      );
      expect(release).toMatchObject({ version: '1.0.1', errors: 0, message: expect.stringMatching(/^patch: /) });
      expect(runsBetween(await records(log), changed, release)).toBeLessThanOrEqual(1);

      const before = await snapshot(dist);
      await replaceIn(education, CORRECTED, BROKEN);
      const brokenLine = lineOf(await readFile(education, 'utf8'), BROKEN);
      const broken = Date.now();
      const invalid = await waitFor('three invalid runs in a row', async () => {
        const after = (await records(log)).filter((r) => Date.parse(r.start) >= broken && r.outcome !== 'busy');
        return after.length >= 3 && after;
      });
      for (const r of invalid.slice(0, 3)) {
        expect(r).toMatchObject({ outcome: 'invalid', version: '1.0.1', errors: 1 });
        expect(r.message).toMatch(new RegExp(`education\\.csv:${brokenLine}:value_text: unknown measure word "圆"`));
      }
      expect(await snapshot(dist)).toEqual(before);

      await replaceIn(education, BROKEN, FIXED);
      const fixed = Date.now();
      const republished = await waitFor('the fix to be published', async () =>
        (await records(log)).find((r) => r.outcome === 'published' && r.version === '1.0.2'),
      );
      expect(runsBetween(await records(log), fixed, republished)).toBe(0);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exited, s.stderr()).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/SIGTERM: schedule stopped/);
    await expectVerified(dist);
  }, 240_000);

  test('SIGTERM during a run: the run finishes, the process exits 0 and dist/ is whole; ticks during the run are skipped and logged', async () => {
    const { raw, dist, log, education } = await published();
    await replaceIn(education, ORIGINAL, CORRECTED);
    // the gate holds the publish between staging and its commit point until the test opens it
    const g = await gate();
    const s = start(
      ['schedule', '--cron', EVERY_SECOND, '--raw', raw, '--dist', dist, '--log', log, '--untraced'],
      g.env,
    );
    let signalled = 0;
    try {
      await waitFor('the run to be writing', async () => (await stagings(dist)).length > 0);
      const skipped = await waitFor('a tick to be skipped', async () =>
        (await records(log)).find((r) => r.outcome === 'busy'),
      );
      expect(skipped).toMatchObject({ version: '1.0.0', errors: 0, duration_ms: 0, trigger: 'schedule' });
      expect(skipped.message).toMatch(/^tick skipped: the run started at \S+ is still going$/);
      expect(await stagings(dist)).toHaveLength(1); // still in the middle of the write
      expect(await records(log).then((all) => all.filter((r) => r.outcome !== 'busy'))).toEqual([]);
      signalled = Date.now();
      s.child.kill('SIGTERM');
      await waitFor('the stop to be said', () => /SIGTERM: schedule stopped; waiting for the run/.test(s.stderr()));
      expect(s.child.exitCode).toBeNull(); // the run is still held, and the process waits for it
    } finally {
      if (!signalled) s.child.kill('SIGTERM');
      await g.open();
    }
    expect(await s.exited, s.stderr()).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/SIGTERM: schedule stopped; waiting for the run in progress to finish/);
    const runs = (await records(log)).filter((r) => r.outcome !== 'busy');
    expect(runs).toMatchObject([{ outcome: 'published', version: '1.0.1' }]);
    expect(Date.parse(runs[0]!.end)).toBeGreaterThanOrEqual(signalled);
    await expectVerified(dist);
    expect(await snapshot(path.join(dist, 'latest'))).toEqual(await snapshot(path.join(dist, '1.0.1')));
  }, 240_000);

  test('SIGHUP (a closed terminal) during a run: treated like SIGTERM, said on stderr; the run finishes, exit 0', async () => {
    // it used to kill the process with no word, leaving the lock and a staging folder behind
    const { raw, dist, log, education } = await published();
    await replaceIn(education, ORIGINAL, CORRECTED);
    const g = await gate();
    const s = start(
      ['schedule', '--cron', EVERY_SECOND, '--raw', raw, '--dist', dist, '--log', log, '--untraced'],
      g.env,
    );
    try {
      await waitFor('the run to be writing', async () => (await stagings(dist)).length > 0);
    } finally {
      s.child.kill('SIGHUP');
    }
    try {
      await waitFor('the stop to be said', () => /SIGHUP: schedule stopped; waiting for the run/.test(s.stderr()));
      expect(s.child.exitCode).toBeNull(); // the run is still held, and the process waits for it
    } finally {
      await g.open();
    }
    expect(await s.exited, s.stderr()).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/SIGHUP: schedule stopped; waiting for the run in progress to finish/);
    expect((await records(log)).filter((r) => r.outcome !== 'busy')).toMatchObject([
      { outcome: 'published', version: '1.0.1' },
    ]);
    await expectVerified(dist);
  }, 240_000);

  test('a run that fails (dist/ cannot be written) is logged as error and the schedule goes on', async () => {
    const raw = await copyRaw(GOOD);
    const dir = await tempDir('schedule-');
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const dist = path.join(dir, 'not-a-folder', 'dist');
    const log = path.join(dir, 'schedule.log');
    const s = start(['schedule', '--cron', EVERY_SECOND, '--raw', raw, '--dist', dist, '--log', log, '--untraced']);
    try {
      const errors = await waitFor('two failed runs', async () => {
        const all = await records(log);
        return all.length >= 2 && all;
      });
      for (const r of errors.slice(0, 2)) {
        expect(r).toMatchObject({ outcome: 'error', version: null, errors: 1 });
        // a file where dist/'s folder should be: one line naming it, no stack
        expect(r.message).toMatch(/not-a-folder\S*: .*\((ENOTDIR|EEXIST), \w+\)$/);
      }
    } finally {
      s.child.kill('SIGINT');
    }
    expect(await s.exited, s.stderr()).toEqual({ code: 0, signal: null });
  }, 240_000);
});

describe('schedule --once', () => {
  test('runs one regeneration, writes one JSON line and exits with its status', async () => {
    const raw = await copyRaw(GOOD);
    const dist = path.join(await tempDir('once-'), 'dist');
    const args = ['schedule', '--once', '--raw', raw, '--dist', dist, '--untraced'];

    const first = await cli(...args);
    expect(first.code, first.err).toBe(0);
    expect(first.out.split('\n')).toHaveLength(1);
    expect(JSON.parse(first.out)).toMatchObject({
      outcome: 'published',
      version: '1.0.0',
      errors: 0,
      trigger: 'once',
      message: 'initial: First release.',
    });

    const again = await cli(...args);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ outcome: 'up-to-date', version: '1.0.0' });

    await replaceIn(path.join(raw, 'figures', 'education.csv'), ORIGINAL, BROKEN);
    const before = await snapshot(dist);
    const bad = await cli(...args);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ outcome: 'invalid', version: '1.0.0', errors: 1 });
    expect(bad.err).toMatch(/unknown measure word "圆"/);
    expect(await snapshot(dist)).toEqual(before);
  });

  test('a MAJOR release (a figures file emptied) is refused: exit 1, logged as `refused`, the published data kept', async () => {
    const { raw, dist, log } = await published();
    const health = path.join(raw, 'figures', 'health.csv');
    await writeFile(health, (await readFile(health, 'utf8')).split('\n')[0] + '\n');
    const before = await snapshot(dist);
    const r = await cli('schedule', '--once', '--raw', raw, '--dist', dist, '--log', log);
    expect(r.code).toBe(1);
    const [record] = await records(log);
    expect(record).toMatchObject({ outcome: 'refused', version: '1.0.0', errors: 0 });
    expect(record!.message).toMatch(
      /^2\.0\.0 would be a MAJOR release against 1\.0\.0: \d+ rows removed from observations, .*run publish with --allow-major$/,
    );
    expect(r.err).toContain('refused: 2.0.0 would be a MAJOR release');
    expect(await snapshot(dist)).toEqual(before);
  });

  test('exits 3 and logs `busy` naming the holder while another process holds the lock', async () => {
    const raw = await copyRaw(GOOD);
    const dir = await tempDir('once-');
    const dist = path.join(dir, 'dist');
    const log = path.join(dir, 'runs.log');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)']);
    try {
      const info = { pid: holder.pid, host: hostname(), started: new Date().toISOString(), command: 'publish' };
      await writeFile(lockPathFor(dist), JSON.stringify(info) + '\n');
      const r = await cli('schedule', '--once', '--raw', raw, '--dist', dist, '--log', log, '--untraced');
      expect(r.code).toBe(3);
      expect(r.out).toBe(''); // the line went to --log
      const [record] = await records(log);
      expect(record).toMatchObject({ outcome: 'busy', version: null, errors: 0 });
      expect(record!.message).toMatch(new RegExp(`another run holds .*dist\\.lock: process ${holder.pid} `));
    } finally {
      holder.kill();
    }
  });

  test('a bad cron expression or time zone is a usage error (exit 2) at start; a log file it cannot write, exit 4', async () => {
    // temporary folders, so that nothing could touch the repository's raw/ and dist/ if a check were missed
    const dir = await tempDir('usage-');
    const at = ['--raw', path.join(dir, 'raw'), '--dist', path.join(dir, 'dist')];
    const bad = await cli('schedule', ...at, '--cron', '61 * * * *');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--cron "61 \* \* \* \*" is not a cron expression/);
    expect((await cli('schedule', ...at, '--cron', 'every night')).code).toBe(2);
    expect((await cli('schedule', ...at, '--once', '--timezone', 'Asia/Chongqing-ish')).code).toBe(2);
    const log = await cli('schedule', ...at, '--once', '--log', path.join(dir, 'no', 'such', 'x.log'));
    expect(log.code).toBe(4);
    expect(log.err).toMatch(/x\.log: cannot write the --log file \(ENOENT\)/);
    expect((await cli('schedule', ...at, '--once', '--wait', 'soon')).code).toBe(2);

    const saved = process.env.PIPELINE_CRON;
    process.env.PIPELINE_CRON = '0 3 * *';
    try {
      const env = await cli('schedule', ...at, '--once');
      expect(env.code).toBe(2);
      expect(env.err).toMatch(/PIPELINE_CRON "0 3 \* \*" is not a cron expression \(expected 5 or 6 fields/);
    } finally {
      if (saved === undefined) delete process.env.PIPELINE_CRON;
      else process.env.PIPELINE_CRON = saved;
    }
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('schedule, the pure parts', () => {
  test('options: 03:00 daily in Asia/Shanghai by default; PIPELINE_CRON, then --cron, override it', async () => {
    expect(await scheduleOptions({}, {})).toEqual({
      raw: 'raw',
      dist: 'dist',
      cron: '0 3 * * *',
      timezone: 'Asia/Shanghai',
      once: false,
      log: undefined,
      waitSeconds: 0,
      texts: undefined,
      untraced: false,
    });
    expect([DEFAULT_CRON, DEFAULT_TIMEZONE]).toEqual(['0 3 * * *', 'Asia/Shanghai']);
    expect((await scheduleOptions({}, { PIPELINE_CRON: '*/5 * * * *' })).cron).toBe('*/5 * * * *');
    expect((await scheduleOptions({}, { PIPELINE_CRON: '' })).cron).toBe(DEFAULT_CRON);
    expect((await scheduleOptions({ cron: '0 4 * * *' }, { PIPELINE_CRON: '*/5 * * * *' })).cron).toBe('0 4 * * *');
    expect(await scheduleOptions({ timezone: 'UTC', wait: '30', once: true }, {})).toMatchObject({
      timezone: 'UTC',
      waitSeconds: 30,
      once: true,
    });
    await expect(scheduleOptions({ wait: 'soon' }, {})).rejects.toThrow(/--wait must be a number/);
  });

  test('the log record of each outcome, and the exit status of --once', () => {
    const start = new Date('2025-11-29T03:00:00.004Z');
    const end = new Date('2025-11-29T03:00:01.250Z');
    const problem = (severity: 'error' | 'warning', message: string): Problem => ({
      code: 'VALUE_NO_NUMBER',
      params: {},
      title: 'X',
      severity,
      message,
      file: 'raw/figures/education.csv',
      line: 2,
      column: 'value_text',
    });
    const invalid = toRecord(
      { outcome: 'invalid', problems: [problem('error', 'a'), problem('warning', 'b'), problem('error', 'c')] },
      '1.0.1',
      start,
      end,
      'schedule',
      new Date('2025-11-29T03:00:00Z'),
    );
    expect(invalid).toEqual({
      start: '2025-11-29T03:00:00.004Z',
      end: '2025-11-29T03:00:01.250Z',
      outcome: 'invalid',
      version: '1.0.1',
      errors: 2,
      duration_ms: 1246,
      warnings: 1,
      trigger: 'schedule',
      tick: '2025-11-29T03:00:00.000Z',
      message: 'raw/figures/education.csv:2:value_text: a (and 1 more)',
    });
    expect(toRecord({ outcome: 'error', message: 'EIO: i/o error' }, null, start, end, 'once')).toMatchObject({
      outcome: 'error',
      errors: 1,
      version: null,
      message: 'EIO: i/o error',
    });
    expect(skippedRecord(start, end, start, '1.0.0')).toMatchObject({
      outcome: 'busy',
      version: '1.0.0',
      duration_ms: 0,
      message: 'tick skipped: the run started at 2025-11-29T03:00:00.004Z is still going',
    });
    expect(
      ['published', 'up-to-date', 'invalid', 'refused', 'busy', 'error'].map((o) => exitCodeOf(o as never)),
    ).toEqual([0, 0, 1, 1, 3, 1]);
    expect([exitCodeOf('error', 4), exitCodeOf('error', 5)]).toEqual([4, 5]);
  });
});
