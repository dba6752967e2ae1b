/**
 * What a thrown error comes to, said once for every caller: the command line turns it into a message and an
 * exit status (cli/failure.ts), the scheduler into a line of its log (service/schedule.ts). Both read
 * `classify`, so a failure never has one status on the command line and another under the scheduler.
 */
import { environmentError, isSystemError } from './environment.js';
import { EnvironmentError, LockError, PipelineError, ProblemsError, UsageError, type Problem } from './errors.js';
import { CATALOGUE, type Stage } from './catalogue.js';
import { EXIT, type ExitCode } from './io.js';

/** The stages whose problems are the release stage's refusals or damage to dist/, not bad data. */
const STORE_STAGES: ReadonlySet<Stage> = new Set(['release', 'verify']);

export type Failure =
  /** Wrong use of the command line (exit 2). */
  | { kind: 'usage'; status: ExitCode; problem: Problem }
  /** Another run holds the lock (exit 3). */
  | { kind: 'locked'; status: ExitCode; problem: Problem }
  /** The machine said no: a full disk, a permission (exit 4). */
  | { kind: 'environment'; status: ExitCode; problem: Problem }
  /** Bad data in raw/ or a failed check (exit 1); every problem found. */
  | { kind: 'invalid'; status: ExitCode; problems: Problem[] }
  /**
   * The release stage refused, or dist/ is damaged (exit 1): a MAJOR release not allowed, a source not traced,
   * a damaged release or releases.json, each named with what to do.
   */
  | { kind: 'refused'; status: ExitCode; problems: Problem[] }
  /** An error nobody expected: a bug (exit 5). */
  | { kind: 'internal'; status: ExitCode; error: unknown };

/** Classify a thrown error (see the module comment). A system error of the machine is an environment failure. */
export function classify(thrown: unknown): Failure {
  const err = isSystemError(thrown) ? environmentError(thrown) : thrown;
  if (err instanceof UsageError) return { kind: 'usage', status: EXIT.usage, problem: err.problem };
  if (err instanceof LockError) return { kind: 'locked', status: EXIT.locked, problem: err.problem };
  if (err instanceof EnvironmentError) return { kind: 'environment', status: EXIT.environment, problem: err.problem };
  const problems =
    err instanceof ProblemsError ? err.problems : err instanceof PipelineError ? [err.problem] : undefined;
  if (!problems) return { kind: 'internal', status: EXIT.internal, error: err };
  const kind =
    problems.length > 0 && problems.every((p) => STORE_STAGES.has(CATALOGUE[p.code].stage)) ? 'refused' : 'invalid';
  return { kind, status: EXIT.invalid, problems };
}
