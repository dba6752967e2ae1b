/**
 * The release as the catalog page views it: a series of areas, each with its observations, its targets and the
 * sources that speak of it, so that no view sets one area's value beside another's. Built once per page; every
 * list is in a fixed order, so the same tables always give the same bytes.
 */
import { pushTo } from '../../core/group.js';
import { compareText } from '../../core/text.js';
import type {
  AreaRow,
  MentionRow,
  ObservationRow,
  ProgressRow,
  PublishedTables,
  SourceRow,
  UnitRow,
} from '../../stages/tables/rows.js';
import { areaOfObservation } from '../../stages/normalize/normalize.js';
import { esc } from './charts.js';

/** A source of an area: its own (the source's area), or one whose figures name this area. */
export interface AreaSource {
  source: SourceRow;
  own: boolean;
}

export interface AreaView {
  code: string;
  area: AreaRow;
  observations: ObservationRow[];
  progress: ProgressRow[];
  sources: AreaSource[];
}

/** A value a later source revised: what it was, where, and what stands now, where. */
export interface Revision {
  was: string;
  wasSource: string;
  now: string;
  nowSource: string;
}

export interface Series {
  areas: AreaView[];
  units: Map<string, UnitRow>;
  /** An observation by its id (a progress row names its target's and its actual's). */
  observations: { get(id: string): ObservationRow | undefined };
  sources: Map<string, SourceRow>;
  /** By observation id: the revisions of its mentions, each once. */
  revisions: Map<string, Revision[]>;
}

/** Each revised mention with the mention that revised it (mentions with standing false and revised_by). */
function revisionsOf(mentions: MentionRow[]): Map<string, Revision[]> {
  // only the revising mentions are kept by id (a series of millions of mentions has a few thousand)
  const revising = new Set<string>();
  for (const m of mentions) if (m.revised_by !== null) revising.add(m.revised_by);
  const byFigure = new Map<string, MentionRow>();
  for (const m of mentions) if (revising.has(m.figure_id)) byFigure.set(m.figure_id, m);
  const out = new Map<string, Revision[]>();
  for (const m of mentions) {
    const by = m.revised_by === null ? undefined : byFigure.get(m.revised_by);
    if (m.standing || !by) continue;
    const r = { was: m.value_as_written, wasSource: m.source_id, now: by.value_as_written, nowSource: by.source_id };
    const known = out.get(m.observation_id) ?? [];
    if (!known.some((k) => JSON.stringify(k) === JSON.stringify(r))) pushTo(out, m.observation_id, r);
  }
  return out;
}

/** The sources of each area: its own first, then those that name it, each by publication date and id. */
function sourcesByArea(tables: PublishedTables): Map<string, AreaSource[]> {
  // a mention's area is its observation's, which the observation id begins with
  const named = new Map<string, Set<string>>();
  for (const m of tables.mentions) {
    const code = areaOfObservation(m.observation_id);
    if (!named.has(code)) named.set(code, new Set());
    named.get(code)!.add(m.source_id);
  }
  const byId = new Map(tables.sources.map((s) => [s.source_id, s]));
  const own = new Map<string, SourceRow[]>();
  for (const s of tables.sources) pushTo(own, s.area_code, s);
  const order = (a: AreaSource, b: AreaSource) =>
    Number(b.own) - Number(a.own) ||
    compareText(a.source.published, b.source.published) ||
    compareText(a.source.source_id, b.source.source_id);
  const out = new Map<string, AreaSource[]>();
  for (const [code, ids] of named) {
    const others = [...ids].flatMap((id) => {
      const s = byId.get(id);
      return s && s.area_code !== code ? [s] : [];
    });
    const sources = [...(own.get(code) ?? []), ...others];
    out.set(code, sources.map((s) => ({ source: s, own: s.area_code === code })).sort(order));
  }
  return out;
}

/** An area the areas table lacks (it never should): named by its code, so nothing goes unlabelled. */
const unknownArea = (code: string): AreaRow => ({
  area_code: code,
  name_zh: code,
  name_en: `area ${code}`,
  level: 'county',
  parent_code: null,
});

/**
 * Observations by id, each looked for among its area's (an observation id begins with its area's code): an area's
 * are indexed when one of them is first asked for, so the page, which asks only for those its drawn areas' progress
 * rows name, indexes a few areas rather than every observation of the series.
 */
function observationsById(byArea: Map<string, ObservationRow[]>): Series['observations'] {
  const indexed = new Map<string, Map<string, ObservationRow>>();
  return {
    get(id) {
      const code = areaOfObservation(id);
      let index = indexed.get(code);
      if (!index) indexed.set(code, (index = new Map((byArea.get(code) ?? []).map((o) => [o.observation_id, o]))));
      return index.get(id);
    },
  };
}

/** The release as a series of areas, by area code. */
export function seriesOf(tables: PublishedTables): Series {
  const observations = new Map<string, ObservationRow[]>();
  const progress = new Map<string, ProgressRow[]>();
  for (const o of tables.observations) pushTo(observations, o.area_code, o);
  for (const r of tables.progress) pushTo(progress, r.area_code, r);
  const sources = sourcesByArea(tables);
  const areaRows = new Map(tables.areas.map((a) => [a.area_code, a]));
  const codes = [...new Set([...observations.keys(), ...progress.keys()])].sort(compareText);
  return {
    areas: codes.map((code) => ({
      code,
      area: areaRows.get(code) ?? unknownArea(code),
      observations: observations.get(code) ?? [],
      progress: progress.get(code) ?? [],
      sources: sources.get(code) ?? [],
    })),
    units: new Map(tables.units.map((u) => [u.unit_id, u])),
    observations: observationsById(observations),
    sources: new Map(tables.sources.map((s) => [s.source_id, s])),
    revisions: revisionsOf(tables.mentions),
  };
}

/** An area's name in full: `<name_zh> · <name_en> (GB/T 2260 <code>)` (the HTML). */
export const areaTitle = (a: AreaRow) =>
  `<span lang="zh-CN">${esc(a.name_zh)}</span> · ${esc(a.name_en)} <span class="code">(GB/T 2260 ${esc(a.area_code)})</span>`;

/** The area as plain text, for titles and labels: `<name_zh> <name_en> <code>`. */
export const areaText = (a: AreaRow) => `${a.name_zh} ${a.name_en} ${a.area_code}`;

/** A visible chip naming the area, on every card and row, so a screenshot of one still says which area. */
export const areaChip = (a: AreaRow) =>
  `<span class="area-chip" data-area="${esc(a.area_code)}"><span lang="zh-CN">${esc(a.name_zh)}</span> ${esc(a.name_en)} · ${esc(a.area_code)}</span>`;

/** A short tag naming the area on a row of a list or table: `<name_zh> <code>`. */
export const areaTag = (a: AreaRow) =>
  `<span class="area-tag" data-area="${esc(a.area_code)}"><span lang="zh-CN">${esc(a.name_zh)}</span> ${esc(a.area_code)}</span>`;

/** A revision in words: `revised: was 2418亿元 (source A), now 2409.52亿元 (source B)`. */
export const revisionText = (r: Revision) => `revised: was ${r.was} (${r.wasSource}), now ${r.now} (${r.nowSource})`;
