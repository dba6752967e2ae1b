/**
 * The catalog page without a browser, on the synthetic reports (tests/fixtures/reports: five sources, four
 * areas, changes, estimates, revisions) and on a generated series of many areas and thirty sources
 * (bench/generate.ts): a view of a series, where every value sits in its area's section and names its area, no
 * chart or list mixes areas, and each area counts its own targets by status; values in words (periods, bases,
 * comparators in the source's own word, estimates, revisions); changes listed apart from levels; honest bar
 * scales; byte-reproducible, escaped, no dates but the releases' and the data's. The committed raw/ is only
 * checked against what its own build gives.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateRaw } from '../bench/generate.js';
import { withSymbol } from '../pipeline/core/comparators.js';
import { buildFromRaw } from '../pipeline/run.js';
import { areasAhead, renderCatalog, renderTopFiles } from '../pipeline/release/catalog/page.js';
import { countStatuses, STATUS_LABEL, STATUS_MEANING } from '../pipeline/release/catalog/progress.js';
import { progressChart } from '../pipeline/release/catalog/progress-cards.js';
import { MAX_VALUES_ON_PAGE } from '../pipeline/release/catalog/areas.js';
import { seriesOf } from '../pipeline/release/catalog/series.js';
import { baseWords, periodWords, qualifierWords } from '../pipeline/release/catalog/words.js';
import {
  COLORS,
  esc,
  formatDecimal,
  formatValue,
  labelAt,
  textWidth,
  wrap,
  WRAP_WIDTH,
} from '../pipeline/release/catalog/charts.js';
import type { ReleasesIndex } from '../pipeline/release/store.js';
import type { ObservationRow, ProgressRow, PublishedTables } from '../pipeline/stages/tables/rows.js';
import type { DatasetMeta } from '../pipeline/stages/validate/records.js';
import { sha256, type FileInfo } from '../pipeline/release/render/files.js';
import { cli, RAW, REPORTS_RAW, REPORTS_TEXTS, tempDir } from './helpers.js';

/** Two releases, with dates no period of the fixtures has. */
const index: ReleasesIndex = {
  package: 'fixture-reports',
  releases: [
    {
      version: '1.0.0',
      date: '2025-11-29',
      content_hash: 'sha256:' + '0'.repeat(64),
      rows: { observations: 300 },
      bump: 'initial',
      summary: 'First release.',
      reasons: [],
    },
    {
      version: '1.1.0',
      date: '2025-12-01',
      content_hash: 'sha256:' + '1'.repeat(64),
      rows: { observations: 301 },
      bump: 'minor',
      previous: '1.0.0',
      summary: 'Minor release: 1 observation added.',
      reasons: [],
    },
  ],
};

interface Built {
  tables: PublishedTables;
  meta: DatasetMeta;
}

/** The synthetic reports: what most tests look at. */
let tables: PublishedTables;
let meta: DatasetMeta;
/** A generated series of thirty sources and more than ten areas. */
let generated: Built;
/** The files of a release published from the reports, read back: what the page lists. */
let files: Map<string, FileInfo>;

async function readRelease(dir: string, prefix = ''): Promise<Map<string, FileInfo>> {
  const out = new Map<string, FileInfo>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) for (const [k, v] of await readRelease(path.join(dir, e.name), rel + '/')) out.set(k, v);
    else {
      const bytes = await readFile(path.join(dir, e.name));
      out.set(rel, { bytes: bytes.length, sha256: sha256(bytes) });
    }
  }
  return out;
}

async function build(raw: string, texts?: string): Promise<Built> {
  const built = await buildFromRaw(raw, texts ? { textsDir: texts } : {});
  if (!built.tables || !built.meta) throw new Error(JSON.stringify(built.problems.slice(0, 3)));
  return { tables: built.tables, meta: built.meta };
}

/** The text of the page's one JSON-LD block, and the page without it. */
const JSON_LD = /<script type="application\/ld\+json">\n([^]*?)\n<\/script>/;
const withoutJsonLd = (html: string) => html.replace(JSON_LD, '');

/** The markup of the element that starts with `start` (a progress card, a figure's group), up to `end`. */
function part(html: string, start: string, end: string): string {
  const at = html.indexOf(start);
  expect(at, start).toBeGreaterThanOrEqual(0);
  return html.slice(at, html.indexOf(end, at) + end.length);
}

/** The page of `index` over `t`, with the files of the release published from the reports. */
const page = (t = tables, i = index, m = meta) => renderCatalog({ index: i, latestFiles: files, tables: t, meta: m });

