/**
 * One run at a time across processes: a lock file beside dist/ (`dist.lock` next to `dist/`) holding the
 * holder's pid, host, start time and command. Created with O_EXCL, so two processes cannot both take it.
 *
 * The lock is created whole: its content is written to a temporary file (`dist.lock.<pid>.tmp`) that is then
 * hard-linked to `dist.lock`, which fails if the lock exists. So no process ever sees a lock half-written,
 * even when its creator is killed while creating it. (On a file system without hard links, it is created
 * with O_EXCL and written after, and an unreadable lock is judged by its age.)
 *
 * The lock is named by the real path of dist/ (symbolic links resolved), so a run that reaches dist/ through a
 * link and one that reaches it by its real path take the same lock.
 *
 * A lock is stale when its holder cannot be running any more: it names no process that could exist (pid 0,
 * a negative or fractional pid, no start time), a process on this host that no longer exists, or a process
 * that started after the lock was written (its pid was reused after a crash or a reboot: the start time of
 * the process, from /proc or `ps`, is compared with the lock's), an earlier process that had this process's
 * pid (containers reuse pids), or a file left unreadable (its creator died between creating and writing it).
 * A stale lock is taken over with a warning. Taking over is
 * itself guarded (`dist.lock.takeover`, created the same way) and removes the lock only if it still holds the bytes
 * that were judged stale, so two processes that find the same stale lock cannot both end up holding it.
 * A lock held on another host (dist/ on a network file system) is never taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { atPath } from '../core/environment.js';
import { fail } from '../core/errors.js';
import { faultIo, faultPoint } from '../core/faults.js';
import { shown } from '../core/text.js';

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

/** The real path of `file`: its nearest existing ancestor with links resolved, and the rest of it as given. */
export function realPath(file: string): string {
  const absolute = path.resolve(file);
  if (existsSync(absolute)) return realpathSync.native(absolute);
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
}

/** `dist.lock` beside the real dist/, whichever path (a link, a relative path) reached it. */
export function lockPathFor(dist: string): string {
  const real = realPath(dist);
  return path.join(path.dirname(real), `${path.basename(real)}.lock`);
}

/** A lock or takeover file that stays unreadable this long was left by a process that died creating it. */
const ABANDONED_MS = 10_000;

/** When this process started: a lock with our pid but an earlier start was left by another process. */
const PROCESS_STARTED_MS = Date.now() - process.uptime() * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder in words; its fields are shown shortened and escaped (a lock file may hold anything). */
const holderText = (h: LockInfo) =>
  `process ${shown(String(h.pid))} on ${shown(String(h.host))} (${shown(String(h.command))}, started ${shown(String(h.started))})`;

/** USER_HZ, the unit of start times in /proc/<pid>/stat: 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** When the system booted, in ms since 1970 (Linux: `btime` of /proc/stat, whole seconds). */
const bootTimeMs = (() => {
  let cached: number | undefined;
  return (): number | undefined => {
    if (cached === undefined) {
      const m = /^btime (\d+)$/m.exec(readTextSync('/proc/stat') ?? '');
      if (m) cached = Number(m[1]) * 1000;
    }
    return cached;
  };
})();

function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * When process `pid` started, in ms since 1970, or undefined when it cannot be told. On Linux from
 * /proc/<pid>/stat (field 22, clock ticks since boot) and the boot time; elsewhere from `ps -o lstart=`.
 * Both round down to the second or less, so a lock's holder never seems to have started after it wrote it.
 */
export function processStartMs(pid: number): number | undefined {
  const stat = readTextSync(`/proc/${pid}/stat`);
  if (stat !== undefined) {
    // the command name (field 2) is in parentheses and may hold spaces: count the fields after it
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[22 - 3]);
    const boot = bootTimeMs();
    return Number.isFinite(ticks) && boot !== undefined ? boot + (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  }
  if (process.platform === 'win32') return undefined;
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const started = ps.status === 0 ? Date.parse(ps.stdout.trim()) : NaN;
  return Number.isNaN(started) ? undefined : started;
}

/** A started process is judged to have come after the lock only past this margin (clock steps, rounding). */
const START_MARGIN_MS = 1000;

/** Why the lock `holder` is stale, or undefined while its holder may still be running. */
export function staleReason(holder: LockInfo, here: string = hostname()): string | undefined {
  const { pid } = holder;
  // pid 0 and negative pids name process groups, which `kill(pid, 0)` finds alive: no lock holder has one
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0)
    return `it names no process that could hold it (pid ${shown(JSON.stringify(pid) ?? 'none')})`;
  const written = typeof holder.started === 'string' ? Date.parse(holder.started) : NaN;
  if (Number.isNaN(written) || typeof holder.host !== 'string')
    return `it names no start time or host (${shown(JSON.stringify(holder))}): no run of this program wrote it`;
  if (holder.host !== here) return undefined; // processes on another host cannot be seen from here
  if (pid === process.pid)
    return written < PROCESS_STARTED_MS - START_MARGIN_MS
      ? `${holderText(holder)} was an earlier process with this pid`
      : undefined;
  if (!alive(pid)) return `${holderText(holder)} no longer exists`;
  const started = processStartMs(pid);
  if (started !== undefined && started > written + START_MARGIN_MS)
    return `${holderText(holder)} is gone: process ${pid} now running started at ${new Date(started).toISOString()}, after the lock was written (the pid was reused)`;
  return undefined;
}

