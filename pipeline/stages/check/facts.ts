/**
 * Mentions of one fact (area, indicator, kind, period), in one source or several, are one observation.
 * Here they are grouped, their revisions checked, and the standing ones found:
 *
 * - A mention that names an earlier mention of the same fact in `revises` corrects it: the one it names,
 *   and the mentions that agree with that one and are no later than the reviser, no longer stand.
 * - `revises` must name a mention of the same fact, of a source published earlier, and revisions must
 *   not go round in a circle.
 * - A later-published final figure revises a preliminary or estimated one of the same fact by itself, and a
 *   preliminary one an estimate (finalityRevisions): no `revises` is needed.
 * - The mentions that stand must agree (value and comparator); two that do not are an error naming both
 *   rows, until the later one names the other in `revises`.
 */
import { appendAll, pushTo } from '../../core/group.js';
import { problem, type Problem } from '../../core/errors.js';
import { withSymbol } from '../../core/comparators.js';
import type { Mention } from '../normalize/normalize.js';
import { publishedBefore, span } from './dates.js';

export { publishedBefore } from './dates.js';

export interface Fact {
  observation_id: string;
  /** Every mention, by publication of its source, then paragraph and line. */
  mentions: Mention[];
  /** The mentions that stand; they agree. */
  standing: Mention[];
  /** figure_id of a mention that no longer stands -> figure_id of the mention that revised it. */
  revisedBy: Map<string, string>;
}

const shownValue = (m: Mention) => withSymbol(m.comparator, m.value);
const agree = (a: Mention, b: Mention) => a.value === b.value && a.comparator === b.comparator;
const at = (m: Mention, column: string) => ({ file: m.file, line: m.line, column });
const where = (m: Mention) => `${m.file}:${m.line}`;

const byPublication = (a: Mention, b: Mention) =>
  span(a.published)[0].localeCompare(span(b.published)[0]) ||
  a.source_id.localeCompare(b.source_id) ||
  a.paragraph - b.paragraph ||
  a.file.localeCompare(b.file) ||
  a.line - b.line;

/** The mentions of a revision chain that comes back to where it started, from `start`; else undefined. */
function cycleFrom(start: Mention, byId: Map<string, Mention>): Mention[] | undefined {
  const chain = [start];
  for (let m = byId.get(start.revises); m; m = byId.get(m.revises)) {
    if (m === start) return chain;
    if (chain.includes(m)) return undefined; // a cycle that does not pass through start
    chain.push(m);
  }
  return undefined;
}

/** The revisions that hold, as reviser -> revised; every other `revises` is reported. */
function checkRevisions(mentions: Mention[], byId: Map<string, Mention>, problems: Problem[]): Map<Mention, Mention> {
  const valid = new Map<Mention, Mention>();
  const inCycle = new Set<Mention>();
  for (const m of mentions) {
    const revised = m.revises ? byId.get(m.revises) : undefined;
    if (!revised) continue; // none, or unknown (validate reported it)
    const cycle = inCycle.has(m) ? undefined : cycleFrom(m, byId);
    if (cycle) {
      for (const c of cycle) inCycle.add(c);
      problems.push(
        problem('CHECK_REVISES_CYCLE', { cycle: [...cycle, m].map((c) => c.figure_id).join(' -> ') }, at(m, 'revises')),
      );
    } else if (inCycle.has(m)) continue;
    else if (revised.observation_id !== m.observation_id)
      problems.push(
        problem(
          'CHECK_REVISES_OTHER_FACT',
          { revised: revised.figure_id, revised_observation: revised.observation_id, observation: m.observation_id },
          at(m, 'revises'),
        ),
      );
    else if (!publishedBefore(revised.published, m.published))
      problems.push(
        problem(
          'CHECK_REVISES_LATER',
          {
            revised: revised.figure_id,
            revised_source: revised.source_id,
            revised_published: revised.published,
            source: m.source_id,
            published: m.published,
          },
          at(m, 'revises'),
        ),
      );
    else valid.set(m, revised);
  }
  return valid;
}

/** Which mentions of a group no longer stand, and who revised them. */
function revisedIn(group: Mention[], revisions: Map<Mention, Mention>): Map<string, string> {
  const revisedBy = new Map<string, string>();
  for (const m of group) {
    const named = revisions.get(m);
    if (!named) continue;
    for (const other of group)
      if (other === named || (other !== m && agree(other, named) && !publishedBefore(m.published, other.published)))
        if (!revisions.has(other) || other === named) revisedBy.set(other.figure_id, m.figure_id);
  }
  return revisedBy;
}

/** How final a mention's figure is: an estimate, a preliminary figure, a final one. */
const FINALITY = { estimated: 0, preliminary: 1, '': 2 } as const;

/**
 * A later source's more final figure revises an estimate or a preliminary figure without `revises` (the final GDP
 * of next year's bulletin revises this year's 初步核算): each standing mention that disagrees with a later-published,
 * more final one no longer stands; the latest such one revised it.
 */
function finalityRevisions(standing: Mention[], revisedBy: Map<string, string>): void {
  for (const m of standing) {
    if (m.status === '') continue;
    const reviser = standing
      .filter(
        (o) => FINALITY[o.status] > FINALITY[m.status] && !agree(o, m) && publishedBefore(m.published, o.published),
      )
      .at(-1);
    if (reviser) revisedBy.set(m.figure_id, reviser.figure_id);
  }
}

/** Standing mentions that disagree, and the same mention recorded twice. */
function groupProblems(standing: Mention[]): Problem[] {
  const problems: Problem[] = [];
  const first = standing[0]!;
  for (const m of standing.slice(1)) {
    if (!agree(first, m))
      problems.push(
        problem(
          'CHECK_MENTIONS_DISAGREE',
          {
            written: m.value_text,
            value: shownValue(m),
            other_written: first.value_text,
            other_value: shownValue(first),
            other: where(first),
            other_id: first.figure_id,
            observation: m.observation_id,
          },
          at(m, 'value_text'),
        ),
      );
    else if (first.source_id === m.source_id && first.paragraph === m.paragraph)
      problems.push(
        problem(
          'CHECK_DUPLICATE_MENTION',
          { other: where(first), observation: m.observation_id, paragraph: m.paragraph },
          at(m, 'paragraph'),
        ),
      );
  }
  return problems;
}

/** Group mentions into facts (see the module comment). */
export function factsOf(mentions: Mention[]): { facts: Fact[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byId = new Map(mentions.map((m) => [m.figure_id, m]));
  const revisions = checkRevisions(mentions, byId, problems);
  const groups = new Map<string, Mention[]>();
  for (const m of mentions) pushTo(groups, m.observation_id, m);
  const facts: Fact[] = [];
  for (const [observation_id, group] of groups) {
    group.sort(byPublication);
    const revisedBy = revisedIn(group, revisions);
    finalityRevisions(
      group.filter((m) => !revisedBy.has(m.figure_id)),
      revisedBy,
    );
    const standing = group.filter((m) => !revisedBy.has(m.figure_id));
    appendAll(problems, groupProblems(standing));
    facts.push({ observation_id, mentions: group, standing, revisedBy });
  }
  return { facts, problems };
}
