/**
 * schedule: regenerate dist/ from raw/ unattended, on a node-cron schedule (or once, with --once, for
 * system cron, systemd timers and CI).
 *
 * Every run takes the lock beside dist/ (lock.ts), so it never overlaps a `publish` from a curator or CI;
 * a run that finds the lock held is logged as `busy`. Inside the scheduler a tick that comes while a run
 * is still going is skipped (node-cron `noOverlap`) and logged as `busy` too. A run never throws: bad raw
 * data is `invalid`; a MAJOR release (observations removed, a field changed incompatibly) is `refused`,
 * because the scheduler never passes `--allow-major`: the published data stays until a curator publishes
 * it by hand; anything else is `error`, with a one-line message (a full disk, a permission: never a stack).
 * The next tick tries again. Each run, and each skipped tick, writes one JSON line to the log (stdout, or
 * appended to --log FILE); notes for people go to stderr.
 *
 * SIGTERM, SIGINT and SIGHUP stop the schedule and let a run in progress finish, then the process exits 0;
 * each is logged on stderr. SIGHUP is treated like SIGTERM (not ignored) because it is what a closed
 * terminal or a lost SSH session sends: the process is going away, so it stops cleanly instead of being
 * killed halfway with its lock and staging folder left behind. A second signal abandons the run (the lock is
 * removed; the next run finishes or discards the staging folder, see release/store.ts recover()).
 *
 * It takes checked options (the command line parses them: cli/commands/schedule.ts), writes through an Io and
 * returns an exit status (core/io.ts); the log record and the exit status are pure functions.
 */
import { appendFile } from 'node:fs/promises';
import cron, { type Logger, type TaskContext } from 'node-cron';
import { errorsIn, fail, formatProblem, type Problem } from '../core/errors.js';
import { classify } from '../core/outcome.js';
import { writeErrorDetails } from '../core/details.js';
import { EXIT, type ExitCode, type Io } from '../core/io.js';
import { releaseHeldLocksSync } from '../release/lock.js';
import type { PublishOutcome } from '../release/publish.js';
import { readReleases } from '../release/store.js';
import { publishFromRaw } from '../run.js';

/** 03:00 every day (in --timezone). */
export const DEFAULT_CRON = '0 3 * * *';
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export type Outcome = 'published' | 'up-to-date' | 'invalid' | 'refused' | 'busy' | 'error';
export type Trigger = 'once' | 'schedule';

/** One line of the log. */
export interface RunRecord {
  start: string;
  end: string;
  outcome: Outcome;
  /** The version dist/ holds after the run (the new one when published); null if nothing is published. */
  version: string | null;
  errors: number;
  duration_ms: number;
  warnings: number;
  trigger: Trigger;
  /** The time the tick was scheduled for (schedule only). */
  tick?: string;
  /**
   * published: bump and summary; up-to-date: what was recovered or repaired; invalid: the first error;
   * refused: why the release would be MAJOR; busy: who holds the lock; error: what failed.
   */
  message?: string;
}

export interface ScheduleOptions {
  raw: string;
  dist: string;
  cron: string;
  timezone: string;
  once: boolean;
  log: string | undefined;
  /** How long a run waits for a lock held by another process before it is `busy`. */
  waitSeconds: number;
  /** The source texts to trace each run against (publish --texts). */
  texts: string | undefined;
  /** Release even where a text is missing (publish --untraced). */
  untraced: boolean;
  /**
   * Called on a second stop signal, while a run is in progress: the run is abandoned at once (the lock is
   * removed first; the next run finishes or discards its staging folder). The command line exits the process.
   */
  abandon: (status: ExitCode) => void;
}

/** Whether `expression` is a cron expression node-cron runs; the reason where it is not. */
export function cronProblem(expression: string): string | undefined {
  if (cron.validate(expression)) return undefined;
  return cron
    .validateDetailed(expression)
    .errors.map((e) => e.message)
    .join('; ');
}

/** What a run came to, before it is timed and logged. */
export type RunResult =
  | { outcome: 'published' | 'up-to-date'; publish: PublishOutcome }
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'refused' | 'busy'; message: string }
  | { outcome: 'error'; message: string; status?: ExitCode };

/**
 * The exit status of `schedule --once`: 0 published or up to date, 1 invalid or refused, 3 busy; an error
 * has the status the same failure has on the command line (`status`: 1 a damaged dist/, 4 the machine
 * refused, 5 a bug), 1 when not given.
 */
export function exitCodeOf(outcome: Outcome, status?: ExitCode): number {
  if (outcome === 'published' || outcome === 'up-to-date') return EXIT.ok;
  if (outcome === 'busy') return EXIT.locked;
  return outcome === 'error' ? (status ?? EXIT.invalid) : EXIT.invalid;
}

