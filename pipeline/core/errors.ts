/**
 * Errors, after frictionless-py: every problem the pipeline reports has a code from the catalogue
 * (catalogue.ts: a title, a description and a message template), its values as structured parameters, a
 * severity, and where it concerns a file, the file, line and column a curator must open.
 *
 * Raise one with `fail(code, params, location?)`, or record one with `problem(...)`. The message is the
 * catalogue's template filled with the parameters, each shortened and with control characters made
 * visible, so a 5 MB cell or an escape sequence copied from a cell is never echoed whole.
 */
import { CATALOGUE, type ErrorCode, type Stage } from './catalogue.js';
import { shown } from './text.js';

export type { ErrorCode } from './catalogue.js';

export interface Location {
  /** Path as the curator knows it, e.g. `raw/figures/education.csv`. */
  file: string;
  /** 1-based line in the file (the CSV line, not an array index). */
  line?: number;
  /** Column name (or field number where the header is unusable). */
  column?: string;
}

export type Severity = 'error' | 'warning';
export type ParamValue = string | number;

/** The names in `{name}` or `{name:word}` placeholders of a template. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `${infer Name}:${string}` ? Name : P) | Placeholders<Rest>
  : never;

/** The parameters a code's template needs, by name. */
export type ParamsOf<C extends ErrorCode> = { [K in Placeholders<(typeof CATALOGUE)[C]['template']>]: ParamValue };

/** One reported problem: what `validate --format json` prints. */
export interface Problem extends Partial<Location> {
  code: ErrorCode;
  title: string;
  severity: Severity;
  message: string;
  params: Record<string, ParamValue>;
}

/**
 * Fill a template: `{name}` is the parameter, shown safely; `{count:more problem}` is the count and the
 * words, the last made plural where the count is not 1; `[[ … ]]` is left out when a parameter inside it is empty.
 */
export function renderTemplate(template: string, params: Record<string, ParamValue>): string {
  const value = (name: string) => params[name] ?? '';
  const withOptional = template.replace(/\[\[(.*?)\]\]/g, (_, inner: string) =>
    [...inner.matchAll(/\{(\w+)(?::[^}]+)?\}/g)].some((m) => value(m[1]!) === '') ? '' : inner,
  );
  return withOptional.replace(/\{(\w+)(?::([^}]+))?\}/g, (_, name: string, word: string | undefined) => {
    const v = value(name);
    return word === undefined ? shown(v) : `${v} ${word}${Number(v) === 1 ? '' : 's'}`;
  });
}

/** A problem with `code`, its message made from the catalogue's template. */
export function problem<C extends ErrorCode>(
  code: C,
  params: ParamsOf<C>,
  location?: Partial<Location>,
  severity: Severity = 'error',
): Problem {
  return makeProblem(code, params as Record<string, ParamValue>, location, severity);
}

/** `problem` for a code known only at run time (a rule engine); its parameters are not checked by type. */
export function makeProblem(
  code: ErrorCode,
  params: Record<string, ParamValue>,
  location?: Partial<Location>,
  severity: Severity = 'error',
): Problem {
  const entry = CATALOGUE[code];
  const kept: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(params)) kept[k] = typeof v === 'string' ? shown(v) : v;
  const at = location ? Object.fromEntries(Object.entries(location).filter(([, v]) => v !== undefined)) : {};
  return { code, title: entry.title, severity, message: renderTemplate(entry.template, params), params: kept, ...at };
}

/** An error that carries one problem. Its class says what kind of failure it is (see `fail`). */
export class PipelineError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.message);
    this.name = new.target.name;
    this.problem = problem;
  }

  get code(): ErrorCode {
    return this.problem.code;
  }

  /** The problem, at `location` where the raiser did not know it (a value parser knows no file). */
  at(location: Partial<Location>): Problem {
    return { ...this.problem, ...location };
  }
}

/** Bad data in raw/ or a release (exit status 1). */
export class DataError extends PipelineError {}
/** Wrong use of the command line (exit status 2). */
export class UsageError extends PipelineError {}
/** Another run holds the lock (exit status 3). */
export class LockError extends PipelineError {}
/** The machine said no: a full disk, a permission, a path that is a file (exit status 4). */
export class EnvironmentError extends PipelineError {}

const CLASS_OF: Record<Stage, typeof PipelineError> = {
  file: DataError,
  encoding: DataError,
  csv: DataError,
  schema: DataError,
  rule: DataError,
  value: DataError,
  period: DataError,
  check: DataError,
  trace: DataError,
  release: DataError,
  verify: DataError,
  usage: UsageError,
  lock: LockError,
  environment: EnvironmentError,
};

/** The error for `code`, of the class its stage calls for. */
export function pipelineError<C extends ErrorCode>(code: C, params: ParamsOf<C>, location?: Partial<Location>) {
  const Class = CLASS_OF[CATALOGUE[code].stage];
  return new Class(problem(code, params, location));
}

/** Throw the error for `code`. */
export function fail<C extends ErrorCode>(code: C, params: ParamsOf<C>, location?: Partial<Location>): never {
  throw pipelineError(code, params, location);
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
 * Problems collected with a cap per file: past `max` problems of a file the rest are only counted, and
 * not even made (a message can cost something to write, such as a "did you mean"). `list()` ends each
 * file's problems with one TOO_MANY_PROBLEMS, so a curator knows the list is not complete.
 */
export class ProblemList {
  private readonly kept: Problem[] = [];
  private readonly counts = new Map<string | undefined, number>();

  constructor(private readonly max = MAX_PROBLEMS_PER_FILE) {}

  /** Add the problem `make` returns, unless `file` has `max` already. */
  add(file: string | undefined, make: () => Problem): void {
    const n = (this.counts.get(file) ?? 0) + 1;
    this.counts.set(file, n);
    if (n <= this.max) this.kept.push(make());
  }

  /** Add every problem of `problems` (a list of any length: never spread into arguments). */
  pushAll(problems: Iterable<Problem>): void {
    for (const p of problems) this.add(p.file, () => p);
  }

  list(): Problem[] {
    const more: Problem[] = [];
    for (const [file, n] of this.counts)
      if (n > this.max)
        more.push(problem('TOO_MANY_PROBLEMS', { count: n - this.max }, file === undefined ? undefined : { file }));
    return [...this.kept, ...more];
  }
}

/** Keep the first `max` problems of each file and count the rest (see ProblemList). */
export function limitPerFile(problems: Problem[], max = MAX_PROBLEMS_PER_FILE): Problem[] {
  const list = new ProblemList(max);
  list.pushAll(problems);
  return list.list();
}

/** `raw/figures/education.csv:12:value_text: unknown measure word …` */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined && x !== '').join(':');
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  // one problem, one line: a line break or escape copied from a cell is shown, not obeyed
  const message = shown(p.message, Infinity);
  return where ? `${shown(where, Infinity)}: ${prefix}${message}` : `${prefix}${message}`;
}

/** GitHub Actions workflow command: shows up as an annotation on the file and line. */
export function formatGithub(p: Problem): string {
  const data = (s: string) => shown(s, Infinity).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = [p.file && `file=${property(p.file)}`, p.line && `line=${p.line}`, `title=${p.code}`]
    .filter(Boolean)
    .join(',');
  const text = (p.column ? `${p.column}: ` : '') + p.message;
  return `::${p.severity === 'warning' ? 'warning' : 'error'} ${props}::${data(text)}`;
}
