/**
 * `node build/bench/reliability.js [--kills N] [--races N] [--disk N] [--seed S]`: a probe of what the
 * tests check one case at a time, run many times with random timing. It is a measurement, not a test: it
 * prints what it counted and exits 1 only if a run left dist/ damaged (or a probe could not run).
 *
 * - kills: a publish of a changed raw/ is killed with SIGKILL after a random delay (0 to 1.2 times the
 *   median uninterrupted publish), and as many again within 5 ms of its journal being written (around the
 *   commit point, which random kills seldom hit); then publish and verify must pass, releases.json must list exactly the release
 *   folders, and dist/ must be byte-identical to an uninterrupted publish.
 * - races: three publishes start at once, through dist/'s real path, a relative path and a symbolic link;
 *   exactly one must publish, and each other one exit 3 or (having started after the first ended, or with
 *   --wait) find the data up to date; verify must pass.
 * - disk: a tmpfs (where `mount` works) is left with a random amount of free space, from none to 1.5 times
 *   what the publish takes; a publish must exit 0 or 4 (one line), leave dist/ unchanged when it fails, and publish once space is freed.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../pipeline/core/paths.js';

const CLI = path.join(PROJECT_ROOT, 'build', 'cli', 'bin.js');
const ENV = { ...process.env, SOURCE_DATE_EPOCH: '1764374400' };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

interface RunOptions {
  killAfterMs?: number;
  /** Kill once this is true (polled every millisecond), after a further `killAfterMs`. */
  killWhen?: () => boolean;
  cwd?: string;
}

function cli(args: string[], options: RunOptions = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: ENV, cwd: options.cwd ?? PROJECT_ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    const kill = () => setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 0);
    if (options.killWhen) {
      const poll = setInterval(() => {
        if (!options.killWhen!()) return;
        clearInterval(poll);
        kill();
      }, 1);
      child.on('close', () => clearInterval(poll));
    } else if (options.killAfterMs !== undefined) kill();
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), rel);
      else
        out[rel] = createHash('sha256')
          .update(readFileSync(path.join(d, e.name)))
          .digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out;
}

const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

let seed = flag('seed', 14);
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const work = mkdtempSync(path.join(tmpdir(), 'reliability-'));
const mounts: string[] = [];
process.on('exit', () => {
  for (const m of mounts) execFileSync('umount', [m]);
  rmSync(work, { recursive: true, force: true });
});
let folders = 0;
const fresh = (name: string) => {
  const dir = path.join(work, `${name}-${++folders}`);
  mkdirSync(dir);
  return dir;
};

/** raw/ and a dist/ holding its first release; a changed raw/ and the dist/ an uninterrupted publish of it makes. */
async function setUp() {
  const raw = path.join(fresh('raw'), 'raw');
  cpSync(path.join(PROJECT_ROOT, 'raw'), raw, { recursive: true });
  const base = path.join(fresh('base'), 'dist');
  if ((await cli(['publish', '--raw', raw, '--dist', base])).code !== 0) throw new Error('first publish failed');
  const changed = path.join(fresh('raw'), 'raw');
  cpSync(raw, changed, { recursive: true });
  const education = path.join(changed, 'figures', 'education.csv');
  writeFileSync(education, readFileSync(education, 'utf8').replace(',92所,', ',93所,'));
  const ref = path.join(fresh('ref'), 'dist');
  cpSync(base, ref, { recursive: true });
  if (!(await cli(['publish', '--raw', changed, '--dist', ref])).out.startsWith('published 1.0.1'))
    throw new Error('reference publish failed');
  // how long an uninterrupted publish of the change takes: the median of five
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dist = path.join(fresh('time'), 'dist');
    cpSync(base, dist, { recursive: true });
    const started = Date.now();
    await cli(['publish', '--raw', changed, '--dist', dist]);
    times.push(Date.now() - started);
  }
  const publishMs = times.sort((a, b) => a - b)[2]!;
  return { raw, changed, base, reference: snapshot(ref), publishMs };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

function listedMatchesFolders(dist: string): boolean {
  const listed = (
    JSON.parse(readFileSync(path.join(dist, 'releases.json'), 'utf8')) as { releases: { version: string }[] }
  ).releases
    .map((r) => r.version)
    .sort();
  const present = readdirSync(dist)
    .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
    .sort();
  return listed.join() === present.join();
}

/** Whether a staging folder in `dist` has its journal: the publish is at its commit point. */
const staged = (dist: string) =>
  readdirSync(dist).some((n) => n.startsWith('.staging') && existsSync(path.join(dist, n, 'journal.json')));

async function kills(n: number, s: Setup, nearCommit = false) {
  const counts = {
    runs: n,
    finishedBeforeKill: 0,
    killedBeforeCommit: 0, // the next run discarded its staging folder and published
    killedAfterCommit: 0, // the next run finished its release
    killedAfterFinish: 0, // killed while letting go of the lock: the next run found the data up to date
    damaged: 0,
  };
  const delays: number[] = [];
  for (let i = 0; i < n; i++) {
    const dist = path.join(fresh('kill'), 'dist');
    cpSync(s.base, dist, { recursive: true });
    // anywhere in the run, or within 5 ms of the journal being written (just before or after the commit)
    const delay = nearCommit ? Math.round(random() * 5) : Math.round(random() * s.publishMs * 1.2);
    delays.push(delay);
    const killed = await cli(['publish', '--raw', s.changed, '--dist', dist], {
      killAfterMs: delay,
      ...(nearCommit ? { killWhen: () => staged(dist) } : {}),
    });
    const next = await cli(['publish', '--raw', s.changed, '--dist', dist]);
    if (killed.signal !== 'SIGKILL') counts.finishedBeforeKill++;
    else if (next.err.includes('finished the interrupted publish')) counts.killedAfterCommit++;
    else if (next.out.startsWith('published 1.0.1')) counts.killedBeforeCommit++;
    else counts.killedAfterFinish++;
    const verify = await cli(['verify', '--dist', dist]);
    const whole =
      next.code === 0 && verify.code === 0 && listedMatchesFolders(dist) && same(snapshot(dist), s.reference);
    if (!whole) {
      counts.damaged++;
      console.error(
        `kill ${i} after ${delay} ms: next ${next.code} ${next.err.trim()}; verify ${verify.code} ${verify.err.trim()}`,
      );
    }
    rmSync(path.dirname(dist), { recursive: true, force: true });
  }
  return { ...counts, delayMs: { min: Math.min(...delays), max: Math.max(...delays) }, publishMs: s.publishMs };
}

