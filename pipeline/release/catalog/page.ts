/**
 * dist/index.html: the catalog page analysts open. Static and self-contained (no scripts, no external
 * fonts or styles, charts as inline SVG drawn in charts.ts), with relative links only, so it works from
 * any static host and from file://. Every value is shown in the section of its area (areas.ts). The only dates
 * on it are each release's, from releases.json, and the data's own (periods, bases, when a source was
 * published): never the day it was built. The same releases and tables always give the same bytes.
 */
import { pushTo } from '../../core/group.js';
import { loadSchemas, PUBLISHED_TABLES } from '../../core/schemas.js';
import type { AreaRow, PublishedTables, SourceRow } from '../../stages/tables/rows.js';
import { esc, escText } from './charts.js';
import type { DatasetMeta } from '../../stages/validate/records.js';
import type { FileInfo } from '../render/files.js';
import { STYLE } from './style.js';
import { citationText, CITATION_FILE, zipPath } from '../render/citation.js';
import { workbookPath } from '../render/workbook.js';
import type { ReleaseEntry, ReleasesIndex, TopContent } from '../store.js';
import { describeFile, isJsonTable, sortFiles } from './files.js';
import { areasPieces, drawAreas, type DrawnAreas } from './areas.js';
import { seriesOf } from './series.js';
import { DCAT_FILE, jsonForHtml, renderDcat, schemaOrgDataset } from './linked-data.js';

export { esc } from './charts.js';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function fileRow(p: string, content: FileInfo, packageName: string): string {
  const bytes = content.bytes;
  const download = p.endsWith('.csv') ? ` download="${esc(p.replace('/', '-'))}"` : '';
  return `<tr data-file="${esc(p)}"><td data-label="file"><a href="latest/${esc(p)}"${download}>${esc(p)}</a></td><td data-label="what">${esc(describeFile(p, packageName))}</td><td class="num" data-label="size" data-bytes="${bytes}">${size(bytes)}</td><td class="hash" data-label="SHA-256">${content.sha256}</td></tr>`;
}

const filesHead = '<thead><tr><th>file</th><th>what</th><th>size</th><th>SHA-256</th></tr></thead>';

/** Every file of the newest release; the JSON copies of the tables folded, as they repeat the CSV files. */
function filesTable(latestFiles: Map<string, FileInfo>, packageName: string): string {
  const paths = sortFiles(latestFiles.keys(), packageName);
  const isJson = (p: string) => isJsonTable(p, packageName);
  const rows = (keep: (p: string) => boolean) =>
    paths
      .filter(keep)
      .map((p) => fileRow(p, latestFiles.get(p)!, packageName))
      .join('\n');
  const json = paths.filter(isJson).length;
  return `<div class="scroll"><table id="files-table" class="stack files">${filesHead}<tbody>
${rows((p) => !isJson(p))}
</tbody></table></div>${
    json > 0
      ? `\n<details class="fold" id="files-json"><summary>The same tables as JSON, an array of records each <span class="muted">(${json} files)</span></summary><div class="scroll"><table class="stack files">${filesHead}<tbody>
${rows(isJson)}
</tbody></table></div></details>`
      : ''
  }`;
}

function releaseRow(r: ReleaseEntry): string {
  const v = esc(r.version);
  const rows = Object.entries(r.rows)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return `<tr id="release-${v}"><td data-label="version"><strong>${v}</strong></td><td data-label="date">${esc(r.date)}</td><td data-label="change">${esc(r.bump)}</td><td data-label="summary">${esc(r.summary)}<br><span class="muted">${esc(rows)}</span></td><td data-label="files"><a href="${v}/CHANGES.md">CHANGES.md</a> · <a href="${v}/datapackage.json">datapackage.json</a> · <a href="${v}/SHA256SUMS">SHA256SUMS</a></td></tr>`;
}

