/** Test helpers: temporary folders, a captured CLI, and a snapshot of a folder's bytes. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';
import { PROJECT_ROOT } from '../pipeline/core/paths.js';

export const ROOT = PROJECT_ROOT;
/** What the data checks read: the project's raw/ and source texts, or under `make test-series` a copy of them
 * with three synthetic sources added (global-setup.ts, series.ts). */
const data = inject('data');
export const RAW = data?.raw ?? path.join(ROOT, 'raw');
export const SOURCE_TEXTS = data?.texts ?? path.resolve(ROOT, '..', 'shared', 'source');
export const SOURCE_TEXT = path.join(SOURCE_TEXTS, 'banan-livelihood-2022.txt');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
/** The synthetic reports (tests/fixtures/reports): five sources of four areas, for tests of behaviour on a series. */
export const REPORTS_RAW = path.join(FIXTURES, 'reports', 'raw');
export const REPORTS_TEXTS = path.join(FIXTURES, 'reports', 'texts');
/** 2025-11-29, so release dates in tests are fixed. */
export const EPOCH = '1764374400';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temporary folder, removed after the test file. Never the repository's own dist/. */
export async function tempDir(prefix = 'banan-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of a raw/ folder (the repository's by default) that a test may edit. */
export async function copyRaw(from = RAW): Promise<string> {
  const dir = path.join(await tempDir('raw-'), 'raw');
  await cp(from, dir, { recursive: true });
  return dir;
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Run the CLI in this process with SOURCE_DATE_EPOCH fixed; output captured. */
export async function cli(...args: string[]): Promise<CliResult> {
  return cliWith(args, {});
}

/** `cli` with more environment variables (PIPELINE_FAULT, say) set while it runs. */
export async function cliWith(args: string[], env: Record<string, string>): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const set = { SOURCE_DATE_EPOCH: EPOCH, ...env };
  const before = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
  Object.assign(process.env, set);
  try {
    // loaded on first use, so that a test file that never runs the CLI does not load all of the pipeline
    const { main } = await import('../pipeline/cli/main.js');
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every file under `dir` with its SHA-256: equal snapshots, byte-identical folders. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = async (d: string, prefix: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), rel);
      else
        out[rel] = createHash('sha256')
          .update(await readFile(path.join(d, e.name)))
          .digest('hex');
    }
  };
  await walk(dir, '');
  return out;
}

export async function readJson<T = unknown>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

export const CLI_JS = path.join(ROOT, 'build', 'cli', 'bin.js');

/** Fail clearly when the compiled CLI is missing (`make test` and the vitest global setup build it). */
export function expectCliBuilt(): void {
  if (!existsSync(CLI_JS)) throw new Error(`${CLI_JS} is missing: run \`make build\` first`);
}

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliChild {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  /** Resolves once the process has ended and its output has been read. */
  exited: Promise<CliExit>;
}

/** Start the compiled CLI in a child process with SOURCE_DATE_EPOCH fixed; its output is collected. */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliChild {
  const child = spawn(process.execPath, [CLI_JS, ...args], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<CliExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, out: () => out, err: () => err, exited };
}

export interface Gate {
  /** The environment that makes a child `publish` hold before its commit point (core/faults.ts). */
  env: Record<string, string>;
  /** Let every run held by this gate go on. */
  open: () => Promise<void>;
}

/** A gate for child processes: a publish started with `gate.env` waits before its commit point for `open()`. */
export async function gate(): Promise<Gate> {
  const file = path.join(await tempDir('gate-'), 'open');
  return { env: { PIPELINE_TEST_HOLD: file }, open: () => writeFile(file, '') };
}

/**
 * Resolves with the first of `pids` seen trying `times` times, from now on, to take the lock `lockFile`: each try
 * writes the lock's content to a temporary file `<lock>.<pid>.<n>.tmp` beside it (release/lock.ts), which the
 * watcher sees created. A taker that tries twice found the lock held and is waiting its turn (--wait).
 */
export function lockTries(lockFile: string, pids: readonly number[], times: number): Promise<number> {
  const tries = new Map(pids.map((pid) => [pid, new Set<string>()]));
  const prefix = `${path.basename(lockFile)}.`;
  return new Promise((resolve, reject) => {
    const watcher = watch(path.dirname(lockFile), (_, name) => {
      const pid =
        name?.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : 0;
      const seen = tries.get(pid);
      if (!seen) return;
      seen.add(name!);
      if (seen.size >= times) {
        watcher.close();
        resolve(pid);
      }
    });
    watcher.on('error', reject);
    watcher.unref(); // never what keeps a test process alive
  });
}

/** Edit a file of a raw copy: replace `from` (which must occur) with `to`. */
export async function editFile(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(file, text.replace(from, to));
}

/** The first ```lang block after the marker comment `<!-- analysts:NAME` in README.md. */
export async function readmeSnippet(name: string, lang: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const marker = `<!-- analysts:${name} `;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker.trim()} marker before its ${name} snippet`);
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(at));
  if (!block) throw new Error(`no \`\`\`${lang} block after the ${name} marker in README.md`);
  return block[1]!;
}

export interface ProgressRecord {
  label_en: string;
  target_value: number;
  actual_value: number | null;
  status: string;
}

/**
 * What a printed progress table fails to show: every target needs a line with its label in full, its status,
 * its target value and its actual value (where there is one), in whatever number format the tool prints.
 */
export function progressNotShown(printed: string, progress: readonly ProgressRecord[]): string[] {
  const lines = printed.split('\n');
  const numbers = (line: string) => (line.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi) ?? []).map(Number);
  const shows = (line: string, p: ProgressRecord) =>
    line.includes(p.label_en) &&
    new RegExp(`(^|[^a-z_])${p.status}($|[^a-z_])`).test(line) &&
    numbers(line).includes(p.target_value) &&
    (p.actual_value === null || numbers(line).includes(p.actual_value));
  const missing = progress.filter((p) => !lines.some((line) => shows(line, p))).map((p) => JSON.stringify(p));
  return /\.\.\.|…/.test(printed) ? [...missing, 'output cut with ...'] : missing;
}
