/**
 * What the command line does with an error a command throws: one clear message and an exit status, never
 * a stack trace for anything a user can cause. An error nobody expected (a bug) prints one line and writes
 * its details to a file whose name it prints.
 */
import { writeErrorDetails } from '../core/details.js';
import { environmentError, isSystemError } from '../core/environment.js';
import {
  DataError,
  EnvironmentError,
  errorsIn,
  formatProblem,
  LockError,
  ProblemsError,
  UsageError,
} from '../core/errors.js';
import { EXIT, type Io } from '../core/io.js';
import { printReport, type Format } from '../core/report.js';

export interface FailureContext {
  argv: readonly string[];
  format: Format;
  /** The command's usage line, shown after a usage error. */
  usage: string;
  dist: string | undefined;
}

/** Report `err` on `io` and return the exit status. */
export function reportFailure(err: unknown, io: Io, context: FailureContext): number {
  if (isSystemError(err)) err = environmentError(err);
  if (err instanceof UsageError) {
    io.err(`error: ${formatProblem(err.problem)}\n${context.usage}`);
    return EXIT.usage;
  }
  if (err instanceof LockError) {
    io.err(`error: ${formatProblem(err.problem)}`);
    return EXIT.locked;
  }
  if (err instanceof EnvironmentError) {
    io.err(`error: ${formatProblem(err.problem)}`);
    return EXIT.environment;
  }
  if (err instanceof DataError) err = new ProblemsError([err.problem]);
  if (err instanceof ProblemsError) {
    printReport(err.problems, context.format, io);
    const unchanged = context.dist ? `; nothing was published and ${context.dist} is unchanged` : '';
    io.err(`${errorsIn(err.problems).length} error(s)${unchanged}`);
    return EXIT.invalid;
  }
  const details = writeErrorDetails(err, context.argv);
  const message = err instanceof Error ? err.message : String(err);
  io.err(`internal error: ${message.split('\n')[0]}${details ? ` (details in ${details})` : ''}`);
  return EXIT.internal;
}