async function races(n: number, s: Setup, wait: boolean) {
  const counts = { rounds: n, onePublished: 0, othersExit3: 0, othersUpToDate: 0, bad: 0 };
  for (let i = 0; i < n; i++) {
    const home = fresh('race');
    const dist = path.join(home, 'dist');
    cpSync(s.base, dist, { recursive: true });
    symlinkSync(dist, path.join(home, 'link'));
    const extra = wait ? ['--wait', '60'] : [];
    const runs = await Promise.all([
      cli(['publish', '--raw', s.changed, '--dist', dist, ...extra]),
      cli(['publish', '--raw', s.changed, '--dist', 'dist', ...extra], { cwd: home }),
      cli(['publish', '--raw', s.changed, '--dist', path.join(home, 'link'), ...extra]),
    ]);
    const published = runs.filter((r) => r.code === 0 && r.out.startsWith('published')).length;
    const others = runs.filter((r) => !(r.code === 0 && r.out.startsWith('published')));
    const upToDate = others.filter((r) => r.code === 0 && r.out.startsWith('up to date')).length;
    const locked = others.filter((r) => r.code === 3 && !wait).length;
    const verify = await cli(['verify', '--dist', dist]);
    if (published === 1 && upToDate + locked === 2 && verify.code === 0 && same(snapshot(dist), s.reference)) {
      counts.onePublished++;
      counts.othersExit3 += locked;
      counts.othersUpToDate += upToDate;
    } else {
      counts.bad++;
      console.error(`race ${i}: ${runs.map((r) => `${r.code} ${r.out.trim()} ${r.err.trim()}`).join(' | ')}`);
    }
    rmSync(home, { recursive: true, force: true });
  }
  return counts;
}

async function disk(n: number, s: Setup) {
  const fs = fresh('tmpfs');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', fs], { stdio: 'pipe' });
  } catch (err) {
    return { skipped: `mount -t tmpfs failed: ${String((err as Error).message).split('\n')[0]}` };
  }
  mounts.push(fs);
  const dist = path.join(fs, 'dist');
  cpSync(s.base, dist, { recursive: true });
  const before = snapshot(dist);
  const avail = () => Number(execFileSync('df', ['-k', '--output=avail', fs]).toString().split('\n')[1]);
  // what a publish of the change writes before it frees anything, in KiB of this file system: the new
  // release, index.html and releases.json (the old latest/ is freed only at the end), measured on a copy
  const probe = path.join(fs, 'probe');
  cpSync(s.base, probe, { recursive: true });
  const probed = await cli(['publish', '--raw', s.changed, '--dist', probe]);
  if (!probed.out.startsWith('published')) throw new Error(`disk: the probe publish failed: ${probed.err}`);
  const du = (...files: string[]) =>
    Number(
      execFileSync('du', ['-skc', ...files])
        .toString()
        .trim()
        .split('\n')
        .at(-1)!
        .split('\t')[0],
    );
  const needed = du(path.join(probe, '1.0.1'), path.join(probe, 'index.html'), path.join(probe, 'releases.json'));
  rmSync(probe, { recursive: true });
  const counts = { rounds: n, releaseKiB: needed, published: 0, refusedExit4: 0, bad: 0 };
  for (let i = 0; i < n; i++) {
    const filler = path.join(fs, 'filler');
    const leave = Math.round(random() * needed * 1.5);
    writeFileSync(filler, Buffer.alloc(Math.max(0, avail() - leave) * 1024));
    const r = await cli(['publish', '--raw', s.changed, '--dist', dist]);
    rmSync(filler);
    const oneLine = r.err.trim().split('\n').length === 1 && !/^\s+at /m.test(r.err);
    if (
      r.code === 4 &&
      oneLine &&
      same(snapshot(dist), before) &&
      !readdirSync(dist).some((x) => x.startsWith('.staging'))
    )
      counts.refusedExit4++;
    else if (
      r.code === 0 &&
      r.out.startsWith('published 1.0.1') &&
      (await cli(['verify', '--dist', dist])).code === 0
    ) {
      counts.published++;
      rmSync(dist, { recursive: true });
      cpSync(s.base, dist, { recursive: true });
    } else {
      counts.bad++;
      console.error(`disk ${i} leaving ${leave} KiB: ${r.code} ${r.out.trim()} ${r.err.trim()}`);
    }
  }
  return counts;
}

const s = await setUp();
const results = {
  kills: await kills(flag('kills', 100), s),
  killsNearCommit: await kills(flag('kills', 100), s, true),
  races: await races(flag('races', 20), s, false),
  racesWithWait: await races(flag('races', 20), s, true),
  disk: await disk(flag('disk', 30), s),
};
console.log(JSON.stringify(results, null, 2));
const bad =
  results.kills.damaged +
  results.races.bad +
  results.racesWithWait.bad +
  ('bad' in results.disk ? results.disk.bad : 0);
process.exitCode = bad > 0 ? 1 : 0;