function sourceBlock(s: SourceRow, areas: ReadonlyMap<string, AreaRow>): string {
  const area = areas.get(s.area_code);
  const item = (dt: string, dd: string) => `<dt>${dt}</dt><dd>${dd}</dd>`;
  return `<dl class="source" id="source-${esc(s.source_id)}">
${item('Title 标题', `<span lang="zh-CN">${esc(s.title_zh)}</span><br>${esc(s.title_en)}`)}
${s.series_zh ? item('Series 专刊', `<span lang="zh-CN">${esc(s.series_zh)}</span>`) : ''}
${s.authors ? item('Authors 作者', `<span lang="zh-CN">${esc(s.authors.split('|').join('、'))}</span>`) : ''}
${item('Reference year 基准年', esc(s.reference_year))}
${item('Area 地区', `<span lang="zh-CN">${esc(area?.name_zh)}</span> · ${esc(area?.name_en)} (GB/T 2260 ${esc(s.area_code)})`)}
${item('Published 发布', esc(s.published))}
${item('SHA-256 of the text 原文哈希', `<span class="hash">${esc(s.sha256)}</span>`)}
${item('Licence of the source 原文许可', s.license ? esc(s.license) : 'not stated')}
${item('Where to read it 原文链接', s.url ? `<a href="${esc(s.url)}">${esc(s.url)}</a>` : 'no URL known')}
${item('Source id', `<code>${esc(s.source_id)}</code>`)}
</dl>`;
}

function dictionary(tables: PublishedTables): string {
  const { published } = loadSchemas();
  return PUBLISHED_TABLES.map((t) => {
    const rows = Object.entries(published[t].items.properties)
      .map(
        ([name, p]) =>
          `<tr><td data-label="field"><code>${esc(name)}</code></td><td data-label="type">${esc(Array.isArray(p.type) ? p.type.filter((x) => x !== 'null').join() : p.type)}${Array.isArray(p.type) && p.type.includes('null') ? ' <span class="muted">or empty</span>' : ''}</td><td data-label="中文" lang="zh-CN">${esc(p['x-title-zh'])}</td><td data-label="English">${esc(p.title)}</td><td data-label="description">${esc(p.description)}</td></tr>`,
      )
      .join('\n');
    const fields = Object.keys(published[t].items.properties).length;
    return `<details class="fold dict" id="dict-${t}"><summary><code>${esc(t)}</code> ${esc(published[t].title)} <span class="muted">(${fields} fields, ${tables[t].length} rows)</span></summary>
<p><a href="latest/${t}.csv">${t}.csv</a> · <a href="latest/${t}.json">${t}.json</a></p>
<div class="scroll"><table class="stack dictionary"><thead><tr><th>field</th><th>type</th><th>中文</th><th>English</th><th>description</th></tr></thead><tbody>
${rows}
</tbody></table></div></details>`;
  }).join('\n');
}

/** Everything the page is made from. */
export interface CatalogInput {
  index: ReleasesIndex;
  /** The files of the newest release, with their sizes and digests. */
  latestFiles: Map<string, FileInfo>;
  tables: PublishedTables;
  meta: DatasetMeta;
}

