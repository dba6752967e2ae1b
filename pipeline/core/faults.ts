/**
 * Fault injection, for the tests only: named points where a process can be made to die
 * (PIPELINE_FAULT=<point>). It kills itself with SIGKILL, as a power cut or the OOM killer would, so the
 * tests can check that whatever it leaves behind is recovered by the next run.
 *
 * PIPELINE_TEST_HOLD=<file> holds a publish once everything is staged, before its commit point, until <file>
 * exists (at most two minutes), so a test can signal a run that is in progress or race a second one against it,
 * and let it go on by creating the file instead of guessing how long to wait. PIPELINE_TEST_DELAY_MS=<ms> holds
 * it a fixed time instead.
 *
 * PIPELINE_FAULT=<ERRNO>-at:<name> (ENOSPC, EDQUOT, EACCES, EPERM, EROFS, EIO) makes writing a file whose
 * path ends in <name> fail with that system error, as a full disk or a missing permission would: tests run
 * as root, where permissions do not bite, and cannot fill a disk everywhere.
 */
import { existsSync } from 'node:fs';

export type FaultPoint =
  | 'lock-temp-written'
  | 'lock-created'
  | 'staging-partial'
  | 'staged'
  | 'committed-release'
  | 'committed-index'
  | 'swapped-latest-old'
  | 'swapped-latest';

export function faultPoint(point: FaultPoint): void {
  if (process.env.PIPELINE_FAULT === point) process.kill(process.pid, 'SIGKILL');
}

const INJECTABLE: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'i/o error',
};

/** Throw the system error PIPELINE_FAULT names if it names `file` (see the module comment). */
export function faultIo(file: string, syscall = 'open'): void {
  const m = /^([A-Z]+)-at:(.+)$/.exec(process.env.PIPELINE_FAULT ?? '');
  if (!m || !(m[1]! in INJECTABLE) || !file.endsWith(m[2]!)) return;
  const code = m[1]!;
  throw Object.assign(new Error(`${code}: ${INJECTABLE[code]}, ${syscall} '${file}'`), { code, syscall, path: file });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for the PIPELINE_TEST_HOLD file, or PIPELINE_TEST_DELAY_MS, if set (see the module comment). */
export async function faultPause(): Promise<void> {
  const hold = process.env.PIPELINE_TEST_HOLD;
  const end = Date.now() + 120_000;
  while (hold && !existsSync(hold) && Date.now() < end) await sleep(10);
  const ms = Number(process.env.PIPELINE_TEST_DELAY_MS ?? 0);
  if (ms > 0) await sleep(ms);
}
