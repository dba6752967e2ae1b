/**
 * The catalog page without a browser: byte-reproducible, every text escaped, no dates but the releases' and
 * the periods the data covers; progress statuses counted and explained, never a verdict the data lacks;
 * comparators visible and inexact bars drawn as such; every bar scale stated; long lists folded; and the
 * chart helpers (wrapping, exact number formatting, label placement).
 */
import { COMPARATOR_SYMBOL, withSymbol } from '../pipeline/core/comparators.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFromRaw } from '../pipeline/run.js';
import { renderCatalog } from '../pipeline/release/catalog/page.js';
import { countStatuses, STATUS_LABEL, STATUS_MEANING } from '../pipeline/release/catalog/progress.js';
import {
  COLORS,
  COMPARATOR_WORDS,
  esc,
  formatDecimal,
  formatValue,
  labelAt,
  textWidth,
  wrap,
  WRAP_WIDTH,
} from '../pipeline/release/catalog/charts.js';
import type { ReleasesIndex } from '../pipeline/release/store.js';
import type { PublishedTables } from '../pipeline/stages/tables/rows.js';
import type { DatasetMeta } from '../pipeline/stages/validate/records.js';
import { sha256, type FileInfo } from '../pipeline/release/render/files.js';
import { cli, RAW, tempDir } from './helpers.js';

let tables: PublishedTables;
const index: ReleasesIndex = {
  package: 'banan-livelihood',
  releases: [
    {
      version: '1.0.0',
      date: '2025-11-29',
      content_hash: 'sha256:' + '0'.repeat(64),
      rows: { observations: 83 },
      bump: 'initial',
      summary: 'First release.',
      reasons: [],
    },
    {
      version: '1.1.0',
      date: '2025-12-01',
      content_hash: 'sha256:' + '1'.repeat(64),
      rows: { observations: 84 },
      bump: 'minor',
      previous: '1.0.0',
      summary: 'Minor release: 1 observation added.',
      reasons: [],
    },
  ],
};

/** The files of a release published from raw/, read back: what the page lists. */
let files: Map<string, FileInfo>;
let meta: DatasetMeta;

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

/** The text of the page's one JSON-LD block, and the page without it. */
const JSON_LD = /<script type="application\/ld\+json">\n([^]*?)\n<\/script>/;
const jsonLdText = (html: string) => JSON_LD.exec(html)![1]!;
const withoutJsonLd = (html: string) => html.replace(JSON_LD, '');

/** The markup of the element that starts with `start` (a progress card, a figure's group), up to `end`. */
function part(html: string, start: string, end: string): string {
  const at = html.indexOf(start);
  expect(at, start).toBeGreaterThanOrEqual(0);
  return html.slice(at, html.indexOf(end, at) + end.length);
}

/** The page of `index` over `t`, with the files of the release published from raw/. */
const page = (i = index, t = tables) => renderCatalog({ index: i, latestFiles: files, tables: t, meta });

