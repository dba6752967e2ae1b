/**
 * The lock beside dist/: one run at a time across processes, stale locks taken over, --wait.
 *
 * The two-process tests run the compiled CLI (build/cli/bin.js; the vitest global setup builds it
 * first if it is stale).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { LockError } from '../pipeline/core/errors.js';
import {
  acquireLock,
  lockPathFor,
  processStartMs,
  releaseHeldLocksSync,
  staleReason,
  withLock,
} from '../pipeline/release/lock.js';
import { cli, copyRaw, expectCliBuilt, gate, lockTries, spawnCli, tempDir, type CliChild } from './helpers.js';

beforeAll(expectCliBuilt);

interface Exit {
  code: number | null;
  out: string;
  err: string;
}

/** Run the compiled CLI in a child process. */
async function run(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const c = spawnCli(args, env);
  const { code } = await c.exited;
  return { code, out: c.out(), err: c.err() };
}

/** The pid of a process that has exited (and so does not exist any more). */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

const lockInfo = (pid: number, host = hostname(), started = new Date().toISOString()) =>
  JSON.stringify({ pid, host, started, command: 'publish' }) + '\n';

async function freshDist(): Promise<string> {
  return path.join(await tempDir('lock-'), 'dist');
}

describe('the lock file', () => {
  test('is named by the real path of dist/, whether dist/ exists yet or not', async () => {
    const real = await freshDist();
    const link = path.join(await tempDir('lock-link-'), 'link');
    await symlink(path.dirname(real), link); // a link to the folder that will hold dist/
    expect(lockPathFor(path.join(link, 'dist'))).toBe(lockPathFor(real)); // dist/ does not exist yet
    await mkdir(real);
    expect(lockPathFor(path.join(link, 'dist'))).toBe(lockPathFor(real));
    expect(lockPathFor(path.relative(process.cwd(), real))).toBe(lockPathFor(real));
  });

  test('sits beside dist/ and holds pid, host, start time and command; released afterwards', async () => {
    const dist = await freshDist();
    const file = lockPathFor(dist);
    expect(file).toBe(path.join(path.dirname(dist), 'dist.lock'));
    await withLock(dist, { command: 'publish' }, async () => {
      const info = JSON.parse(await readFile(file, 'utf8'));
      expect(info).toMatchObject({ pid: process.pid, host: hostname(), command: 'publish' });
      expect(Date.parse(info.started)).not.toBeNaN();
    });
    expect(existsSync(file)).toBe(false);
  });

  test('a second taker fails at once with a message naming the holder', async () => {
    const dist = await freshDist();
    const lock = await acquireLock(dist, { command: 'schedule' });
    try {
      const second = acquireLock(dist, { command: 'publish' });
      await expect(second).rejects.toBeInstanceOf(LockError);
      await expect(second).rejects.toThrow(new RegExp(`process ${process.pid} on .*\\(schedule, started `));
    } finally {
      await lock.release();
    }
  });

  test('--wait: a second taker gets the lock once the holder lets go', async () => {
    const dist = await freshDist();
    const file = lockPathFor(dist);
    const first = await acquireLock(dist, { command: 'schedule' });
    const tried = lockTries(file, [process.pid], 2);
    const second = acquireLock(dist, { command: 'publish', waitSeconds: 30 });
    // trying a second time means the first try found the lock held: it is waiting, not holding
    expect(await Promise.race([tried.then(() => 'waiting'), second.then(() => 'taken at once')])).toBe('waiting');
    expect(JSON.parse(await readFile(file, 'utf8')).command).toBe('schedule');
    await first.release();
    const lock = await second;
    expect(lock.file).toBe(file);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'publish' });
    await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  test('--wait gives up after the time it was given', async () => {
    const dist = await freshDist();
    const lock = await acquireLock(dist, { command: 'publish' });
    try {
      await expect(acquireLock(dist, { command: 'publish', waitSeconds: 0.3 })).rejects.toThrow(
        /gave up after waiting 0.3 s/,
      );
    } finally {
      await lock.release();
    }
  });

  test('a lock whose process no longer exists is taken over with a warning', async () => {
    const dist = await freshDist();
    const pid = await deadPid();
    await writeFile(lockPathFor(dist), lockInfo(pid));
    const warnings: string[] = [];
    const lock = await acquireLock(dist, { command: 'publish', onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`stale lock .*process ${pid} .*no longer exists`))]);
    expect(JSON.parse(await readFile(lock.file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  test('`publish` takes over a stale lock and says so', async () => {
    const dist = await freshDist();
    await writeFile(lockPathFor(dist), lockInfo(await deadPid()));
    const r = await cli('publish', '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/warning: took over a stale lock/);
    expect(existsSync(lockPathFor(dist))).toBe(false);
  });

  test('many takers racing for the same stale lock: exactly one gets it', async () => {
    // before the takeover was guarded, two of them sometimes both "took over" (a few rounds in 50)
    const pid = await deadPid();
    for (let round = 0; round < 20; round++) {
      const dist = await freshDist();
      await writeFile(lockPathFor(dist), lockInfo(pid));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => acquireLock(dist, { command: 'publish' })),
      );
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockError);
      await won[0]!.release();
    }
  });

  test('a lock held on another host is never taken over', async () => {
    const dist = await freshDist();
    await writeFile(lockPathFor(dist), lockInfo(await deadPid(), 'some-other-host'));
    await expect(acquireLock(dist, { command: 'publish' })).rejects.toThrow(/on some-other-host/);
  });

  test('an unreadable lock is left alone while fresh and taken over once it is old', async () => {
    const dist = await freshDist();
    const file = lockPathFor(dist);
    await writeFile(file, '');
    await expect(acquireLock(dist, { command: 'publish' })).rejects.toThrow(/another process/);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(file, minuteAgo, minuteAgo);
    const warnings: string[] = [];
    const lock = await acquireLock(dist, { command: 'publish', onWarning: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/unreadable/);
    await lock.release();
  });

  test('a lock with this pid from before this process started is stale (pids are reused)', () => {
    const host = hostname();
    expect(
      staleReason({ pid: process.pid, host, started: '2000-01-01T00:00:00.000Z', command: 'schedule' }, host),
    ).toMatch(/earlier process/);
    expect(
      staleReason({ pid: process.pid, host, started: new Date().toISOString(), command: 'schedule' }, host),
    ).toBeUndefined();
  });

  test.each([
    ['pid 0', { pid: 0 }],
    ['a negative pid', { pid: -1 }],
    ['a fractional pid', { pid: 1.5 }],
    ['a pid that is text', { pid: String(process.pid) }],
    ['no pid', { pid: undefined }],
    ['no start time', { started: 'yesterday' }],
    ['no host', { host: undefined }],
  ])('a lock naming %s is stale and taken over at once with a warning', async (_, fields) => {
    // kill(0, 0) and kill(-1, 0) succeed (they name process groups): such a lock used to block every run forever
    const dist = await freshDist();
    const info = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: 'publish' };
    await writeFile(lockPathFor(dist), JSON.stringify({ ...info, ...fields }) + '\n');
    const warnings: string[] = [];
    const lock = await acquireLock(dist, { command: 'publish', onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/took over a stale lock .*: it names no/)]);
    await lock.release();
  });

  test('a live process that started after the lock was written is not its holder (pid reused after a crash)', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const startedAt = processStartMs(child.pid!);
      expect(startedAt).toBeDefined();
      expect(Math.abs(startedAt! - Date.now())).toBeLessThan(60_000);
      const dist = await freshDist();
      // written before the process started: the process that wrote it is gone, its pid given to this one
      const before = new Date(Date.now() - 60_000).toISOString();
      await writeFile(lockPathFor(dist), lockInfo(child.pid!, hostname(), before));
      const warnings: string[] = [];
      const lock = await acquireLock(dist, { command: 'publish', onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(new RegExp(`process ${child.pid} .*the pid was reused`))]);
      await lock.release();
      // written after it started: it may well be the holder
      await writeFile(lockPathFor(dist), lockInfo(child.pid!));
      await expect(acquireLock(dist, { command: 'publish' })).rejects.toBeInstanceOf(LockError);
    } finally {
      child.kill();
    }
  });

  test('the start time of this process is read within a second or so of the truth', () => {
    const truth = Date.now() - process.uptime() * 1000;
    expect(Math.abs(processStartMs(process.pid)! - truth)).toBeLessThan(2000);
  });

  test('releaseHeldLocksSync removes the locks this process holds (for an exit that cannot wait)', async () => {
    const dist = await freshDist();
    const lock = await acquireLock(dist, { command: 'schedule' });
    releaseHeldLocksSync();
    expect(existsSync(lock.file)).toBe(false);
    await lock.release(); // harmless afterwards
  });
});