type Seen =
  | { kind: 'gone' }
  | { kind: 'held'; raw: string; holder: LockInfo }
  | { kind: 'unreadable'; raw: string; ageMs: number };

async function ageOf(file: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function inspect(file: string): Promise<Seen> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8').catch(atPath(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw err;
  }
  try {
    // whole JSON is never half-written (a prefix of an object does not parse): staleReason judges its fields
    const holder = JSON.parse(raw) as unknown;
    if (typeof holder === 'object' && holder !== null && !Array.isArray(holder))
      return { kind: 'held', raw, holder: holder as LockInfo };
  } catch {
    // half-written by a holder that is creating it right now, or left so by one that died doing it
  }
  return { kind: 'unreadable', raw, ageMs: (await ageOf(file)) ?? 0 };
}

export interface Lock {
  file: string;
  release(): Promise<void>;
}

export interface AcquireOptions {
  command: string;
  /** Seconds to wait for the holder to finish before giving up (0: fail at once). */
  waitSeconds?: number;
  /** Told when a stale lock is taken over. */
  onWarning?: (message: string) => void;
}

let temporaryFiles = 0;

/** Create `file` holding `content`, whole, unless it exists: false if it does. */
async function tryCreate(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${++temporaryFiles}.tmp`;
  faultIo(temp);
  await writeFile(temp, content).catch(async (err: unknown) => {
    await rm(temp, { force: true }); // a full disk: no empty temporary file left behind
    return atPath(temp)(err);
  });
  try {
    faultPoint('lock-temp-written');
    await link(temp, file);
    faultPoint('lock-created');
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP')
      return tryCreateExclusive(file, content); // no hard links here
    throw err;
  } finally {
    await rm(temp, { force: true });
  }
}

/** The fallback for file systems without hard links: O_EXCL, then write (a reader may see it empty). */
async function tryCreateExclusive(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(content).catch(atPath(file));
    await handle.close();
    return true;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true }); // never leave an empty lock behind (a full disk)
    throw err;
  }
}

/** Remove the temporary files of lock creators that died before they could remove them. */
async function sweepTemporaryFiles(file: string): Promise<void> {
  const prefix = path.basename(file) + '.';
  const entries = await readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of entries) {
    const m = name.startsWith(prefix) ? /\.(\d+)\.\d+\.tmp$/.exec(name) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1])))
      await rm(path.join(path.dirname(file), name), { force: true });
  }
}

async function removeIfUnchanged(file: string, seen: string): Promise<boolean> {
  if ((await readFile(file, 'utf8').catch(() => undefined)) !== seen) return false;
  await rm(file, { force: true });
  return true;
}

/** Remove the stale lock if it still holds `seen`; false if another process is taking it over right now. */
async function takeOver(file: string, seen: string, content: string): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await tryCreate(guard, content))) {
    const other = await inspect(guard);
    const abandoned =
      (other.kind === 'held' && staleReason(other.holder) !== undefined) ||
      (other.kind === 'unreadable' && other.ageMs > ABANDONED_MS);
    if (abandoned) await removeIfUnchanged(guard, other.raw); // left by a process that died taking over
    return false;
  }
  try {
    return await removeIfUnchanged(file, seen); // false: someone else took it over first
  } finally {
    await rm(guard, { force: true });
  }
}

/** Locks this process holds, with the bytes it wrote: released synchronously by releaseHeldLocksSync. */
const held = new Map<string, string>();

/**
 * Remove every lock this process holds, synchronously: for a process that must exit at once (a second
 * SIGINT) so it does not leave a lock behind. An interrupted publish is finished or discarded by the next
 * run (release/store.ts recover()).
 */
export function releaseHeldLocksSync(): void {
  for (const [file, content] of held) {
    try {
      if (readFileSync(file, 'utf8') === content) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }
  held.clear();
}

export async function acquireLock(dist: string, options: AcquireOptions): Promise<Lock> {
  const file = lockPathFor(dist);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command: options.command,
  };
  const content = JSON.stringify(info) + '\n';
  await mkdir(path.dirname(file), { recursive: true }); // a first publish into a folder that does not exist yet
  const waitSeconds = options.waitSeconds ?? 0;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    if (await tryCreate(file, content)) {
      held.set(file, content);
      await sweepTemporaryFiles(file);
      return {
        file,
        release: async () => {
          held.delete(file);
          const current = await readFile(file, 'utf8').catch(() => undefined);
          if (current === content) await rm(file, { force: true });
        },
      };
    }
    const seen = await inspect(file);
    if (seen.kind === 'gone') continue; // released between our attempt and our look
    const reason =
      seen.kind === 'held'
        ? staleReason(seen.holder, info.host)
        : seen.ageMs > ABANDONED_MS
          ? `it has been unreadable for ${Math.round(seen.ageMs / 1000)} s (its creator died writing it)`
          : undefined;
    if (reason) {
      if (await takeOver(file, seen.raw, content)) options.onWarning?.(`took over a stale lock ${file}: ${reason}`);
      else await sleep(20);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = seen.kind === 'held' ? holderText(seen.holder) : 'another process';
      const advice =
        waitSeconds > 0 ? `gave up after waiting ${waitSeconds} s` : 'try again later or pass --wait SECONDS';
      fail('LOCK_HELD', { file, holder: who, advice }, { file });
    }
    await sleep(Math.min(200, Math.max(10, deadline - Date.now())));
  }
}

/** Run `fn` holding the lock; the lock is released however `fn` ends. */
export async function withLock<T>(dist: string, options: AcquireOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(dist, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
