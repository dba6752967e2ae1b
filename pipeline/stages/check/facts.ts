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
import { compareText } from '../../core/text.js';
import type { FactMention, MentionStore } from '../normalize/store.js';
import { publishedBefore, span } from './dates.js';

export { publishedBefore } from './dates.js';

/** A mention, as the checks of its fact read it. */
type Mention = FactMention;

/** A fact stated more than once, its mentions grouped (the facts stated once need none of this). */
export interface Fact {
  observation_id: string;
  /** Every mention, by publication of its source, then paragraph and line. */
  mentions: Mention[];
  /** The mentions that stand; they agree. */
  standing: Mention[];
  /** figure_id of a mention that no longer stands -> figure_id of the mention that revised it. */
  revisedBy: Map<string, string>;
}

/**
 * The facts of a build, as numbers: each fact (an observation) in the order first mentioned, its id, and the
 * mention that speaks for it; for each mention, its fact and, where it no longer stands, the mention that revised
 * it. A fact stated several times also keeps its grouped mentions (`grouped`), for the observation row.
 */
export interface Facts {
  mentions: MentionStore;
  count: number;
  /** Each fact's observation id (a pool number). */
  observation: Uint32Array;
  /** Each fact's mention that speaks for it: the first standing one of the latest source (observations.ts). */
  speaker: Uint32Array;
  /** Each mention's fact. */
  factOf: Uint32Array;
  /** Each mention's reviser (a mention index), or -1 where it stands. */
  revisedBy: Int32Array;
  /** The facts stated more than once, by fact index. */
  grouped: Map<number, Fact>;
}

const shownValue = (m: Mention) => withSymbol(m.comparator, m.value);
const agree = (a: Mention, b: Mention) => a.value === b.value && a.comparator === b.comparator;
const at = (m: Mention, column: string) => ({ file: m.file, line: m.line, column });
const where = (m: Mention) => `${m.file}:${m.line}`;

const byPublication = (a: Mention, b: Mention) =>
  compareText(span(a.published)[0], span(b.published)[0]) ||
  compareText(a.source_id, b.source_id) ||
  a.paragraph - b.paragraph ||
  compareText(a.file, b.file) ||
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

/** The mention that speaks for a fact: the first standing one, by paragraph and line, of the latest source. */
export function speakerOf(fact: Fact): Mention {
  return standingOfSource(fact)[0]!;
}

/** The standing mentions of the latest-published source among them, in paragraph order. */
export function standingOfSource(fact: Fact): Mention[] {
  const last = fact.standing.at(-1)!; // facts list their mentions by publication
  return fact.standing
    .filter((m) => m.source_id === last.source_id)
    .sort((a, b) => a.paragraph - b.paragraph || a.line - b.line);
}

/** Mentions as objects, each made once when first asked for (those that revise, and those of a group). */
class MadeMentions {
  private readonly made = new Map<number, Mention>();
  readonly indexOf = new Map<Mention, number>();

  constructor(private readonly store: MentionStore) {}

  get(i: number): Mention {
    let m = this.made.get(i);
    if (!m) {
      this.made.set(i, (m = this.store.factMention(i)));
      this.indexOf.set(m, i);
    }
    return m;
  }
}

/** The revisions that hold (checkRevisions), among the mentions that name one in `revises`. */
function revisionsOf(store: MentionStore, made: MadeMentions, problems: Problem[]): Map<Mention, Mention> {
  const pool = store.pool;
  // every mention by its figure id (the last of two that share one, as a Map of them would keep)
  const byFigure = new Int32Array(pool.size).fill(-1);
  for (let i = 0; i < store.length; i++) byFigure[store.written(i, 'figure_id')] = i;
  const byId = {
    get(figureId: string): Mention | undefined {
      const id = pool.find(figureId);
      const i = id === undefined ? -1 : byFigure[id]!;
      return i < 0 ? undefined : made.get(i);
    },
  };
  const empty = pool.id('');
  const revising: Mention[] = [];
  for (let i = 0; i < store.length; i++) if (store.written(i, 'revises') !== empty) revising.push(made.get(i));
  return checkRevisions(revising, byId as Map<string, Mention>, problems);
}

/** Each mention's fact, the facts numbered in the order first mentioned, and how many mentions each has. */
function groupByFact(store: MentionStore) {
  const factOfObservation = new Int32Array(store.pool.size).fill(-1);
  const factOf = new Uint32Array(store.length);
  const observation: number[] = [];
  const counts: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < store.length; i++) {
    const o = store.observation(i);
    let f = factOfObservation[o]!;
    if (f < 0) {
      factOfObservation[o] = f = observation.length;
      observation.push(o);
      counts.push(0);
      first.push(i);
    }
    factOf[i] = f;
    counts[f]!++;
  }
  return { factOf, observation, counts, first };
}

/** Settle a fact stated more than once (see the module comment): its mentions sorted, revised, checked. */
function settle(group: Mention[], observationId: string, revisions: Map<Mention, Mention>, problems: Problem[]): Fact {
  group.sort(byPublication);
  const revisedBy = revisedIn(group, revisions);
  finalityRevisions(
    group.filter((m) => !revisedBy.has(m.figure_id)),
    revisedBy,
  );
  const standing = group.filter((m) => !revisedBy.has(m.figure_id));
  appendAll(problems, groupProblems(standing));
  return { observation_id: observationId, mentions: group, standing, revisedBy };
}

/**
 * Group mentions into facts (see the module comment). A fact mentioned once (nearly every one) is settled by its
 * count alone; the mentions of the others are made into objects and settled as above.
 */
export function factsOf(store: MentionStore): { facts: Facts; problems: Problem[] } {
  const problems: Problem[] = [];
  const made = new MadeMentions(store);
  const revisions = revisionsOf(store, made, problems);
  const { factOf, observation, counts, first } = groupByFact(store);
  const speaker = new Uint32Array(first);
  const revisedBy = new Int32Array(store.length).fill(-1);
  const grouped = new Map<number, Fact>();
  const members = new Map<number, number[]>(); // the mentions of each fact stated more than once
  for (let i = 0; i < store.length; i++) if (counts[factOf[i]!]! > 1) pushTo(members, factOf[i]!, i);
  for (const [f, indices] of members) {
    const fact = settle(
      indices.map((i) => made.get(i)),
      store.pool.texts[observation[f]!]!,
      revisions,
      problems,
    );
    grouped.set(f, fact);
    speaker[f] = made.indexOf.get(speakerOf(fact))!;
    const ofFigure = new Map(fact.mentions.map((m) => [m.figure_id, made.indexOf.get(m)!]));
    for (const m of fact.mentions) {
      const reviser = fact.revisedBy.get(m.figure_id);
      if (reviser !== undefined) revisedBy[made.indexOf.get(m)!] = ofFigure.get(reviser)!;
    }
  }
  const facts: Facts = {
    mentions: store,
    count: observation.length,
    observation: new Uint32Array(observation),
    speaker,
    factOf,
    revisedBy,
    grouped,
  };
  return { facts, problems };
}
