/**
 * A small rule engine: each rule is a code, the column it concerns, a condition and the parameters of its
 * message. A record that breaks a rule is reported once, at the first rule it breaks, and left out.
 */
import { makeProblem, type ErrorCode, type ParamsOf, type ParamValue, type ProblemList } from '../../core/errors.js';
import type { Located } from './records.js';

export interface Rule<R, C> {
  code: ErrorCode;
  column: string;
  /** Whether the record keeps the rule. */
  holds: (record: R, context: C) => boolean;
  /** The rule is broken because of something reported already (a row that failed its schema): say nothing. */
  quiet?: (record: R, context: C) => boolean;
  /** The message's parameters; made only when the problem is reported. */
  params: (record: R, context: C) => Record<string, ParamValue>;
}

/** A rule, with its parameters checked against its code's template. */
export function rule<R, C, K extends ErrorCode>(
  code: K,
  column: string,
  holds: (record: R, context: C) => boolean,
  params: (record: R, context: C) => ParamsOf<K>,
  quiet?: (record: R, context: C) => boolean,
): Rule<R, C> {
  return {
    code,
    column,
    holds,
    params: params as (record: R, context: C) => Record<string, ParamValue>,
    ...(quiet ? { quiet } : {}),
  };
}

/** Whether a record keeps every rule; the first rule it breaks is reported (unless the rule is quiet about it). */
function keeps<R extends Located, C>(
  record: R,
  rules: readonly Rule<R, C>[],
  context: C,
  problems: ProblemList,
): boolean {
  const broken = rules.find((r) => !r.holds(record, context));
  if (!broken) return true;
  if (broken.quiet?.(record, context)) return false;
  const at = { file: record.file, line: record.line, column: broken.column };
  problems.add(record.file, () => makeProblem(broken.code, broken.params(record, context), at));
  return false;
}

/** The records that keep every rule; the first rule each other record breaks is reported. */
export function applyRules<R extends Located, C>(
  records: Iterable<R>,
  rules: readonly Rule<R, C>[],
  context: C,
  problems: ProblemList,
): R[] {
  const kept: R[] = [];
  for (const record of records) if (keeps(record, rules, context, problems)) kept.push(record);
  return kept;
}

/**
 * applyRules over `count` records made one at a time by `recordAt` (each let go once checked): the indices of
 * those that keep every rule.
 */
export function applyRulesAt<R extends Located, C>(
  count: number,
  recordAt: (i: number) => R,
  rules: readonly Rule<R, C>[],
  context: C,
  problems: ProblemList,
): Uint32Array {
  const kept = new Uint32Array(count);
  let n = 0;
  for (let i = 0; i < count; i++) if (keeps(recordAt(i), rules, context, problems)) kept[n++] = i;
  return kept.slice(0, n);
}
