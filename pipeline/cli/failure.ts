/**
 * What the command line does with an error a command throws: one clear message and an exit status, never
 * a stack trace for anything a user can cause. An error nobody expected (a bug) prints one line and writes
 * its details to a file whose name it prints.
 */
import { writeErrorDetails } from '../core/details.js';
import { errorsIn, formatProblem } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { classify } from '../core/outcome.js';
import { printReport, type Format } from '../core/report.js';

export interface FailureContext {
  argv: readonly string[];
  format: Format;
  /** The command's usage line, shown after a usage error. */
  usage: string;
  dist: string | undefined;
}

/** Report `err` on `io` and return the exit status (core/outcome.ts says which). */
export function reportFailure(err: unknown, io: Io, context: FailureContext): number {
  const failure = classify(err);
  switch (failure.kind) {
    case 'usage':
      io.err(`error: ${formatProblem(failure.problem)}\n${context.usage}`);
      break;
    case 'locked':
    case 'environment':
      io.err(`error: ${formatProblem(failure.problem)}`);
      break;
    case 'invalid':
    case 'refused': {
      printReport(failure.problems, context.format, io);
      const unchanged = context.dist ? `; nothing was published and ${context.dist} is unchanged` : '';
      io.err(`${errorsIn(failure.problems).length} error(s)${unchanged}`);
      break;
    }
    case 'internal': {
      const details = writeErrorDetails(failure.error, context.argv);
      const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
      io.err(`internal error: ${message.split('\n')[0]}${details ? ` (details in ${details})` : ''}`);
    }
  }
  return failure.status;
}