/** Each area's section of a page, by area code: from its opening tag to the next area's (or the section's end). */
function areaSections(html: string): Map<string, string> {
  const starts = [...html.matchAll(/<(?:details|section) class="area[^"]*" id="area-(\d+)"/g)];
  const counted = html.indexOf('<h3 id="areas-counted-title">');
  const end = counted >= 0 ? counted : html.indexOf('<section id="files">');
  return new Map(starts.map((m, i) => [m[1]!, html.slice(m.index, starts[i + 1]?.index ?? end)]));
}

/** The markup of the element that carries `data-observation="id"`: its g (a bar) or its li (a change). */
function figureOf(html: string, o: ObservationRow): string {
  const at = html.indexOf(`data-observation="${o.observation_id}"`);
  expect(at, o.observation_id).toBeGreaterThanOrEqual(0);
  const open = Math.max(html.lastIndexOf('<g ', at), html.lastIndexOf('<li ', at));
  const close = html[open + 1] === 'g' ? '</g>' : '</li>';
  return html.slice(open, html.indexOf(close, at) + close.length);
}

/** Text alone, without tags and spaces: words a chart wraps over lines, compared whole. */
const flat = (s: string) => s.replace(/<[^>]*>/g, '').replace(/\s+/g, '');

beforeAll(async () => {
  ({ tables, meta } = await build(REPORTS_RAW, REPORTS_TEXTS));
  const dir = await tempDir('catalog-generated-');
  generateRaw(path.join(dir, 'raw'), 1800);
  generated = await build(path.join(dir, 'raw'));
  const dist = path.join(await tempDir('catalog-files-'), 'dist');
  const r = await cli('publish', '--raw', REPORTS_RAW, '--texts', REPORTS_TEXTS, '--dist', dist);
  if (r.code !== 0) throw new Error(r.err);
  files = await readRelease(path.join(dist, '1.0.0'));
});

describe('the catalog page', () => {
  test('the same releases and tables give the same bytes', () => {
    expect(page()).toBe(page(structuredClone(tables), structuredClone(index)));
  });

  test('a page whose sections of areas were begun ahead (none, some, all of them) is the same page', () => {
    const input = { index, latestFiles: files, ...generated };
    const whole = renderCatalog(input);
    expect(whole).toContain('<details class="area fold"'); // areas of their own, some drawn ahead
    const read = (top: Record<string, unknown>) => [...(top['index.html'] as Iterable<string>)].join('');
    for (const most of [0, 1, 5000, 1e9]) {
      const top = renderTopFiles(input, areasAhead(input, most));
      expect(read(top), `${most} characters ahead`).toBe(whole);
      expect(read(top), 'read again, made again').toBe(whole);
    }
  });

  test('two publishes of the same raw/ write the same index.html and catalog.jsonld', async () => {
    const pages: string[] = [];
    for (const _ of [1, 2]) {
      const dist = path.join(await tempDir('catalog-'), 'dist');
      const r = await cli('publish', '--raw', REPORTS_RAW, '--texts', REPORTS_TEXTS, '--dist', dist);
      expect(r.code, r.err).toBe(0);
      pages.push(
        (await readFile(path.join(dist, 'index.html'), 'utf8')) + (await readFile(path.join(dist, 'catalog.jsonld'))),
      );
    }
    expect(pages[0]).toBe(pages[1]);
  });

  test("no dates but the releases' and the data's (periods, bases, publication of sources); never the build's", () => {
    const html = page();
    const dates = (text: string) => new Set(text.match(/\b\d{4}-\d{2}-\d{2}\b/g));
    const data = new Set(
      [
        ...tables.observations.flatMap((o) => [o.period, o.period_start ?? '', o.period_end, o.base_period ?? '']),
        ...tables.progress.flatMap((r) => [r.target_period, r.actual_period ?? '', r.base_period ?? '']),
        ...tables.sources.map((s) => s.published),
      ].flatMap((p) => p.match(/\d{4}-\d{2}-\d{2}/g) ?? []),
    );
    const allowed = new Set([...index.releases.map((r) => r.date), ...data]);
    const found = dates(html);
    expect([...found].filter((d) => !allowed.has(d))).toEqual([]);
    // the instants of the data are there (a stock at the end of a year), and nothing of the day of the build
    expect([...found].some((d) => data.has(d) && tables.observations.some((o) => o.period === d))).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    if (!allowed.has(today)) expect(found.has(today)).toBe(false);
    expect(html).toContain('<span class="version" id="newest-version">1.1.0</span>');
    expect(html.indexOf('id="release-1.1.0"')).toBeLessThan(html.indexOf('id="release-1.0.0"'));
  });

  test('every text is escaped: labels, notes, summaries, area names', () => {
    const evil = '<script>alert("x")</script>&\'';
    const t = structuredClone(tables);
    t.observations[0]!.label_zh = evil;
    t.observations[0]!.label_en = evil;
    t.progress[0]!.label_en = evil;
    t.sources[0]!.title_en = evil;
    t.areas[0]!.name_en = evil;
    const i = structuredClone(index);
    i.releases[1]!.summary = evil;
    const html = page(t, i);
    expect(withoutJsonLd(html)).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(JSON_LD.exec(html)![1]).not.toMatch(/[<>&]/);
  });

  test('links are relative: latest/<file>, <version>/CHANGES.md, fragments; one external link, the licence', () => {
    const hrefs = [...page().matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    const external = hrefs.filter((h) => /^[a-z]+:/i.test(h));
    expect(new Set(external)).toEqual(new Set([meta.license.path]));
    expect(hrefs.filter((h) => h.startsWith('/'))).toEqual([]);
    expect(hrefs).toContain('latest/observations.csv');
    expect(hrefs).toContain(`latest/${meta.name}.xlsx`);
    expect(hrefs).toContain('1.0.0/CHANGES.md');
    expect(hrefs).toContain('1.1.0/SHA256SUMS');
    // every fragment names an element of the page
    for (const h of new Set(hrefs.filter((x) => x.startsWith('#')))) expect(page()).toContain(`id="${h.slice(1)}"`);
  });
});

describe('a view of a series: every value in the section of its area, naming it', () => {
  /** Every area of a page: a section naming it, every value in it of that area, every chart titled with it. */
  function expectAreasKept(t: PublishedTables, html: string) {
    const sections = areaSections(html);
    const codes = [...new Set([...t.observations, ...t.progress].map((o) => o.area_code))].sort();
    expect([...sections.keys()]).toEqual(codes);
    const areas = new Map(t.areas.map((a) => [a.area_code, a]));
    for (const [code, section] of sections) {
      const area = areas.get(code)!;
      const title = part(section, `<h3 class="area-title" id="area-title-${code}">`, '</h3>');
      for (const name of [area.name_zh, area.name_en, code]) expect(title).toContain(esc(name));
      // whatever carries an area in this section carries this one
      expect(new Set([...section.matchAll(/data-area="([^"]*)"/g)].map((m) => m[1]))).toEqual(new Set([code]));
      for (const m of section.matchAll(/data-(?:observation|target)="([^"]*)"/g))
        expect(m[1]!.split(':')[0], m[1]).toBe(code);
      // every chart says the area in its title, every card shows it
      for (const m of section.matchAll(/<title id="[^"]*">([^<]*)<\/title>/g))
        expect(m[1]).toContain(esc(area.name_en));
      const cards = section.split('<figure class="card').slice(1);
      for (const card of cards) expect(card.slice(0, card.indexOf('</figure>'))).toContain(`class="area-chip"`);
      const rows = section.split('<tr data-status').slice(1);
      for (const row of rows)
        expect(row.slice(0, row.indexOf('</tr>'))).toContain(`class="area-tag" data-area="${code}"`);
    }
    // every observation is drawn or listed once, in its own area's section
    for (const o of t.observations) {
      const mark = `data-observation="${o.observation_id}"`;
      expect(html.split(mark).length - 1, o.observation_id).toBe(1);
      expect(sections.get(o.area_code), o.observation_id).toContain(mark);
    }
  }

  test('the reports: a folded section per area, naming it (zh, en, GB/T 2260) and its sources', () => {
    const html = page();
    expectAreasKept(tables, html);
    const series = seriesOf(tables);
    for (const view of series.areas) {
      const section = areaSections(html).get(view.code)!;
      expect(section).toMatch(new RegExp(`^<details class="area fold" id="area-${view.code}"`));
      const own = tables.sources.filter((s) => s.area_code === view.code);
      const mentioned = new Set(
        tables.mentions.filter((m) => m.observation_id.startsWith(`${view.code}:`)).map((m) => m.source_id),
      );
      const expected = tables.sources.filter((s) => s.area_code === view.code || mentioned.has(s.source_id));
      expect(own.every((s) => expected.includes(s))).toBe(true);
      for (const s of expected)
        expect(section).toContain(`<li data-source="${s.source_id}"><a href="#source-${s.source_id}">`);
      expect(section.match(/<li data-source=/g)?.length ?? 0).toBe(expected.length);
    }
  });

  test('a generated series of thirty sources and more than ten areas: the same, area by area', () => {
    const t = generated.tables;
    expect(t.sources.length).toBe(30);
    expect(new Set(t.observations.map((o) => o.area_code)).size).toBeGreaterThanOrEqual(10);
    const html = renderCatalog({ index, latestFiles: files, tables: t, meta: generated.meta });
    expectAreasKept(t, html);
    // the sources are grouped by their own area, each group folded and named
    for (const code of new Set(t.sources.map((s) => s.area_code))) {
      const group = part(html, `<details class="fold source-area" id="sources-${code}"`, '</details>');
      for (const s of t.sources.filter((x) => x.area_code === code))
        expect(group).toContain(`id="source-${s.source_id}"`);
    }
  });

  test('many areas stay light: the values of the first areas are drawn, every other one counted and pointed to', () => {
    const t = structuredClone(tables);
    const model = '500113';
    const moved = (id: string, code: string) => `${code}:${id.split(':').slice(1).join(':')}`;
    for (let k = 1; k <= 30; k++) {
      const code = String(990000 + k);
      t.areas.push({
        area_code: code,
        name_zh: `测试${k}区`,
        name_en: `Test area ${k}`,
        level: 'county',
        parent_code: null,
      });
      for (const o of tables.observations.filter((x) => x.area_code === model))
        t.observations.push({ ...o, area_code: code, observation_id: moved(o.observation_id, code) });
      for (const r of tables.progress.filter((x) => x.area_code === model))
        t.progress.push({
          ...r,
          area_code: code,
          target_observation_id: moved(r.target_observation_id, code),
          actual_observation_id: r.actual_observation_id && moved(r.actual_observation_id, code),
        });
    }
    // a source of its own for each new area, so that some sources are named only by areas the page does not draw
    for (let k = 1; k <= 30; k++) {
      const code = String(990000 + k);
      t.sources.push({ ...t.sources[0]!, source_id: `test-source-${k}`, area_code: code });
      for (const m of tables.mentions.filter((x) => x.observation_id.startsWith(`${model}:`)))
        t.mentions.push({
          ...m,
          figure_id: `${m.figure_id}-${k}`,
          source_id: `test-source-${k}`,
          observation_id: moved(m.observation_id, code),
        });
    }
    expect(t.observations.length + t.progress.length).toBeGreaterThan(MAX_VALUES_ON_PAGE);
    const html = page(t);
    const drawn = [...areaSections(html)];
    const table = part(html, '<h3 id="areas-counted-title">', '</table>');
    const counted = [...table.matchAll(/<tr class="area" id="area-(\d+)" data-area="\d+">(.*?)<\/tr>/g)];
    const codes = [...new Set([...t.observations, ...t.progress].map((o) => o.area_code))].sort();
    // the first areas by code drawn, each with its values; every other one a row of the table, in order
    expect([...drawn.map(([code]) => code), ...counted.map((m) => m[1])]).toEqual(codes);
    expect(counted.length).toBeGreaterThan(0);
    for (const [, s] of drawn) expect(s).toContain('data-observation=');
    const values = (code: string) =>
      t.observations.filter((o) => o.area_code === code).length + t.progress.filter((r) => r.area_code === code).length;
    expect(drawn.slice(1).reduce((n, [code]) => n + values(code), 0)).toBeLessThanOrEqual(MAX_VALUES_ON_PAGE);
    const series = seriesOf(t);
    for (const [, code, row] of counted) {
      const view = series.areas.find((v) => v.code === code)!;
      expect(row).toContain(`(GB/T 2260 ${code})`);
      const cells = [...row!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(cells.slice(0, 2)).toEqual([String(view.sources.length), String(view.observations.length)]);
      expect(cells[2]).toMatch(view.progress.length ? new RegExp(`^${view.progress.length}: `) : /^none$/);
      expect(html).not.toContain(`data-observation="${code}:`); // nothing of it drawn
    }
    expect(part(html, '<p id="areas-summary">', '</p>')).toContain(
      `draws the values of the first ${drawn.length} areas; the other ${counted.length} are counted`,
    );
    // the sources: those a drawn area links to are listed; those only counted areas name are counted
    const sources = part(html, '<section id="source">', '</section>');
    for (const [, s] of drawn)
      for (const m of s.matchAll(/<a href="#source-([^"]+)">/g)) expect(sources).toContain(`id="source-${m[1]}"`);
    const unlisted = t.sources.filter((x) => !sources.includes(`id="source-${x.source_id}"`));
    expect(unlisted.length).toBeGreaterThan(0);
    for (const x of unlisted) expect(counted.map((m) => m[1])).toContain(x.area_code);
    expect(part(sources, '<p class="muted more" id="sources-counted">', '</p>')).toContain(
      `${unlisted.length} more sources, of the areas counted above, are in`,
    );
  });

  test('no chart sets one area against another: a unit chart, a list and a card each hold one area', () => {
    for (const html of [page(), renderCatalog({ index, latestFiles: files, ...generated })]) {
      for (const block of html.split(/<figure class="card /).slice(1)) {
        const card = block.slice(0, block.indexOf('</figure>'));
        const areas = new Set([...card.matchAll(/data-area="([^"]*)"/g)].map((m) => m[1]));
        const ids = [...card.matchAll(/data-(?:observation|target)="([^":]*):/g)].map((m) => m[1]);
        expect(areas.size, card.slice(0, 200)).toBe(1);
        expect(new Set(ids).size <= 1 && (ids.length === 0 || areas.has(ids[0]))).toBe(true);
      }
    }
  });

  test('the committed data: a section per area of what raw/ builds, its targets counted per area', async () => {
    const real = await build(RAW);
    const html = renderCatalog({ index, latestFiles: files, ...real });
    const sections = areaSections(html);
    const codes = [...new Set(real.tables.observations.map((o) => o.area_code))].sort();
    expect([...sections.keys()]).toEqual(codes);
    // one area is shown open, as a section; several are folded
    for (const s of sections.values()) expect(s.startsWith(codes.length === 1 ? '<section' : '<details')).toBe(true);
    for (const code of new Set(real.tables.progress.map((r) => r.area_code))) {
      const counts = countStatuses(real.tables.progress.filter((r) => r.area_code === code));
      const list = part(html, `<ul class="statuses counts" id="status-counts-${code}"`, '</ul>');
      for (const [status, n] of Object.entries(counts))
        expect(part(list, `<li data-status="${status}"`, '</li>')).toContain(`<span class="count">${n}</span>`);
    }
  });
});

describe('targets, area by area: counted by status, each card with its area and both sources', () => {
  test('each area counts its own targets by status; what each status means is said once, undecided included', () => {
    const html = page();
    for (const view of seriesOf(tables).areas) {
      const counts = countStatuses(view.progress);
      if (view.progress.length === 0) continue;
      const headline = part(html, `<p class="headline" id="progress-headline-${view.code}"`, '</p>');
      expect(headline).toContain(`${esc(view.area.name_en)}: ${view.progress.length} target`);
      expect(headline).toContain(`${counts.undecided} undecided (an inexact actual whose bound cannot tell)`);
      expect(headline).toContain(`无法判断${counts.undecided}项`);
      const list = part(html, `<ul class="statuses counts" id="status-counts-${view.code}"`, '</ul>');
      for (const [status, n] of Object.entries(counts))
        expect(part(list, `<li data-status="${status}"`, '</li>')).toContain(`<span class="count">${n}</span>`);
    }
    const meanings = part(html, '<ul class="statuses meanings" id="status-meanings"', '</ul>');
    for (const [status, meaning] of Object.entries(STATUS_MEANING)) {
      const item = part(meanings, `<li data-status="${status}"`, '</li>');
      expect(item).toContain(esc(STATUS_LABEL[status as 'met'].en));
      expect(item).toContain(esc(meaning.en));
      expect(item).toContain(esc(meaning.zh));
    }
    expect(STATUS_LABEL.undecided.en).toContain('undecided');
    expect(STATUS_MEANING.undecided.en).toMatch(/inexact/);
  });

  test('verdicts are counted as such, in their area, when the data has them', () => {
    const t = structuredClone(tables);
    const [a, b] = t.progress;
    Object.assign(a!, { status: 'met', met: true });
    Object.assign(b!, { status: 'undecided', met: null });
    const html = page(t);
    const headline = part(html, `<p class="headline" id="progress-headline-${a!.area_code}"`, '</p>');
    const c = countStatuses(t.progress.filter((r) => r.area_code === a!.area_code));
    expect(headline).toContain(`${c.met + c.not_met} due and answered: ${c.met} met, ${c.not_met} not met.`);
    expect(part(html, `id="status-counts-${b!.area_code}"`, '</ul>')).toMatch(
      new RegExp(`data-status="undecided"[^>]*><span class="count">${c.undecided}</span>`),
    );
  });

  test("a card names its area, the target's source and the actual's; a baseline bar has no verdict colour", () => {
    const html = page();
    const observations = new Map(tables.observations.map((o) => [o.observation_id, o]));
    const areas = new Map(tables.areas.map((a) => [a.area_code, a]));
    for (const r of tables.progress) {
      const card = part(html, `data-target="${r.target_observation_id}"`, '</figure>');
      const area = areas.get(r.area_code)!;
      expect(card).toContain(
        `<span class="area-chip" data-area="${r.area_code}"><span lang="zh-CN">${esc(area.name_zh)}`,
      );
      expect(card).toContain(esc(`${STATUS_LABEL[r.status].zh} · ${STATUS_LABEL[r.status].en}`));
      const target = observations.get(r.target_observation_id)!;
      expect(part(card, "Target's source", '</a>')).toContain(`href="#source-${target.source_id}"`);
      if (r.actual_source_id === null) continue;
      expect(part(card, 'Source of the actual', '</a>')).toContain(`href="#source-${r.actual_source_id}"`);
      expect(card).toContain(esc(periodWords(r.actual_period!).en));
      const bar = /<rect class="actual-bar"[^>]*>/.exec(card)![0];
      if (r.status === 'baseline') {
        expect(bar).toContain(`fill="${COLORS.baseline}"`);
        expect(card).not.toContain(COLORS.met);
        expect(card).not.toContain(COLORS.notMet);
      }
    }
    expect(tables.progress.some((r) => r.status === 'baseline')).toBe(true);
  });

  test('a change target is drawn on a signed axis with zero marked, never on the 0–100 scale of a share', () => {
    const changes = tables.progress.filter((r) => r.measure !== 'level' && Number(r.target_value) < 0);
    expect(changes.length).toBeGreaterThan(0);
    const html = page();
    for (const r of changes) {
      const card = part(html, `data-target="${r.target_observation_id}"`, '</figure>');
      expect(card).toContain('class="zero"');
      const marker = /<line class="target-marker" x1="([\d.]+)%"/.exec(card)![1];
      expect(Number(marker)).toBeGreaterThan(0); // a negative target is not pinned to the left edge
      expect(card).toContain(`目标 target ${esc(withSymbol(r.comparator, formatDecimal(r.target_value, true)))}`);
    }
  });

  test('a plain target where lower is better (a travel time) is met at or below it', () => {
    const zone = (svg: string) =>
      /<rect x="([^"]+)" y="[^"]+" width="[^"]+" height="[^"]+" fill="#d3efe5"/.exec(svg)?.[1];
    const series = seriesOf(tables);
    const view = series.areas.find((v) => v.progress.length > 0)!;
    const row: ProgressRow = { ...view.progress[0]!, measure: 'level', comparator: 'eq', base_period: null };
    const card = (direction: 'lower' | null, comparator: ProgressRow['comparator'] = 'eq') =>
      progressChart({ ...row, comparator, direction }, view, series, 0);
    expect(zone(card('lower'))).toBe('0');
    expect(zone(card(null))).not.toBe('0');
    expect(zone(card(null, 'lte'))).toBe('0');
  });

  test('the table of an area gives each target its area, status and both sources', () => {
    const html = page();
    for (const r of tables.progress) {
      const table = part(html, `<table class="stack progress-table" id="progress-table-${r.area_code}"`, '</table>');
      const row = part(
        table,
        `<tr data-status="${r.status}" data-area="${r.area_code}" data-target="${r.target_observation_id}"`,
        '</tr>',
      );
      expect(row).toContain(esc(STATUS_LABEL[r.status].en));
      if (r.actual_source_id) expect(row).toContain(`actual: <a href="#source-${r.actual_source_id}"`);
    }
  });
});

describe('values in words', () => {
  test('periods: an instant is the end of its year or month, an open start says its start is not stated', () => {
    expect(periodWords('2023-12-31')).toEqual({ en: 'end of 2023', zh: '2023年末' });
    expect(periodWords('2021-06-30')).toEqual({ en: 'end of June 2021', zh: '2021年6月末' });
    expect(periodWords('../2022')).toEqual({ en: 'as of 2022, start not stated', zh: '截至2022年（起点未说明）' });
    expect(periodWords('2016/2020').en).toBe('2016–2020');
    expect(periodWords('2023-01/2023-11').en).toBe('January–November 2023');
    expect(baseWords('2022-12-31').en).toBe('on the end of 2022');
    const html = page();
    for (const o of tables.observations.filter((x) => /^\d{4}-12-31$/.test(x.period)))
      expect(flat(figureOf(html, o))).toContain(flat(`end of ${o.period.slice(0, 4)}`));
    // an open start, on a copy of the data
    const t = structuredClone(tables);
    const o = t.observations.find((x) => x.measure === 'level' && /^\d{4}$/.test(x.period))!;
    Object.assign(o, { period: `../${o.period}`, period_start: null });
    expect(flat(figureOf(page(t), o))).toContain(flat(`as of ${o.period.slice(3)}, start not stated`));
  });

  test("a comparator in words quotes the source's own word: 达到 is not 以上, 近 is a little under, not about", () => {
    const html = page();
    const inexact = tables.observations.filter((o) => o.comparator !== 'eq');
    expect(inexact.length).toBeGreaterThan(0);
    for (const o of inexact) {
      const figure = figureOf(html, o);
      const { words } = qualifierWords(o.value_as_written, o.kind);
      expect(words, o.value_as_written).not.toBe('');
      for (const w of words.split('…')) expect(o.value_as_written).toContain(w);
      expect(figure, o.observation_id).toContain(`(${esc(words)}, `);
      if (/^达到?[\d.]/.test(o.value_as_written)) expect(figure).not.toContain('(以上');
      if (o.value_as_written.includes('近')) expect(figure).toContain('(近, a little under)');
    }
    expect(inexact.some((o) => o.value_as_written.startsWith('达到') && o.kind === 'target')).toBe(true);
    expect(qualifierWords('近90%', 'actual').words).toBe('近');
    expect(qualifierWords('控制在5.5%以内', 'target').words).toBe('控制在…以内');
  });

  test('every inexact figure keeps its symbol, a faded or dashed bar and an open end; exact ones none', () => {
    const html = page();
    const marks = /class="(open-end|ceiling|fuzzy-end)"/;
    const units = new Map(tables.units.map((u) => [u.unit_id, u]));
    for (const o of tables.observations.filter((x) => x.measure === 'level')) {
      const g = figureOf(html, o);
      if (o.comparator === 'eq') {
        expect(g).not.toMatch(marks);
        continue;
      }
      expect(g).toContain(esc(withSymbol(o.comparator, formatDecimal(o.value))));
      const group = tables.observations.filter(
        (x) => x.area_code === o.area_code && x.domain === o.domain && x.unit === o.unit && x.measure === 'level',
      );
      if (group.length === 1 && units.get(o.unit)?.dimension !== 'share') continue; // no bar at all
      expect(g, o.observation_id).toMatch(marks);
    }
  });

  test('an open end (≥, >) on a share never runs past the 100 of its fixed 0–100 scale', () => {
    const html = page();
    const shares = tables.observations.filter(
      (o) => o.measure === 'level' && o.unit === 'percent' && ['gte', 'gt'].includes(o.comparator),
    );
    expect(shares.some((o) => Number(o.value) >= 95)).toBe(true);
    for (const o of shares) {
      const g = figureOf(html, o);
      const track = Number(/<rect class="track" x="0" y="\d+" width="([\d.]+)%"/.exec(g)![1]);
      const tip = Number(/<line class="open-end" x1="[\d.]+%" x2="([\d.]+)%"/.exec(g)![1]);
      expect(tip, o.observation_id).toBeLessThanOrEqual(track);
    }
  });

  test('an estimate or a preliminary figure says so beside its value', () => {
    const html = page();
    const statuses = tables.observations.filter((o) => o.observation_status !== null);
    expect(new Set(statuses.map((o) => o.observation_status))).toEqual(new Set(['preliminary', 'estimated']));
    for (const o of statuses)
      expect(figureOf(html, o)).toContain(
        o.observation_status === 'preliminary' ? 'preliminary 初步核算' : 'estimated 预计',
      );
  });

  test('a revised value says what it was, in which source, and what stands now, in which', () => {
    const html = page();
    const revised = tables.mentions.filter((m) => !m.standing);
    expect(revised.length).toBeGreaterThan(0);
    const byFigure = new Map(tables.mentions.map((m) => [m.figure_id, m]));
    const observations = new Map(tables.observations.map((o) => [o.observation_id, o]));
    for (const m of revised) {
      const by = byFigure.get(m.revised_by!)!;
      const text = esc(
        `revised: was ${m.value_as_written} (${m.source_id}), now ${by.value_as_written} (${by.source_id})`,
      );
      // in a chart the words wrap over lines: compare the text alone, without tags and spaces
      expect(flat(figureOf(html, observations.get(m.observation_id)!)), m.observation_id).toContain(flat(text));
    }
  });
});

describe('changes are listed apart from levels, signed, on their base period', () => {
  test('no change is a bar: each is an item of its area and measure, signed, with its base in words', () => {
    const html = page();
    const changes = tables.observations.filter((o) => o.measure !== 'level');
    expect(changes.some((o) => o.value.startsWith('-'))).toBe(true);
    for (const o of changes) {
      const item = figureOf(html, o);
      expect(item.startsWith('<li class="change'), o.observation_id).toBe(true);
      expect(item).toContain(`data-area="${o.area_code}"`);
      const sign = o.value.startsWith('-') ? '−' : '\\+';
      expect(item).toMatch(new RegExp(`<strong class="value">[^<]*${sign}`));
      if (o.base_period) expect(item).toContain(esc(baseWords(o.base_period).en));
      const list = html.slice(html.lastIndexOf('<figure class="card change-group"', html.indexOf(item)));
      expect(list).toMatch(
        new RegExp(`^<figure class="card change-group" id="changes-${o.area_code}-${o.domain}-${o.measure}"`),
      );
    }
    // no chart of levels holds a change
    for (const m of html.matchAll(/<g class="figure[^"]*" data-area="[^"]*" data-observation="([^"]*)"/g))
      expect(tables.observations.find((o) => o.observation_id === m[1])!.measure).toBe('level');
  });

  test('their words: "+5.8% on 2022", "−0.2 percentage points on 2022", an average per year', () => {
    const html = page();
    const said = (measure: string) => tables.observations.find((o) => o.measure === measure)!;
    const pct = tables.observations.find((o) => o.measure === 'change_percent' && o.comparator === 'eq')!;
    expect(figureOf(html, pct)).toContain(`${formatDecimal(pct.value, true)}% ${esc(baseWords(pct.base_period!).en)}`);
    const points = said('change_points');
    expect(figureOf(html, points)).toMatch(/[+−][\d.]+ (percentage|per-mille) points on /);
    expect(figureOf(html, said('annual_average_change_percent'))).toContain('% a year on average');
  });
});

describe('every bar scale is said beside its bars', () => {
  test('a chart per unit in each area and domain, each with its scale; shares on a fixed 0–100% scale', () => {
    const html = page();
    const units = new Map(tables.units.map((u) => [u.unit_id, u]));
    const levels = tables.observations.filter((o) => o.measure === 'level');
    const groups = new Set(levels.map((o) => `${o.area_code}-${o.domain}-${o.unit}`));
    for (const g of groups) {
      const unit = units.get(g.split('-').slice(2).join('-'))!;
      const caption = part(html, `<figure class="card unit-group" id="domain-${g}"`, '</figcaption>');
      expect(caption, g).toMatch(/Bar scale: |no bar/);
      expect(caption).toContain('class="area-chip"');
      if (unit.dimension === 'share' && !caption.includes('above 100'))
        expect(caption).toContain('Bar scale: fixed, 0 to 100%');
    }
    expect((html.match(/class="card unit-group"/g) ?? []).length).toBe(groups.size);
  });

  test('a completion rate runs from 0 to the larger of its largest value and 100, with 100 marked', () => {
    const html = page();
    const rates = tables.observations.filter((o) => o.unit === 'percent_of_target');
    expect(rates.length).toBeGreaterThan(0);
    for (const o of rates) {
      const group = part(
        html,
        `<figure class="card unit-group" id="domain-${o.area_code}-${o.domain}-${o.unit}"`,
        '</figure>',
      );
      const largest = Math.max(
        100,
        ...rates.filter((x) => x.area_code === o.area_code && x.domain === o.domain).map((x) => Number(x.value)),
      );
      expect(group).toContain(`Bar scale: 0 to ${largest}%; the dashed line marks 100%.`);
      expect(group).toContain(`<line class="reference" x1="${((100 / largest) * 60).toFixed(2)}%"`);
    }
  });

  test('a unit with one figure in an area and domain has no bar; other units print their largest value', () => {
    const html = page();
    const units = new Map(tables.units.map((u) => [u.unit_id, u]));
    const levels = tables.observations.filter((o) => o.measure === 'level');
    const groups = new Map<string, ObservationRow[]>();
    for (const o of levels)
      groups.set(`${o.area_code}-${o.domain}-${o.unit}`, [
        ...(groups.get(`${o.area_code}-${o.domain}-${o.unit}`) ?? []),
        o,
      ]);
    let lone = 0;
    for (const [g, rows] of groups) {
      const unit = units.get(rows[0]!.unit)!;
      if (unit.dimension === 'share' || unit.measure_words.split('|').includes('%')) continue;
      const card = part(html, `<figure class="card unit-group" id="domain-${g}"`, '</figure>');
      if (rows.length === 1) {
        lone++;
        expect(card).toContain('no bar');
        expect(card).not.toContain('class="bar"');
      } else {
        const largest = rows.map((o) => o.value).sort((a, b) => Number(b) - Number(a))[0]!;
        expect(card).toContain(`Bar scale: 0 to ${esc(formatValue(largest, 'eq', unit))}`);
      }
    }
    expect(lone).toBeGreaterThan(0);
  });
});

describe('long lists fold; the page has no scripts', () => {
  test('areas, their domains, tables and targets with no actual fold, closed, with counts', () => {
    const html = page();
    for (const view of seriesOf(tables).areas) {
      const summary = part(html, `<details class="area fold" id="area-${view.code}"`, '</summary>');
      expect(summary).toContain(`${view.observations.length} figures`);
      for (const d of new Set(view.observations.map((o) => o.domain))) {
        const n = view.observations.filter((o) => o.domain === d).length;
        expect(part(html, `<details class="domain fold" id="domain-${view.code}-${d}"`, '</summary>')).toContain(
          `(${n} figure`,
        );
      }
      const noActual = view.progress.filter((r) => r.status === 'no_actual').length;
      if (noActual > 0)
        expect(part(html, `<details class="fold" id="progress-no-actual-${view.code}"`, '</summary>')).toContain(
          `${noActual} target`,
        );
    }
    for (const t of ['observations', 'progress', 'sources'] as const)
      expect(part(html, `<details class="fold dict" id="dict-${t}">`, '</summary>')).toContain(
        `${tables[t].length} rows`,
      );
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(withoutJsonLd(html)).not.toMatch(/<script|\son[a-z]+=/i);
  });
});

describe('chart helpers', () => {
  test('numbers are formatted from their exact decimal strings', () => {
    expect(formatDecimal('1926000000')).toBe('1,926,000,000');
    expect(formatDecimal('-2.44')).toBe('\u22122.44');
    expect(formatDecimal('1500', true)).toBe('+1,500');
    expect(formatDecimal('0', true)).toBe('0');
    expect(formatDecimal('0.30000000000000004')).toBe('0.30000000000000004'); // digits are never rounded
    const unit = (id: string) => tables.units.find((u) => u.unit_id === id);
    expect(formatValue('5.5', 'lte', unit('percent'))).toBe('≤ 5.5%');
    expect(formatValue('24200', 'gte', unit('person'))).toBe('≥ 24,200 人');
  });

  test('labels wrap to the narrowest chart, at spaces and between Chinese characters', () => {
    const en = 'Urban-rural resident basic medical insurance: in-policy inpatient reimbursement rate';
    const lines = wrap(en, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(en);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(WRAP_WIDTH);
    const zh = '城乡居民基本医疗保险政策范围内住院费报销比例（2022/2026）';
    const zhLines = wrap(zh, 20);
    expect(zhLines.join('')).toBe(zh);
    expect(zhLines.length).toBeGreaterThan(1);
    expect(zhLines.some((l) => /^[）)]/.test(l))).toBe(false); // a closing bracket never starts a line
  });

  test('a label near an edge is anchored so it stays inside', () => {
    expect(labelAt(0.5, 'short', 12)).toContain('text-anchor="middle"');
    expect(labelAt(0.02, '目标 target ≥ 24,200 人', 12)).toContain('text-anchor="start"');
    expect(labelAt(0.98, '目标 target ≥ 24,200 人', 12)).toContain('text-anchor="end"');
  });
});