function head(input: CatalogInput): string {
  const { meta } = input;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${esc(meta.description)}">
<title>${esc(meta.title)} · ${esc(meta.title_zh)}</title>
<link rel="alternate" type="application/ld+json" href="${DCAT_FILE}" title="DCAT catalog">
<script type="application/ld+json">
${jsonForHtml(schemaOrgDataset(input))}
</script>
<style>${STYLE}</style>
</head>
<body>
`;
}

function header({ index, latestFiles, meta }: CatalogInput): string {
  const newest = index.releases.at(-1);
  const version = esc(newest?.version ?? 'none');
  const button = (p: string, label: string) => (latestFiles.has(p) ? `<a href="latest/${esc(p)}">${label}</a>` : '');
  return `<header>
<p class="kicker" lang="zh-CN">${esc(meta.title_zh)}</p>
<h1>${esc(meta.title)}</h1>
<p lang="zh-CN">${esc(meta.description_zh)}</p>
<p>${esc(meta.description)}</p>
<div class="newest">
<div>Newest version 最新版本: <span class="version" id="newest-version">${version}</span> <span class="muted">released <span id="newest-date">${esc(newest?.date ?? '')}</span></span></div>
<div>${esc(newest?.summary ?? '')}</div>
<div class="buttons">${button('observations.csv', 'observations.csv')}${button('progress.csv', 'progress.csv')}${button(workbookPath(meta.name), 'Excel / WPS 表格版')}${button('datapackage.json', 'datapackage.json')}${button(zipPath(meta.name), 'everything (zip)')}<a href="#files">all files</a></div>
<div class="muted">Licence: <a href="${esc(meta.license.path)}" rel="license">${esc(meta.license.name)}</a> (${esc(meta.license.title)}). Cite a version, not latest/ (see <a href="#cite">how to cite</a>).</div>
</div>
<nav aria-label="Contents"><ul>
<li><a href="#areas">By area: targets and figures 分地区</a></li>
<li><a href="#files">Files 文件</a></li>
<li><a href="#releases">Releases 版本</a></li>
<li><a href="#source">Source 来源</a></li>
<li><a href="#cite">Cite 引用</a></li>
<li><a href="#dictionary">Data dictionary 数据字典</a></li>
</ul></nav>
</header>
`;
}

function filesSection({ index, latestFiles, meta }: CatalogInput): string {
  const version = esc(index.releases.at(-1)?.version ?? 'none');
  return `<section id="files">
<h2>Files of the newest release 文件</h2>
<p>Stable links under <code>latest/</code>, which always holds the newest release; every release also keeps its own folder (<code>${version}/</code>) that is never rewritten. CSV files are RFC 4180, UTF-8 without BOM. For Excel, WPS and LibreOffice, open the workbook <code>${esc(workbookPath(meta.name))}</code>: every table as a sheet, Chinese intact, numbers as numbers and text as written (Excel/WPS 用户请下载 .xlsx 表格版，中文不乱码).</p>
${filesTable(latestFiles, meta.name)}
<p>For data portals: <a href="${DCAT_FILE}">${DCAT_FILE}</a> describes the dataset and these files in DCAT (JSON-LD), for harvesters such as CKAN's DCAT extension; this page carries the same as schema.org <code>Dataset</code> JSON-LD for search engines.</p>
</section>

`;
}

function releasesSection({ index }: CatalogInput): string {
  return `<section id="releases">
<h2>Releases 版本</h2>
<p>Every release, newest first (also as <a href="releases.json">releases.json</a>). Versions follow the Frictionless Data Package Version recipe: MAJOR when a field is renamed, removed or retyped or an observation removed; MINOR when rows are added; PATCH when a value, label or note is corrected.</p>
<div class="scroll"><table id="releases-table" class="stack"><thead><tr><th>version</th><th>date</th><th>change</th><th>summary</th><th>files</th></tr></thead><tbody>
${[...index.releases].reverse().map(releaseRow).join('\n')}
</tbody></table></div>
</section>

`;
}

/**
 * The sources grouped by their own area: folded per area where there are several, open where there is one; a piece at
 * a time. The sources that only areas the page counts (not draws) name are counted, not listed (drawAreas): a national
 * series has tens of thousands of sources, and sources.csv lists them all.
 */
function* sourcePieces({ tables, meta }: CatalogInput, unlisted: ReadonlySet<string>): Generator<string> {
  const groups = new Map<string, SourceRow[]>();
  for (const s of [...tables.sources].sort((a, b) =>
    a.published < b.published ? -1 : a.published > b.published ? 1 : 0,
  ))
    if (!unlisted.has(s.source_id)) pushTo(groups, s.area_code, s);
  const codes = [...groups.keys()].sort();
  const areas = new Map(tables.areas.map((a) => [a.area_code, a]));
  const blocks = (code: string) =>
    groups
      .get(code)!
      .map((s) => sourceBlock(s, areas))
      .join('\n');
  const name = (code: string) => {
    const a = areas.get(code);
    return `<span lang="zh-CN">${esc(a?.name_zh ?? code)}</span> · ${esc(a?.name_en ?? code)} (GB/T 2260 ${esc(code)})`;
  };
  const folded = (code: string) =>
    `<details class="fold source-area" id="sources-${esc(code)}" data-area="${esc(code)}"><summary>${name(code)}: ${groups.get(code)!.length} ${groups.get(code)!.length === 1 ? 'source' : 'sources'}</summary>\n${blocks(code)}\n</details>`;
  yield `<section id="source">
<h2>Where the data comes from 数据来源</h2>
<p>${escText(meta.page.source_note)}${codes.length > 1 ? ' The sources by the area each is about (a source may also give figures of other areas: each area above lists every source that names it).' : ''}</p>
`;
  for (const [i, code] of codes.entries()) yield (i > 0 ? '\n' : '') + (codes.length > 1 ? folded(code) : blocks(code));
  if (unlisted.size > 0)
    yield `\n<p class="muted more" id="sources-counted">${unlisted.size} more ${unlisted.size === 1 ? 'source, of an area counted above, is' : 'sources, of the areas counted above, are'} in <a href="latest/sources.csv">sources.csv</a>, each with the digest of its text.</p>`;
  yield `
</section>

`;
}

function citeSection({ index, meta }: CatalogInput): string {
  const newest = index.releases.at(-1);
  const version = newest?.version ?? 'none';
  const text = citationText({ meta, version, date: newest?.date ?? '', contentHash: newest?.content_hash ?? '' });
  const where = meta.homepage
    ? ''
    : '<p class="muted">raw/package.json names no homepage (the address where these files are served), so the links of this page, of the DCAT catalog and of the citation are relative to this folder; a data portal harvesting them needs the homepage set.</p>';
  return `<section id="cite">
<h2>How to cite 引用</h2>
<p>Cite the version you used; its folder and checksums never change. For example:</p>
<blockquote id="citation">${esc(text)}</blockquote>
<p>The same for reference managers: <a href="${esc(version)}/${CITATION_FILE}">${esc(version)}/${CITATION_FILE}</a> (Citation File Format). The whole release in one file: <a href="${esc(version)}/${esc(zipPath(meta.name))}">${esc(version)}/${esc(zipPath(meta.name))}</a>.</p>
${where}
</section>

`;
}

function dictionarySection({ tables }: CatalogInput): string {
  return `<section id="dictionary">
<h2>Data dictionary 数据字典</h2>
<p>Every field of every table, in column order, with its Chinese and English title (open a table to see them). The same, machine-readable, is in each release's datapackage.json.</p>
${dictionary(tables)}
</section>
`;
}

function footer({ index, meta }: CatalogInput): string {
  const version = esc(index.releases.at(-1)?.version ?? 'none');
  return `</main>
<footer>
<p>${esc(meta.name)} ${version}. This page is regenerated with each release; it has no scripts and loads nothing from elsewhere.</p>
</footer>
</body>
</html>
`;
}

/**
 * The files at the top of dist/ that each publish writes again: the page, and the DCAT catalog. The page is made a
 * section at a time as it is written (the page of a national series is tens of megabytes: never held whole); its
 * sections of areas may have been begun ahead (`areasAhead`).
 */
export function renderTopFiles(
  input: CatalogInput,
  ahead?: AreasAhead,
): Record<'index.html' | typeof DCAT_FILE, TopContent> {
  let begun = ahead; // the sections begun ahead serve the first reading of the page; any other makes them again
  const page = () => {
    const areas = begun ?? areaPieces(input);
    begun = undefined;
    return catalogPieces(input, areas);
  };
  return { 'index.html': { [Symbol.iterator]: page }, [DCAT_FILE]: renderDcat(input) };
}

/** The page's sections of areas, as they are made, and at their end what was drawn (see drawAreas). */
type AreasAhead = Generator<string, DrawnAreas>;

/** The page's sections of areas: they hold only what the tables say, and most of the page's making. */
function* areaPieces(input: Pick<CatalogInput, 'tables' | 'meta'>): AreasAhead {
  const series = seriesOf(input.tables);
  const drawn = drawAreas(series);
  yield* areasPieces(input.tables, input.meta.domains, input.meta.page.progress_note, series, drawn);
  return drawn;
}

/**
 * The page's sections of areas begun now, up to `most` characters, for `renderTopFiles` to go on with: a publish
 * makes them while its last files are written on a thread of their own (writer-thread.ts), before the files the
 * rest of the page lists are all known. A page longer than that is made on as it is written.
 */
export function areasAhead(input: Pick<CatalogInput, 'tables' | 'meta'>, most = AHEAD_CHARS): AreasAhead {
  const areas = areaPieces(input);
  const made: string[] = [];
  let drawn: DrawnAreas | undefined;
  for (let chars = 0; chars < most;) {
    const next = areas.next();
    if (next.done) {
      drawn = next.value;
      break;
    }
    made.push(next.value);
    chars += next.value.length;
  }
  return (function* () {
    yield* made.splice(0); // each piece let go once written
    return drawn ?? (yield* areas);
  })();
}

/** The most of the page made ahead, in characters: the areas of 100 000 generated figures are 3.7 million. */
const AHEAD_CHARS = 8 << 20;

/** The page, a section at a time. */
function* catalogPieces(input: CatalogInput, areas: AreasAhead): Generator<string> {
  yield head(input) + header(input) + '<main>\n';
  const drawn = yield* areas;
  for (const section of [filesSection, releasesSection]) yield section(input);
  yield* sourcePieces(input, drawn.unlisted);
  for (const section of [citeSection, dictionarySection]) yield section(input);
  yield footer(input);
}

export function renderCatalog(input: CatalogInput): string {
  return [...catalogPieces(input, areaPieces(input))].join('');
}
