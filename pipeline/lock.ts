/**
 * One run at a time across processes: a lock file beside dist/ (`dist.lock` next to `dist/`) holding the
 * holder's pid, host and start time. Created with O_EXCL, so two processes cannot both take it; a lock
 * whose process no longer exists on this host is taken over with a warning.
 */
import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockError } from './errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export const lockPathFor = (dist: string) =>
  path.join(path.dirname(path.resolve(dist)), `${path.basename(path.resolve(dist))}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined; // vanished, or half-written by a holder that is creating it right now
  }
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

async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(JSON.stringify(info) + '\n');
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export async function acquireLock(dist: string, options: AcquireOptions): Promise<Lock> {
  const file = lockPathFor(dist);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command: options.command,
  };
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
  for (;;) {
    if (await tryCreate(file, info)) {
      return {
        file,
        release: async () => {
          const current = await readLock(file);
          if (current?.pid === info.pid && current.host === info.host) await rm(file, { force: true });
        },
      };
    }
    const holder = await readLock(file);
    if (holder && holder.host === info.host && !alive(holder.pid)) {
      options.onWarning?.(
        `took over a stale lock ${file}: process ${holder.pid} (${holder.command}, started ${holder.started}) no longer exists`,
      );
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder
        ? `process ${holder.pid} on ${holder.host} (${holder.command}, started ${holder.started})`
        : 'another process';
      throw new LockError('LOCK_HELD', `another run holds ${file}: ${who}; try again later or pass --wait SECONDS`, {
        file,
      });
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