function messageOf(run: RunResult): string | undefined {
  switch (run.outcome) {
    case 'published':
      return run.publish.outcome === 'published'
        ? `${run.publish.entry.bump}: ${run.publish.entry.summary}`
        : undefined;
    case 'up-to-date': {
      const repaired = run.publish.outcome === 'up-to-date' ? run.publish.repaired : undefined;
      const parts = [run.publish.recovered, repaired && `repaired: ${repaired.join(', ')}`].filter(Boolean);
      return parts.length ? parts.join('; ') : undefined;
    }
    case 'invalid': {
      const errors = errorsIn(run.problems);
      const first = errors[0] ?? run.problems[0];
      if (!first) return undefined;
      return formatProblem(first) + (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '');
    }
    default:
      return run.message;
  }
}

/** The log line of a run. `version` is what dist/ holds after it. */
export function toRecord(
  run: RunResult,
  version: string | null,
  start: Date,
  end: Date,
  trigger: Trigger,
  tick?: Date,
): RunRecord {
  const errors = run.outcome === 'invalid' ? errorsIn(run.problems).length : run.outcome === 'error' ? 1 : 0;
  const warnings =
    run.outcome === 'invalid' ? run.problems.length - errors : 'publish' in run ? run.publish.warnings.length : 0;
  const message = messageOf(run);
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    outcome: run.outcome,
    version,
    errors,
    duration_ms: end.getTime() - start.getTime(),
    warnings,
    trigger,
    ...(tick ? { tick: tick.toISOString() } : {}),
    ...(message ? { message } : {}),
  };
}

/** The log line of a tick skipped because the run started at `since` is still going. */
export function skippedRecord(tick: Date, now: Date, since: Date | undefined, version: string | null): RunRecord {
  return toRecord(
    {
      outcome: 'busy',
      message: `tick skipped: the run started at ${since?.toISOString() ?? 'the previous tick'} is still going`,
    },
    version,
    now,
    now,
    'schedule',
    tick,
  );
}

/** One regeneration under the lock (run.ts publishFromRaw); never throws. */
export async function regenerate(
  options: Pick<ScheduleOptions, 'raw' | 'dist' | 'waitSeconds' | 'texts' | 'untraced'>,
  command: string,
  onWarning: (message: string) => void,
  onRecovered?: (message: string) => void,
): Promise<RunResult> {
  try {
    const result = await publishFromRaw({
      rawDir: options.raw,
      distDir: options.dist,
      waitSeconds: options.waitSeconds,
      textsDir: options.texts,
      allowUntraced: options.untraced,
      command,
      onWarning,
      ...(onRecovered ? { onRecovered } : {}),
    });
    return { outcome: result.outcome, publish: result };
  } catch (err) {
    return failedRun(err);
  }
}

/** What a run that threw comes to (core/outcome.ts classifies it as the command line does): one line, never a stack. */
export function failedRun(thrown: unknown): RunResult {
  const failure = classify(thrown);
  switch (failure.kind) {
    case 'invalid':
      return { outcome: 'invalid', problems: failure.problems };
    case 'refused': {
      // a MAJOR release waits for a curator; any other refusal (a damaged dist/) is an error of the run
      const first = failure.problems[0]!;
      if (first.code === 'RELEASE_NEEDS_APPROVAL') return { outcome: 'refused', message: first.message };
      const more = failure.problems.length > 1 ? ` (and ${failure.problems.length - 1} more)` : '';
      return { outcome: 'error', message: formatProblem(first) + more, status: failure.status };
    }
    case 'locked':
      return { outcome: 'busy', message: failure.problem.message };
    case 'usage':
    case 'environment':
      return { outcome: 'error', message: formatProblem(failure.problem), status: failure.status };
    case 'internal': {
      const err = failure.error;
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      const details = writeErrorDetails(err, ['schedule']);
      return {
        outcome: 'error',
        message: `internal error: ${message}${details ? ` (details in ${details})` : ''}`,
        status: failure.status,
      };
    }
  }
}

const failedRunMessage = (err: unknown) => {
  const run = failedRun(err);
  return 'message' in run ? run.message : String(err);
};

/** The newest version in dist/, or null (none yet, or releases.json unreadable). */
async function currentVersion(dist: string): Promise<string | null> {
  try {
    return (await readReleases(dist))?.releases.at(-1)?.version ?? null;
  } catch {
    return null;
  }
}

type Log = (record: RunRecord) => Promise<void>;

/** Append one JSON line to `file`, or print it on stdout; a log that cannot be written is said on stderr. */
function logTo(io: Io, file: string | undefined): Log {
  return async (record) => {
    const line = JSON.stringify(record);
    if (!file) return io.out(line);
    try {
      await appendFile(file, line + '\n');
    } catch (err) {
      io.err(`schedule: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? err}): ${line}`);
    }
  };
}