describe('a process killed while creating the lock', () => {
  // The lock is written to a temporary file and linked into place, so a reader never sees it half-written:
  // a creator killed at any point leaves either no lock or a whole one naming a process that is gone.
  const leftovers = async (dist: string) =>
    (await readdir(path.dirname(dist))).filter((n) => n.startsWith('dist.lock')).sort();

  test.each(['lock-temp-written', 'lock-created'])(
    'killed at %s: the next publish goes ahead at once and leaves nothing beside dist/',
    async (point) => {
      const raw = await copyRaw();
      const dist = await freshDist();
      const killed = await run(['publish', '--raw', raw, '--dist', dist, '--untraced'], { PIPELINE_FAULT: point });
      expect(killed.code).toBeNull(); // died by SIGKILL
      expect((await leftovers(dist)).length).toBeGreaterThan(0);
      const next = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
      expect(next.code, next.err).toBe(0);
      expect(next.out).toMatch(/^published 1\.0\.0/);
      expect(await leftovers(dist)).toEqual([]);
    },
  );

  test('a first publish into a folder that does not exist yet creates it', async () => {
    const dist = path.join(await tempDir('lock-'), 'new', 'folder', 'dist');
    const r = await cli('publish', '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(0);
    expect(existsSync(path.join(dist, '1.0.0', 'datapackage.json'))).toBe(true);
    expect(await leftovers(dist)).toEqual([]);
  });

  test('a takeover guard left by a process that is gone does not hold up the next taker', async () => {
    const dist = await freshDist();
    await writeFile(lockPathFor(dist), lockInfo(await deadPid()));
    await writeFile(`${lockPathFor(dist)}.takeover`, lockInfo(await deadPid()));
    const lock = await acquireLock(dist, { command: 'publish', waitSeconds: 2 });
    expect(JSON.parse(await readFile(lock.file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await leftovers(dist)).toEqual([]);
  });
});

describe('two `publish` processes started together', () => {
  // Both are started with the same gate: whichever takes the lock first is held before its commit point until
  // the test opens the gate, so the two always overlap, however slowly either starts.

  /** The run that exits first while the other is held, and the other once the gate is open. */
  async function race(first: string[], second: string[]) {
    const g = await gate();
    const children = [spawnCli(first, g.env), spawnCli(second, g.env)];
    try {
      const early = await Promise.race(children.map((c) => c.exited.then(() => c)));
      const late = children.find((c) => c !== early)!;
      await g.open();
      return { early: await result(early), late: await result(late) };
    } finally {
      for (const c of children) c.child.kill();
    }
  }

  const result = async (c: CliChild) => ({ code: (await c.exited).code, out: c.out(), err: c.err() });

  test('one publishes, the other exits 3 naming the holder; verify passes', async () => {
    const raw = await copyRaw();
    const dist = await freshDist();
    const args = ['publish', '--raw', raw, '--dist', dist, '--untraced'];
    const { early: loser, late: winner } = await race(args, args);
    expect(loser.code, loser.err).toBe(3);
    expect(loser.err).toMatch(/another run holds .*dist\.lock: process \d+ on .*\(publish, started /);
    expect(winner.code, winner.err).toBe(0);
    expect(winner.out).toMatch(/^published 1\.0\.0/);
    const verify = await cli('verify', '--dist', dist);
    expect(verify.code, verify.err).toBe(0);
    expect(existsSync(lockPathFor(dist))).toBe(false);
  });

  test('one through a symbolic link to dist/, one by its real path: the same lock, one publishes, the other exits 3', async () => {
    // the lock used to be named by the path given, so these two took two locks and shared one staging folder
    const raw = await copyRaw();
    const dist = await freshDist();
    const link = path.join(await tempDir('lock-link-'), 'dist-link');
    await mkdir(dist);
    await symlink(dist, link);
    expect(lockPathFor(link)).toBe(lockPathFor(dist));
    const { early, late } = await race(
      ['publish', '--raw', raw, '--dist', dist, '--untraced'],
      ['publish', '--raw', raw, '--dist', link, '--untraced'],
    );
    expect(early.code, early.err).toBe(3);
    expect(early.err).toMatch(/another run holds .*dist\.lock/);
    expect(late.code, late.err).toBe(0);
    const verify = await cli('verify', '--dist', dist);
    expect(verify.code, verify.err).toBe(0);
    expect((await readdir(dist)).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });

  test('with --wait, the second waits its turn and finds the data up to date; verify passes', async () => {
    const raw = await copyRaw();
    const dist = await freshDist();
    const args = ['publish', '--raw', raw, '--dist', dist, '--wait', '120', '--untraced'];
    const g = await gate();
    const children = [spawnCli(args, g.env), spawnCli(args, g.env)];
    try {
      // the holder is held before its commit point; the other finds the lock held and tries again, and again
      const exited = children.map((c) =>
        c.exited.then(() => Promise.reject(new Error(`a publish exited while the other was held: ${c.err()}`))),
      );
      const pids = children.map((c) => c.child.pid!);
      const pid = await Promise.race([lockTries(lockPathFor(dist), pids, 2), ...exited]);
      const waiter = children.find((c) => c.child.pid === pid)!;
      const holder = children.find((c) => c !== waiter)!;
      expect(JSON.parse(await readFile(lockPathFor(dist), 'utf8')).pid).toBe(holder.child.pid);
      expect(waiter.child.exitCode).toBeNull();
      await g.open();
      const [h, w] = [await result(holder), await result(waiter)];
      expect([h.code, w.code], `${h.err}\n${w.err}`).toEqual([0, 0]);
      expect(h.out).toMatch(/^published 1\.0\.0/);
      expect(w.out).toMatch(/^up to date at 1\.0\.0/);
    } finally {
      for (const c of children) c.child.kill();
    }
    const verify = await cli('verify', '--dist', dist);
    expect(verify.code, verify.err).toBe(0);
  });
});
