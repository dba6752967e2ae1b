/**
 * Where a long run is, on a terminal: one line on stderr, rewritten in place (`publish: writing observations.csv,
 * 412 000 of 978 065 rows`), as npm and cargo do. It says nothing in a log, a pipe or CI, where a line rewritten
 * with carriage returns is noise: only when stderr is a terminal, CI is not set, TERM is not `dumb` and the
 * report format is text (json and github reports are read by programs). Nothing shows before the run has taken
 * DELAY_MS, so a quick run prints exactly what it printed before; the line is erased when the run ends, and
 * before anything else is written to stderr.
 *
 * The stages call `stage` when they begin and `tick` as rows go by; both are cheap enough for every row (the
 * clock is read once every TICK_EVERY calls). There is no timer: a stage that stops calling `tick` leaves the
 * line as it was, which is what it says.
 */
import { fstatSync } from 'node:fs';
import { processIo, type Io } from './io.js';

const characterDevice = (fd: number) => {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
};

/** The part of a stream the reporter uses (process.stderr, or a fake in a test). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** A new stage: what is being done, and how many rows it has to go through, if known. */
  stage(what: string, total?: number): void;
  /** Rows done so far in the current stage. */
  tick(done: number): void;
  /** Erase the line (the run ended, or something else is about to be written to stderr). */
  clear(): void;
}

/** A reporter that says nothing: the default of every stage. */
export const SILENT: Progress = { stage: () => undefined, tick: () => undefined, clear: () => undefined };

/** Nothing is shown before the run has taken this long. */
export const DELAY_MS = 2000;
/** The line is rewritten at most this often. */
const REDRAW_MS = 100;
/** The clock is read once every this many ticks. */
const TICK_EVERY = 256;

export interface ProgressOptions {
  stream: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** The report format of the command (text, json, github): only text shows progress. */
  format: string;
  /** The command, as the line begins with it. */
  command: string;
  /** Milliseconds on a monotonic clock (injected by tests). */
  now?: () => number;
}

/** Whether a run should show where it is (see the module comment). */
export function showsProgress(stream: ProgressStream, env: NodeJS.ProcessEnv, format: string): boolean {
  return stream.isTTY === true && !env.CI && env.TERM !== 'dumb' && format === 'text';
}

/** `412 000`: digits in groups of three, as the line shows counts. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** The reporter for a command: a line on a terminal, or SILENT (see the module comment). */
export function progressReporter(options: ProgressOptions): Progress {
  const { stream, env, format, command } = options;
  if (!showsProgress(stream, env, format)) return SILENT;
  const now = options.now ?? (() => performance.now());
  const start = now();
  let what = '';
  let total: number | undefined;
  let done = 0;
  let calls = 0;
  let drawn = 0; // the time the line was last drawn; 0 before it ever was
  let shown = false;

  const draw = (t: number) => {
    if (t - start < DELAY_MS || (drawn !== 0 && t - drawn < REDRAW_MS)) return;
    drawn = t;
    const count =
      total === undefined
        ? done > 0
          ? `, ${grouped(done)} rows`
          : ''
        : `, ${grouped(done)} of ${grouped(total)} rows`;
    const line = `${command}: ${what}${count}`;
    const width = Math.max(20, (stream.columns || 80) - 1); // 0 where the terminal does not say
    // \r to the start of the line, the text cut to the terminal's width, \x1b[K erases what a longer line left
    stream.write(`\r${line.length > width ? line.slice(0, width - 1) + '…' : line}\x1b[K`);
    shown = true;
  };

  return {
    stage(next, rows) {
      what = next;
      total = rows;
      done = 0;
      drawn = 0; // a new stage is shown at once
      draw(now());
    },
    tick(rows) {
      done = rows;
      if (++calls % TICK_EVERY === 0) draw(now());
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

/**
 * The reporter of a command run from the command line, and the Io it should write through: one that erases the
 * line before anything else goes to stdout or stderr. A command given another Io (a test, the scheduler) gets
 * SILENT and its own Io back.
 */
export function commandProgress(io: Io, command: string, format: string | undefined): { progress: Progress; io: Io } {
  // a pipe or a file is no terminal: silent, without making process.stderr (a socket and its streams for a pipe);
  // node:tty's isatty would load them too, so a character device (a terminal, or /dev/null) is asked on
  if (io !== processIo || !characterDevice(2)) return { progress: SILENT, io };
  const progress = progressReporter({ stream: process.stderr, env: process.env, format: format ?? 'text', command });
  if (progress === SILENT) return { progress, io };
  const clearing: Io = {
    out: (line) => (progress.clear(), io.out(line)),
    err: (line) => (progress.clear(), io.err(line)),
  };
  return { progress, io: clearing };
}
