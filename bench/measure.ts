/**
 * Run a command as a whole child process and measure it: wall time (from spawn to exit, in this process)
 * and the child's peak resident set size.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the child's ru_maxrss in KiB, written to a file so
 * the command's own output is untouched). Where GNU time is missing, the child is started with
 * `node --import build/bench/rss-preload.js`, which writes `process.resourceUsage().maxRSS` at exit.
 * Every command of one run (floor included) goes through the same wrapper, so they compare like with like.
 * Wall time includes the wrapper's fork and exec, about a millisecond.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measured {
  seconds: number;
  peakRssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
  /** Killed after the time limit; `seconds` is then the limit. */
  timedOut: boolean;
}

const GNU_TIME = '/usr/bin/time';
const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-preload.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'bench-rss-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function gnuTimeWorks(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const file = path.join(scratch, 'probe');
  const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', file, process.execPath, '-e', ''], { stdio: 'ignore' });
  return r.status === 0 && existsSync(file) && /^\d+\s*$/.test(readFileSync(file, 'utf8').trim().split('\n').at(-1)!);
}

export const RSS_METHOD: 'gnu-time' | 'preload' = gnuTimeWorks() ? 'gnu-time' : 'preload';

let counter = 0;
let running: number | undefined;

// Children run in their own process group (so that a time limit ends GNU time and node together); pass an
// interrupt of the benchmark on to the one that is running.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (running !== undefined) killGroup(running);
    process.exit(130);
  });

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process (and its group) after this many seconds. */
  timeoutSeconds?: number;
}

/** Run `node ...args` as a whole child process and measure it. */
export function runNode(args: string[], options: RunOptions = {}): Promise<Measured> {
  const file = path.join(scratch, `rss-${++counter}`);
  const [command, argv, env] =
    RSS_METHOD === 'gnu-time'
      ? [GNU_TIME, ['-f', '%M', '-o', file, process.execPath, ...args], options.env ?? process.env]
      : [process.execPath, ['--import', PRELOAD, ...args], { ...(options.env ?? process.env), BENCH_RSS_FILE: file }];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = child.pid;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer =
      options.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            if (child.pid !== undefined) killGroup(child.pid);
          }, options.timeoutSeconds * 1000);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      running = undefined;
      reject(e);
    });
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (timer) clearTimeout(timer);
      running = undefined;
      let kib = NaN;
      try {
        kib = Number(readFileSync(file, 'utf8').trim().split('\n').at(-1));
        rmSync(file, { force: true });
      } catch {
        // killed before it could report
      }
      resolve({
        seconds: timedOut ? options.timeoutSeconds! : seconds,
        peakRssMb: kib / 1024,
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
