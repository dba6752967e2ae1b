/**
 * Fault injection, for the tests only: named points where a process can be made to die
 * (PIPELINE_FAULT=<point>). It kills itself with SIGKILL, as a power cut or the OOM killer would, so the
 * tests can check that whatever it leaves behind is recovered by the next run.
 */
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
