/**
 * The catalog page as a view of a series: a section per area (folded where there are several, so a phone
 * shows one line per area), each naming the area (Chinese, English, GB/T 2260 code) and its sources, with its
 * targets counted by status and its figures by domain. What the statuses mean and how the charts are drawn is
 * said once, above the areas. Past a budget of values (MAX_VALUES_ON_PAGE), further areas are not drawn: each is a row
 * of one table, its sources, figures and targets counted, so a national series of thousands of areas keeps a page a
 * browser opens (drawAreas).
 */
import type { AreaRow, PublishedTables } from '../../stages/tables/rows.js';
import type { Domain } from '../../stages/validate/records.js';
import { esc, escText, formatDecimal } from './charts.js';
import { areaDomains, figuresLegend } from './figures.js';
import { areaProgress, progressLegend, statusMeanings } from './progress.js';
import { areaTitle, seriesOf, type AreaView, type Series } from './series.js';
import { countStatuses, STATUS_LABEL, STATUS_ORDER } from './statuses.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Where the area lies: its level and the area it is part of. */
function areaPlace(area: AreaRow, areas: Map<string, AreaRow>): string {
  const parent = area.parent_code === null ? undefined : areas.get(area.parent_code);
  const within = parent
    ? `, in <span lang="zh-CN">${esc(parent.name_zh)}</span> ${esc(parent.name_en)} (${esc(parent.area_code)})`
    : '';
  return `A ${esc(area.level)}${within}.`;
}

/** The sources of an area: its own, and those whose figures name it, each linked to its description. */
function areaSources(view: AreaView): string {
  if (view.sources.length === 0) return '';
  const items = view.sources.map(
    ({ source: s, own }) =>
      `<li data-source="${esc(s.source_id)}"><a href="#source-${esc(s.source_id)}"><span lang="zh-CN">${esc(s.title_zh)}</span></a> <span class="muted">${esc(s.title_en)}; published ${esc(s.published)}; ${own ? 'a source of this area' : 'a source of another area that names this one'} (<code>${esc(s.source_id)}</code>)</span></li>`,
  );
  return `<h4>Sources 来源 <span class="muted">(${view.sources.length})</span></h4>
<ul class="area-sources">
${items.join('\n')}
</ul>`;
}