/** A run, its problems on stderr and its line in the log; the record and the exit status of --once. */
async function runAndLog(options: ScheduleOptions, io: Io, log: Log, trigger: Trigger, tick?: Date) {
  const start = new Date();
  const run = await regenerate(
    options,
    trigger === 'once' ? 'schedule --once' : 'schedule',
    (m) => io.err(`warning: ${m}`),
    (m) => io.err(`note: ${m}`),
  );
  const end = new Date();
  if (run.outcome === 'invalid') for (const p of run.problems) io.err(formatProblem(p));
  if (run.outcome === 'refused' || run.outcome === 'error') io.err(`${run.outcome}: ${run.message}`);
  if ('publish' in run) for (const w of run.publish.warnings) io.err(formatProblem(w));
  const version = 'publish' in run ? run.publish.version : await currentVersion(options.dist);
  const record = toRecord(run, version, start, end, trigger, tick);
  await log(record);
  return { record, status: exitCodeOf(run.outcome, run.outcome === 'error' ? run.status : undefined) };
}

/** The signals that stop the scheduler (see the module comment). */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * The first SIGTERM, SIGINT or SIGHUP calls `stop`; a second one abandons the run in progress: the lock is
 * removed and the process exits 1 at once. Returns a function that stops listening.
 */
function onStopSignals(
  io: Io,
  stop: (signal: NodeJS.Signals) => void,
  abandon: ScheduleOptions['abandon'],
): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.err(`schedule: ${signal} again: abandoning the run in progress; the next run finishes or discards it`);
      releaseHeldLocksSync();
      abandon(EXIT.invalid);
      return;
    }
    stopping = true;
    stop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

/** node-cron's own messages, on stderr (its overlap warning is already a `busy` line in the log). */
function cronLogger(io: Io): Logger {
  const say = (m: string | Error) => io.err(`schedule: node-cron: ${m instanceof Error ? m.message : m}`);
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (m) => {
      if (!/overlap/i.test(m)) say(m);
    },
    error: (m) => say(m),
  };
}

async function runOnSchedule(options: ScheduleOptions, io: Io, log: Log): Promise<number> {
  let current: Promise<unknown> | undefined;
  let since: Date | undefined;
  let version = await currentVersion(options.dist);

  const tick = async (ctx: TaskContext) => {
    since = new Date();
    const run = runAndLog(options, io, log, 'schedule', ctx.date);
    current = run;
    try {
      version = (await run).record.version;
    } catch (err) {
      io.err(`schedule: ${failedRunMessage(err)}`); // runAndLog does not throw; this is belt and braces
    } finally {
      current = undefined;
      since = undefined;
    }
  };
  const skip = (ctx: TaskContext) => void log(skippedRecord(ctx.date, new Date(), since, version));

  let task;
  try {
    task = cron.schedule(options.cron, tick, {
      name: 'publish',
      timezone: options.timezone,
      noOverlap: true,
      logger: cronLogger(io),
    });
  } catch (err) {
    fail('USAGE_CRON', { origin: '--cron', expression: options.cron, reason: (err as Error).message });
  }
  task.on('execution:overlap', skip);
  task.on('execution:missed', (ctx) => {
    if (current) skip(ctx);
    else io.err(`schedule: missed the tick of ${ctx.date.toISOString()} (the process was blocked or asleep)`);
  });
  io.err(
    `schedule: publishing ${options.raw} into ${options.dist} on "${options.cron}" (${options.timezone}), ` +
      `pid ${process.pid}; next run at ${task.getNextRun()?.toISOString()}`,
  );

  await new Promise<void>((resolve) => {
    const stopListening = onStopSignals(
      io,
      (signal) => {
        void task.destroy();
        const running = current;
        io.err(
          running
            ? `schedule: ${signal}: schedule stopped; waiting for the run in progress to finish`
            : `schedule: ${signal}: schedule stopped`,
        );
        void (running ?? Promise.resolve()).finally(() => {
          stopListening();
          resolve();
        });
      },
      options.abandon,
    );
  });
  return EXIT.ok;
}

/**
 * Regenerate on the schedule until a stop signal, or once (`options.once`): the exit status. The options are
 * checked by the caller (cli/commands/schedule.ts).
 */
export async function runSchedule(options: ScheduleOptions, io: Io): Promise<number> {
  if (options.log)
    await appendFile(options.log, '').catch((err: NodeJS.ErrnoException) => {
      fail('ENV_IO', { path: options.log!, cause: `cannot write the --log file (${err.code ?? err.message})` });
    });
  const log = logTo(io, options.log);
  if (!options.once) return runOnSchedule(options, io, log);

  const stopListening = onStopSignals(
    io,
    (signal) => io.err(`schedule: ${signal}: finishing the run in progress before exiting`),
    options.abandon,
  );
  try {
    return (await runAndLog(options, io, log, 'once')).status;
  } finally {
    stopListening();
  }
}
