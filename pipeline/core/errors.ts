/**
 * Errors: a small typed hierarchy, after frictionless-py. Every problem the pipeline reports has a code
 * (stable, for machines), a title (for people) and a message, and where it concerns a file, the file,
 * line and column a curator must open.
 */

export interface Location {
  /** Path as the curator knows it, e.g. `raw/figures/education.csv`. */
  file: string;
  /** 1-based line in the file (the CSV line, not an array index). */
  line?: number;
  /** Column name (or field number where the header is unusable). */
  column?: string;
}

export type Severity = 'error' | 'warning';

/** One reported problem: what `validate --format json` prints. */
export interface Problem extends Partial<Location> {
  code: string;
  title: string;
  severity: Severity;
  message: string;
}

export class PipelineError extends Error {
  static readonly title: string = 'Pipeline error';
  readonly code: string;
  readonly location: Location | undefined;

  constructor(code: string, message: string, location?: Location) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.location = location;
  }

  get title(): string {
    return (this.constructor as typeof PipelineError).title;
  }

  toProblem(severity: Severity = 'error'): Problem {
    return { code: this.code, title: this.title, severity, message: this.message, ...this.location };
  }
}

/** A raw file that cannot be decoded as text (encoding, NUL bytes). */
export class EncodingError extends PipelineError {
  static override readonly title = 'Encoding error';
}
/** Malformed CSV: quotes, field counts, headers. */
export class CsvError extends PipelineError {
  static override readonly title = 'CSV error';
}
/** A cell or row that breaks its table's JSON Schema. */
export class SchemaError extends PipelineError {
  static override readonly title = 'Schema error';
}
/** A rule a schema cannot express: unique ids, references, formulas. */
export class RuleError extends PipelineError {
  static override readonly title = 'Rule error';
}
/** A value_text the value rules cannot read. */
export class ValueError extends PipelineError {
  static override readonly title = 'Value error';
}
/** A period_text or period the period rules cannot read. */
export class PeriodError extends PipelineError {
  static override readonly title = 'Period error';
}
/** A check on normalized data failed: mentions disagree, bounds, units. */
export class CheckError extends PipelineError {
  static override readonly title = 'Check error';
}
/** Something wrong with published releases (checksums, schemas, versions). */
export class ReleaseError extends PipelineError {
  static override readonly title = 'Release error';
}
/** Wrong use of the command line (exit status 2). */
export class UsageError extends PipelineError {
  static override readonly title = 'Usage error';
}
/** Another run holds the lock (exit status 3). */
export class LockError extends PipelineError {
  static override readonly title = 'Lock held';
}

export const errorsIn = (problems: readonly Problem[]) => problems.filter((p) => p.severity === 'error');

/** Many problems at once: a failed stage reports all it found, not only the first. */
export class ProblemsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ProblemsError';
  }
}

/** Problems reported per file by one stage before the rest are only counted: enough to see a pattern. */
export const MAX_PROBLEMS_PER_FILE = 100;

/**
 * Keep the first `max` problems of each file; the rest are counted in one last TOO_MANY_PROBLEMS problem
 * for that file, so a curator knows the list is not complete.
 */
export function limitPerFile(problems: Problem[], max = MAX_PROBLEMS_PER_FILE): Problem[] {
  const seen = new Map<string | undefined, number>();
  const kept = problems.filter((p) => {
    const n = (seen.get(p.file) ?? 0) + 1;
    seen.set(p.file, n);
    return n <= max;
  });
  for (const [file, n] of seen)
    if (n > max)
      kept.push(
        new PipelineError(
          'TOO_MANY_PROBLEMS',
          `${n - max} more problem${n - max === 1 ? '' : 's'} in this file not shown; fix the ones above and run again`,
          file === undefined ? undefined : { file },
        ).toProblem(),
      );
  return kept;
}

/** `raw/figures/education.csv:12:value_text: unknown measure word …` */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined && x !== '').join(':');
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  // one problem, one line: a line break copied from a cell is shown, not obeyed
  const message = p.message.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return where ? `${where}: ${prefix}${message}` : `${prefix}${message}`;
}

/** GitHub Actions workflow command: shows up as an annotation on the file and line. */
export function formatGithub(p: Problem): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = [p.file && `file=${property(p.file)}`, p.line && `line=${p.line}`, `title=${p.code}`]
    .filter(Boolean)
    .join(',');
  const text = (p.column ? `${p.column}: ` : '') + p.message;
  return `::${p.severity === 'warning' ? 'warning' : 'error'} ${props}::${data(text)}`;
}