beforeAll(async () => {
  const built = await buildFromRaw(RAW);
  if (!built.tables || !built.meta) throw new Error(JSON.stringify(built.problems.slice(0, 3)));
  tables = built.tables;
  meta = built.meta;
  const dist = path.join(await tempDir('catalog-files-'), 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  if (r.code !== 0) throw new Error(r.err);
  files = await readRelease(path.join(dist, '1.0.0'));
});

describe('the catalog page', () => {
  test('the same releases and tables give the same bytes', () => {
    const a = page();
    const b = page(structuredClone(index), structuredClone(tables));
    expect(a).toBe(b);
  });

  test('two publishes of the same raw/ write the same index.html and catalog.jsonld', async () => {
    const pages: string[] = [];
    for (const _ of [1, 2]) {
      const dist = path.join(await tempDir('catalog-'), 'dist');
      const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
      expect(r.code, r.err).toBe(0);
      pages.push(
        (await readFile(path.join(dist, 'index.html'), 'utf8')) + (await readFile(path.join(dist, 'catalog.jsonld'))),
      );
    }
    expect(pages[0]).toBe(pages[1]);
  });

  test('no dates but those of the releases (and, in the JSON-LD, the span of the periods); the newest first', () => {
    const html = page();
    const dates = (text: string) => [...new Set(text.match(/\b\d{4}-\d{2}-\d{2}\b/g))].sort();
    expect(dates(withoutJsonLd(html))).toEqual(['2025-11-29', '2025-12-01']);
    const starts = tables.observations.map((o) => o.period_start).sort();
    const ends = tables.observations.map((o) => o.period_end).sort();
    expect(dates(jsonLdText(html))).toEqual(
      [...new Set(['2025-11-29', '2025-12-01', starts[0]!, ends.at(-1)!])].sort(),
    );
    expect(html).toContain('<span class="version" id="newest-version">1.1.0</span>');
    expect(html.indexOf('id="release-1.1.0"')).toBeLessThan(html.indexOf('id="release-1.0.0"'));
  });

  test('every text is escaped: labels, notes, summaries', async () => {
    const evil = '<script>alert("x")</script>&\'';
    const t = structuredClone(tables);
    t.observations[0]!.label_zh = evil;
    t.observations[0]!.label_en = evil;
    t.progress[0]!.label_en = evil;
    t.sources[0]!.title_en = evil;
    const i = structuredClone(index);
    i.releases[1]!.summary = evil;
    const html = page(i, t);
    expect(withoutJsonLd(html)).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    // in the JSON-LD (the source's title is there) no text can close the block: < > & are \u escapes
    expect(jsonLdText(html)).not.toMatch(/[<>&]/);
    const ld = JSON.parse(jsonLdText(html)) as { isBasedOn: { alternateName: string }[] };
    expect(ld.isBasedOn[0]!.alternateName).toBe(evil);
  });

  test('links are relative: latest/<file>, <version>/CHANGES.md, fragments; one external link, the licence', () => {
    const html = page();
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    const external = hrefs.filter((h) => /^[a-z]+:/i.test(h));
    expect(new Set(external)).toEqual(new Set(['https://creativecommons.org/licenses/by/4.0/']));
    expect(hrefs.filter((h) => h.startsWith('/'))).toEqual([]);
    expect(hrefs).toContain('latest/observations.csv');
    expect(hrefs).toContain('latest/banan-livelihood.xlsx');
    expect(hrefs.filter((h) => h.includes('spreadsheet/'))).toEqual([]);
    expect(hrefs).toContain('1.0.0/CHANGES.md');
    expect(hrefs).toContain('1.1.0/SHA256SUMS');
  });
});

describe('chart helpers', () => {
  test('numbers are formatted from their exact decimal strings', () => {
    expect(formatDecimal('1926000000')).toBe('1,926,000,000');
    expect(formatDecimal('-2.44')).toBe('\u22122.44');
    expect(formatDecimal('1500', true)).toBe('+1,500');
    expect(formatDecimal('0', true)).toBe('0');
    expect(formatDecimal('0.30000000000000004')).toBe('0.30000000000000004'); // digits are never rounded
    expect(
      formatValue(
        '5.5',
        'lte',
        tables.units.find((u) => u.unit_id === 'percent'),
      ),
    ).toBe('≤ 5.5%');
    expect(
      formatValue(
        '24200',
        'gte',
        tables.units.find((u) => u.unit_id === 'person'),
      ),
    ).toBe('≥ 24,200 人');
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

describe('progress charts shade the side of the target that meets it', () => {
  const row = {
    target_observation_id: 'basic_health_service_circle_minutes:target:2025',
    indicator_id: 'basic_health_service_circle_minutes',
    label_zh: '城区基本医疗卫生服务圈',
    label_en: 'Urban basic health-service circle',
    unit: 'minute',
    target_period: '2025',
    measure: 'level' as const,
    base_period: null,
    comparator: 'eq' as const,
    target_value: '15',
    actual_observation_id: null,
    actual_period: null,
    actual_value: null,
    actual_comparator: null,
    actual_observation_status: null,
    actual_source_id: null,
    area_code: '500113',
    direction: null,
    gap: null,
    met: null,
    status: 'no_actual' as const,
  };
  const zone = (svg: string) =>
    /<rect x="([^"]+)" y="[^"]+" width="[^"]+" height="[^"]+" fill="#d3efe5"/.exec(svg)?.[1];

  test('a plain target where lower is better (a 15-minute circle) is met at or below it', async () => {
    const { progressChart } = await import('../pipeline/release/catalog/progress.js');
    expect(zone(progressChart(row, undefined, 0, 'lower'))).toBe('0');
    expect(zone(progressChart(row, undefined, 0, null))).not.toBe('0');
    expect(zone(progressChart({ ...row, comparator: 'lte' }, undefined, 0, null))).toBe('0');
  });
});

describe('progress: counted by status, each status explained, no verdict the data lacks', () => {
  test('the headline counts every status, and says none is judged when none is due and answered', () => {
    const html = page();
    const counts = countStatuses(tables.progress);
    expect(counts.met + counts.not_met).toBe(0); // the real data: no target is due and answered yet
    const headline = part(html, '<p class="headline"', '</p>');
    expect(headline).toContain(`${tables.progress.length} targets. None is due and answered by an actual yet`);
    expect(headline).toContain('尚无目标到期并有对应的实际值，因此没有一项判定为达到或未达到');
    expect(headline).not.toMatch(/\b\d+ met\b/);
    for (const [status, n] of Object.entries(counts))
      expect(part(html, `<li data-status="${status}"`, '</li>')).toContain(`<span class="count">${n}</span>`);
  });

  test('verdicts are counted as such when the data has them', () => {
    const t = structuredClone(tables);
    Object.assign(t.progress[0]!, { status: 'met', met: true });
    Object.assign(t.progress[1]!, { status: 'not_met', met: false });
    const headline = part(page(index, t), '<p class="headline"', '</p>');
    const c = countStatuses(t.progress);
    expect(headline).toContain(`2 due and answered: 1 met, 1 not met.`);
    expect(headline).toContain(`${c.baseline} with only an earlier actual as a baseline, not judged`);
    expect(headline).toContain('已到期并有对应实际值的2项：达到1项，未达到1项。');
  });

  test('what each status means is said in English and Chinese', () => {
    const html = page();
    for (const [status, meaning] of Object.entries(STATUS_MEANING)) {
      const item = part(html, `<li data-status="${status}"`, '</li>');
      expect(item).toContain(esc(meaning.en));
      expect(item).toContain(esc(meaning.zh));
    }
    expect(STATUS_MEANING.baseline.en).toMatch(/^Not judged/);
  });

  test('a card shows its status, the actual period and source; a baseline bar has no verdict colour', () => {
    const html = page();
    const withActual = tables.progress.filter((r) => r.actual_value !== null);
    expect(withActual.length).toBeGreaterThan(0);
    for (const r of withActual) {
      const card = part(html, `data-target="${r.target_observation_id}"`, '</figure>');
      expect(card).toContain(esc(`${STATUS_LABEL[r.status].zh} · ${STATUS_LABEL[r.status].en}`));
      expect(card).toContain(`(${r.actual_period})`);
      expect(card).toContain(`href="#source-${r.actual_source_id}"`);
      expect(html).toContain(`id="source-${r.actual_source_id}"`);
      const bar = /<rect class="actual-bar"[^>]*>/.exec(card)![0];
      if (r.status === 'baseline') {
        expect(bar).toContain(`fill="${COLORS.baseline}"`);
        expect(card).not.toContain(COLORS.met);
        expect(card).not.toContain(COLORS.notMet);
        expect(card).toContain(`not judged: the actual (${r.actual_period}) precedes the target period`);
      }
    }
    expect(withActual.some((r) => r.status === 'baseline')).toBe(true);
  });

  test('the table gives each target its status, the actual period and source', () => {
    const table = part(page(), '<table id="progress-table"', '</table>');
    for (const r of tables.progress) {
      const row = part(
        table,
        `<tr data-status="${r.status}"><td data-label="indicator"><span lang="zh-CN">${esc(r.label_zh)}`,
        '</tr>',
      );
      expect(row).toContain(esc(STATUS_LABEL[r.status].en));
      if (r.actual_source_id) {
        expect(row).toContain(`href="#source-${r.actual_source_id}"`);
        expect(row).toContain(r.actual_period!);
      }
    }
  });
});

describe('values with a comparator never look exact', () => {
  const marks = /class="(open-end|ceiling|fuzzy-end)"/;

  test('every figure that is not exact shows its symbol and words, a faded or dashed bar and an open end', () => {
    const html = page();
    const units = new Map(tables.units.map((u) => [u.unit_id, u]));
    const inexact = tables.observations.filter((o) => o.comparator !== 'eq');
    expect(inexact.length).toBeGreaterThan(0);
    for (const o of inexact) {
      const g = part(html, `data-observation="${o.observation_id}"`, '</g>');
      const words = COMPARATOR_WORDS[o.comparator];
      expect(g, o.observation_id).toContain(esc(withSymbol(o.comparator, formatDecimal(o.value))));
      expect(g, o.observation_id).toContain(`(${words.en} ${words.zh})`);
      const group = tables.observations.filter((x) => x.domain === o.domain && x.unit === o.unit);
      if (group.length === 1 && units.get(o.unit)?.dimension !== 'share') continue; // no bar at all
      expect(g, o.observation_id).toMatch(marks);
      if (o.kind === 'actual') expect(/<rect class="bar"[^>]*>/.exec(g)![0]).toContain('fill-opacity');
    }
    for (const o of tables.observations.filter((x) => x.comparator === 'eq')) {
      const g = part(html, `data-observation="${o.observation_id}"`, '</g>');
      expect(g).not.toMatch(marks);
      expect(g).not.toContain('fill-opacity');
    }
  });

  test('the legend says how such bars are drawn; the progress table writes comparators in words', () => {
    const html = page();
    const legend = part(html, '<section id="domains">', '</ul>');
    for (const c of ['gte', 'gt', 'lte', 'approx'] as const) {
      expect(legend).toContain(esc(COMPARATOR_SYMBOL[c]));
      expect(legend).toContain(COMPARATOR_WORDS[c].en);
    }
    const table = part(html, '<table id="progress-table"', '</table>');
    for (const r of tables.progress.filter((x) => x.comparator !== 'eq'))
      expect(table).toContain(esc(withSymbol(r.comparator, formatDecimal(r.target_value))));
    expect(table).toContain('(at least 以上)');
  });
});

describe('every bar scale is said beside its bars', () => {
  test('a chart per unit in each domain, each with its scale; shares on a fixed 0–100% scale', () => {
    const html = page();
    const units = new Map(tables.units.map((u) => [u.unit_id, u]));
    const groups = new Set(tables.observations.map((o) => `${o.domain}-${o.unit}`));
    for (const g of groups) {
      const unit = units.get(g.slice(g.indexOf('-') + 1))!;
      const caption = part(html, `<figure class="card unit-group" id="domain-${g}"`, '</figcaption>');
      expect(caption, g).toMatch(/Bar scale: |no bar/);
      if (unit.dimension === 'share') expect(caption).toContain('Bar scale: fixed, 0 to 100%');
    }
    expect((html.match(/class="card unit-group"/g) ?? []).length).toBe(groups.size);
  });

  test('a completion rate (145% of target) no longer makes 100% look short: 0 to 145%, with 100% marked', () => {
    const html = page();
    const group = part(html, '<figure class="card unit-group" id="domain-employment-percent_of_target"', '</figure>');
    expect(group).toContain('Bar scale: 0 to 145%; the dashed line marks 100%.');
    const widths = [...group.matchAll(/<rect class="bar" x="0" y="\d+" width="([\d.]+)%"/g)].map((m) => m[1]);
    expect(widths).toEqual(['60.00', '46.34']); // 145 and 112 on 0..145 over the bar span of 60%
    expect(group).toContain('<line class="reference" x1="41.38%"'); // 100 on the same scale
  });

  test('a unit with one figure in a domain has no bar; other units print their largest value', () => {
    const html = page();
    const minutes = part(html, '<figure class="card unit-group" id="domain-health-minute"', '</figure>');
    expect(minutes).toContain('no bar');
    expect(minutes).not.toContain('class="bar"');
    const persons = part(html, '<figure class="card unit-group" id="domain-employment-person"', '</figcaption>');
    expect(persons).toContain('Bar scale: 0 to 159,670 人, the largest here');
    expect(persons).toContain('a figure over several years (a total) stands beside one-year figures');
  });
});

describe('long lists fold; the page has no scripts', () => {
  test('each domain, each table of the dictionary, and the targets with no actual fold, closed, with counts', () => {
    const html = page();
    const domains = new Set(tables.observations.map((o) => o.domain));
    for (const d of domains) {
      const n = tables.observations.filter((o) => o.domain === d).length;
      const head = part(html, `<details class="domain fold" id="domain-${d}">`, '</summary>');
      expect(head).toContain(`(${n} figures`);
    }
    for (const t of ['observations', 'progress', 'sources'])
      expect(part(html, `<details class="fold dict" id="dict-${t}">`, '</summary>')).toContain(
        `${tables[t as 'observations'].length} rows`,
      );
    const noActual = tables.progress.filter((r) => r.status === 'no_actual').length;
    expect(part(html, '<details class="fold" id="progress-no-actual">', '</summary>')).toContain(`${noActual} targets`);
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(withoutJsonLd(html)).not.toMatch(/<script|\son[a-z]+=/i);
  });
});
