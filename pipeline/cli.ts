#!/usr/bin/env node
/**
 * The command line of DESIGN.md. Exit status: 0 ok, 1 invalid data or failed check, 2 usage error,
 * 3 another run holds the lock.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import v8 from 'node:v8';
import { buildFromRaw, errorsIn } from './build.js';
import { LockError, ProblemsError, UsageError, formatGithub, formatProblem, type Problem } from './errors.js';
import { loadRawTables } from './extract.js';
import { withLock } from './lock.js';
import { compareContent, highestBump } from './release/compare.js';
import { renderChanges, summaryLine } from './release/changes.js';
import { publish } from './release/publish.js';
import { loadReleaseContent, releaseDir, VERSION_PATTERN } from './release/store.js';
import { verifyDist } from './release/verify.js';
import { traceFigures } from './trace.js';
import { validateRaw } from './validate.js';

export const EXIT = { ok: 0, invalid: 1, usage: 2, locked: 3 } as const;

const USAGE = `usage: npm run cli -- <command> [options]

  validate  [--raw DIR] [--format text|json|github]   check raw/ against schemas and rules; publish nothing
  publish   [--raw DIR] [--dist DIR] [--wait SECONDS]  validate, normalize, check, and release if anything changed
  verify    [--dist DIR]                               every release against its checksums and schemas
  diff      A B [--dist DIR] [--format text|json]      what changed between two releases
  trace     --source FILE [--raw DIR]                  every figure's value_text found in its paragraph
  schedule  [--cron EXPR] [--timezone TZ] [--once] [--log FILE] [--wait SECONDS] [--raw DIR] [--dist DIR]
  serve     [--dist DIR] [--port N]                    serve dist/ and its catalog on localhost
`;

type Format = 'text' | 'json' | 'github';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

function report(problems: Problem[], format: Format, io: Io, extra: Record<string, unknown> = {}): void {
  const errors = errorsIn(problems).length;
  if (format === 'json') {
    io.out(
      JSON.stringify({ ok: errors === 0, errors, warnings: problems.length - errors, ...extra, problems }, null, 2),
    );
  } else if (format === 'github') {
    for (const p of problems) io.out(formatGithub(p));
  } else {
    for (const p of problems) io.err(formatProblem(p));
  }
}

const OPTIONS = {
  raw: { type: 'string', default: 'raw' },
  dist: { type: 'string', default: 'dist' },
  format: { type: 'string', default: 'text' },
  source: { type: 'string' },
  wait: { type: 'string' },
  cron: { type: 'string' },
  timezone: { type: 'string' },
  once: { type: 'boolean', default: false },
  log: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

type Values = {
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K] extends { type: 'boolean' } ? boolean : string | undefined;
};

function formatOf(values: Values, allowed: Format[]): Format {
  const f = values.format as Format;
  if (!allowed.includes(f))
    throw new UsageError('USAGE_FORMAT', `--format must be one of ${allowed.join(', ')}, not "${f}"`);
  return f;
}

function seconds(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError('USAGE_NUMBER', `${name} must be a number of seconds, not "${value}"`);
  return Number(value);
}

async function cmdValidate(values: Values, io: Io): Promise<number> {
  const format = formatOf(values, ['text', 'json', 'github']);
  const { tables, problems } = await buildFromRaw(values.raw!);
  const counts = tables ? { observations: tables.observations.length, indicators: tables.indicators.length } : {};
  report(problems, format, io, counts);
  const errors = errorsIn(problems).length;
  if (format === 'text')
    io.err(
      errors
        ? `${values.raw}: ${errors} error${errors === 1 ? '' : 's'}; nothing was published`
        : `${values.raw}: valid (${tables!.observations.length} observations, ${tables!.indicators.length} indicators)`,
    );
  return errors ? EXIT.invalid : EXIT.ok;
}

export async function runPublish(rawDir: string, distDir: string, io: Io, waitSeconds = 0) {
  return withLock(distDir, { command: 'publish', waitSeconds, onWarning: (m) => io.err(`warning: ${m}`) }, () =>
    publish({ rawDir, distDir }),
  );
}

async function cmdPublish(values: Values, io: Io): Promise<number> {
  const result = await runPublish(values.raw!, values.dist!, io, seconds(values.wait, '--wait'));
  for (const w of result.warnings) io.err(formatProblem(w));
  if (result.recovered) io.err(`note: ${result.recovered}`);
  if (result.outcome === 'up-to-date') io.out(`up to date at ${result.version}; nothing written`);
  else io.out(`published ${result.version} (${result.entry.bump}): ${result.entry.summary}`);
  return EXIT.ok;
}

async function cmdVerify(values: Values, io: Io): Promise<number> {
  const { problems, checked } = await verifyDist(values.dist!);
  report(problems, formatOf(values, ['text', 'json', 'github']), io, { checked });
  if (values.format === 'text')
    io.err(
      errorsIn(problems).length
        ? `${values.dist}: ${errorsIn(problems).length} error(s)`
        : `${values.dist}: ${checked.length} release folder(s) verified: ${checked.join(', ')}`,
    );
  return errorsIn(problems).length ? EXIT.invalid : EXIT.ok;
}

async function cmdDiff(values: Values, positionals: string[], io: Io): Promise<number> {
  const format = formatOf(values, ['text', 'json']);
  const [a, b] = positionals;
  if (!a || !b || positionals.length !== 2) throw new UsageError('USAGE_DIFF', 'diff needs two versions: diff A B');
  for (const v of [a, b])
    if (!VERSION_PATTERN.test(v))
      throw new UsageError('USAGE_VERSION', `"${v}" is not a version (MAJOR.MINOR.PATCH, e.g. 1.0.0)`);
  const before = await loadReleaseContent(releaseDir(values.dist!, a)).catch((e: Error) => {
    throw new UsageError('USAGE_NO_RELEASE', `cannot read release ${a}: ${e.message}`);
  });
  const after = await loadReleaseContent(releaseDir(values.dist!, b)).catch((e: Error) => {
    throw new UsageError('USAGE_NO_RELEASE', `cannot read release ${b}: ${e.message}`);
  });
  const changes = compareContent(before, after);
  const bump = highestBump(changes) ?? null;
  if (format === 'json')
    io.out(
      JSON.stringify({ from: a, to: b, bump, summary: summaryLine(bump ?? undefined, changes, a), changes }, null, 2),
    );
  else io.out(`${a} -> ${b}: ${summaryLine(bump ?? undefined, changes, a)}${renderChanges(changes)}`);
  return EXIT.ok;
}

async function cmdTrace(values: Values, io: Io): Promise<number> {
  if (!values.source) throw new UsageError('USAGE_TRACE', 'trace needs --source FILE');
  const bytes = await readFile(values.source).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError('USAGE_SOURCE', `cannot read ${values.source}: ${e.code}`);
  });
  const loaded = await loadRawTables(values.raw!);
  const { data, problems } = validateRaw(loaded.tables);
  const all = [...loaded.problems, ...problems];
  const traced = traceFigures(bytes, values.source, data);
  all.push(...traced.problems);
  report(all, formatOf(values, ['text', 'json', 'github']), io, { checked: traced.checked });
  const errors = errorsIn(all).length;
  if (values.format === 'text')
    io.err(
      errors
        ? `trace: ${errors} problem(s)`
        : `trace: all ${traced.checked} figures of ${traced.sourceId} found in their paragraphs of ${values.source}`,
    );
  return errors ? EXIT.invalid : EXIT.ok;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const values = parsed.values as Values;
  const [command, ...rest] = parsed.positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    if (command !== 'diff' && rest.length) throw new UsageError('USAGE_ARGS', `unexpected argument "${rest[0]}"`);
    switch (command) {
      case 'validate':
        return await cmdValidate(values, io);
      case 'publish':
        return await cmdPublish(values, io);
      case 'verify':
        return await cmdVerify(values, io);
      case 'diff':
        return await cmdDiff(values, rest, io);
      case 'trace':
        return await cmdTrace(values, io);
      case 'schedule':
        return await (await import('./schedule.js')).cmdSchedule(values, io);
      case 'serve':
        return await (await import('./serve.js')).cmdServe(values, io);
      default:
        throw new UsageError('USAGE_COMMAND', `unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (err instanceof LockError) {
      io.err(`error: ${err.message}`);
      return EXIT.locked;
    }
    if (err instanceof ProblemsError) {
      const format = (['text', 'json', 'github'] as Format[]).includes(values.format as Format)
        ? (values.format as Format)
        : 'text';
      report(err.problems, format, io);
      io.err(`${errorsIn(err.problems).length} error(s); nothing was published and ${values.dist} is unchanged`);
      return EXIT.invalid;
    }
    io.err(`error: ${(err as Error).stack ?? err}`);
    return EXIT.invalid;
  }
}

const invokedDirectly =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
/**
 * Collect garbage before the heap grows past twice what was alive at the last full collection, instead of
 * V8's default of up to 4 times. Each stage of a build makes several times as much short-lived garbage as it
 * keeps, and with the default the old space filled with it: at 100 000 figures the process peaked at about
 * 560 MB with under 140 MB alive; with this, at about 430 MB, and 2 to 3% slower (README, Performance). V8 reads
 * this flag whenever it sizes the heap after a collection, so setting it at start-up takes effect.
 */
export const HEAP_GROWING_PERCENT = 100;

if (invokedDirectly) {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
