/**
 * A report: the problems a command found, printed in one of three formats. `text` is one line per
 * problem on stderr, `json` one object on stdout, `github` one workflow command per problem on stdout
 * (annotations on the file and line in CI). Problems are listed in file and line order.
 */
import { errorsIn, formatGithub, formatProblem, type Problem } from './errors.js';
import type { Io } from './io.js';

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * By file, then line; a file's problems without a line (such as "N more problems") after its others, and
 * problems of no file last. Stable: problems on one line keep their order (columns left to right).
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const key = (p: Problem): [string, number] => [p.file ?? '\uffff', p.line ?? Number.MAX_SAFE_INTEGER];
  return problems
    .map((p, i) => ({ p, i, k: key(p) }))
    .sort((a, b) => (a.k[0] < b.k[0] ? -1 : a.k[0] > b.k[0] ? 1 : a.k[1] - b.k[1] || a.i - b.i))
    .map((x) => x.p);
}

export function printReport(
  problems: readonly Problem[],
  format: Format,
  io: Io,
  extra: Record<string, unknown> = {},
): void {
  const sorted = sortProblems(problems);
  const errors = errorsIn(sorted).length;
  if (format === 'json')
    io.out(
      JSON.stringify(
        { ok: errors === 0, errors, warnings: sorted.length - errors, ...extra, problems: sorted },
        null,
        2,
      ),
    );
  else if (format === 'github') for (const p of sorted) io.out(formatGithub(p));
  else for (const p of sorted) io.err(formatProblem(p));
}