/** An area's targets counted by status: `3 baseline, 42 no actual in the source`. */
function statusesOf(view: AreaView): string {
  const c = countStatuses(view.progress);
  return STATUS_ORDER.filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${STATUS_LABEL[s].en.split(/[,:]/)[0]}`)
    .join(', ');
}

/** What a folded area says before it is opened: its sources, figures and targets by status. */
function areaCounts(view: AreaView): string {
  const targets = view.progress.length
    ? `${plural(view.progress.length, 'target', 'targets')}: ${statusesOf(view)}`
    : 'no targets';
  return `${plural(view.sources.length, 'source', 'sources')} · ${plural(view.observations.length, 'figure', 'figures')} · ${targets}`;
}

/**
 * The page stays light however many areas a release holds: it draws the figures and targets of the areas in
 * order, by code, while their count stays within this budget (the first area always); every further area is a row
 * of one table that counts its sources, figures and targets by status and says where they are.
 */
export const MAX_VALUES_ON_PAGE = 2_500;

/**
 * The areas the page draws (by index in `series.areas`), and the sources only areas it does not draw name: the page
 * counts those rather than lists them (every other source is listed, for the drawn areas' links).
 */
export interface DrawnAreas {
  drawn: boolean[];
  unlisted: Set<string>;
}

/** Which areas fit the budget of values (MAX_VALUES_ON_PAGE), in order, the first always; and the sources left out. */
export function drawAreas(series: Series): DrawnAreas {
  let budget = MAX_VALUES_ON_PAGE;
  const drawn = series.areas.map((v, i) => {
    const fits = i === 0 || budget >= v.observations.length + v.progress.length;
    if (fits) budget -= v.observations.length + v.progress.length;
    return fits;
  });
  const named = (keep: boolean) =>
    new Set(series.areas.flatMap((v, i) => (drawn[i] === keep ? v.sources.map((s) => s.source.source_id) : [])));
  const linked = named(true);
  return { drawn, unlisted: new Set([...named(false)].filter((id) => !linked.has(id))) };
}

function areaBody(view: AreaView, series: Series, areas: Map<string, AreaRow>, domains: Domain[]) {
  return `<p class="area-place">${areaPlace(view.area, areas)}</p>
${areaSources(view)}
${areaProgress(view, series)}
<h4>Figures by domain 分领域数据</h4>
${areaDomains(view, series, domains)}`;
}

/** The areas the page does not draw: a row each, in one table, their sources, figures and targets counted. */
function* countedAreas(views: AreaView[]): Generator<string> {
  if (views.length === 0) return;
  yield `
<h3 id="areas-counted-title">${plural(views.length, 'more area', 'more areas')}, counted 其他地区</h3>
<p class="muted more" id="areas-counted-note">So that the page stays light (it draws at most ${formatDecimal(String(MAX_VALUES_ON_PAGE))} values), these areas are counted, not drawn: their sources, figures and targets are in <a href="latest/sources.csv">sources.csv</a>, <a href="latest/observations.csv">observations.csv</a> and <a href="latest/progress.csv">progress.csv</a> (column area_code).</p>
<table class="areas-counted" aria-labelledby="areas-counted-title">
<thead><tr><th scope="col">Area 地区</th><th scope="col">Sources 来源</th><th scope="col">Figures 数据</th><th scope="col">Targets by status 目标</th></tr></thead>
<tbody>`;
  for (const v of views)
    yield `\n<tr class="area" id="area-${esc(v.code)}" data-area="${esc(v.code)}"><th scope="row">${areaTitle(v.area)}</th><td>${v.sources.length}</td><td>${v.observations.length}</td><td>${v.progress.length ? `${v.progress.length}: ${esc(statusesOf(v))}` : 'none'}</td></tr>`;
  yield `
</tbody>
</table>`;
}

/** What every area's section is laid out with: the areas table, the domains' order, and whether to fold. */
interface Layout {
  areas: Map<string, AreaRow>;
  domains: Domain[];
  fold: boolean;
}

/** One area: folded (a details element) where the page has several, open where it has one. */
function areaSection(view: AreaView, series: Series, layout: Layout) {
  const code = esc(view.code);
  const title = `<h3 class="area-title" id="area-title-${code}">${areaTitle(view.area)}</h3>`;
  const counts = `<span class="area-counts muted">${esc(areaCounts(view))}</span>`;
  const body = areaBody(view, series, layout.areas, layout.domains);
  return layout.fold
    ? `<details class="area fold" id="area-${code}" data-area="${code}" aria-labelledby="area-title-${code}">
<summary>${title}<br>${counts}</summary>
${body}
</details>`
    : `<section class="area" id="area-${code}" data-area="${code}" aria-labelledby="area-title-${code}">
${title}
<p>${counts}</p>
${body}
</section>`;
}

/**
 * The section of the page that holds every value: by area, each area's sources, targets and figures; a piece at a
 * time (its opening, then each area's section), as a page of thousands of areas is long.
 */
export function* areasPieces(
  tables: PublishedTables,
  domains: Domain[],
  progressNote: string,
  series: Series = seriesOf(tables),
  { drawn }: DrawnAreas = drawAreas(series),
): Generator<string> {
  const areas = new Map(tables.areas.map((a) => [a.area_code, a]));
  const fold = series.areas.length > 1;
  const undrawn = drawn.filter((d) => !d).length;
  const light =
    undrawn > 0
      ? ` So that it stays light, the page draws the values of the first ${series.areas.length - undrawn} areas; the other ${undrawn} are counted in a table after them, their values in the files.`
      : '';
  yield `<section id="areas">
<h2>By area 分地区</h2>
<p id="areas-summary">${plural(series.areas.length, 'area', 'areas')}, ${plural(tables.sources.length, 'source', 'sources')}, ${plural(tables.observations.length, 'figure', 'figures')}, ${plural(tables.progress.length, 'target', 'targets')}. Every value is shown in the section of its area and names it; no chart or list sets one area's value beside another's, and a target is only set beside an actual of its own area, indicator and measure (<a href="latest/progress.csv">progress.csv</a>).${progressNote ? ` ${escText(progressNote)}` : ''}${fold ? ' Open an area to see its sources, its targets counted by status, and its figures by domain.' : ''}${light}</p>
<h3 id="status-meanings-title">What the status of a target means 目标状态说明</h3>
${statusMeanings()}
<details class="fold" id="how-to-read"><summary>How to read the charts and lists 图例</summary>
<p>Levels are drawn as bars, a chart per unit: bars compare the figures of one unit in one area and domain only, and each chart says its scale (shares on a fixed 0–100% scale, other units from 0 to the largest figure, which is printed; a unit with a single figure gets no bar). A change (比上年增长5.8%) is listed apart, signed and on its base period, never drawn beside levels. Periods are written in words: "end of 2023" is a stock at the year's end (年末), "as of 2022, start not stated" a count whose start the source does not give. A value that is not exact keeps its comparator in symbols and in the source's own word; an estimate or a preliminary figure says so, and a value a later source revised says what it was. The exact values are in <a href="latest/observations.csv">observations.csv</a>.</p>
${figuresLegend()}
${progressLegend()}
</details>
`;
  for (const [i, v] of series.areas.entries())
    if (drawn[i]) yield (i > 0 ? '\n' : '') + areaSection(v, series, { areas, domains, fold });
  yield* countedAreas(series.areas.filter((_, i) => !drawn[i]));
  yield `
</section>

`;
}
