/**
 * The catalog page without a browser: byte-reproducible, every text escaped, no dates but the releases',
 * and the chart helpers (wrapping, exact number formatting, label placement).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFromRaw } from '../pipeline/run.js';
import { renderCatalog } from '../pipeline/release/catalog/page.js';
import {
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
let files: Map<string, Buffer>;
let meta: DatasetMeta;

async function readRelease(dir: string, prefix = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) for (const [k, v] of await readRelease(path.join(dir, e.name), rel + '/')) out.set(k, v);
    else out.set(rel, await readFile(path.join(dir, e.name)));
  }
  return out;
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

  test('two publishes of the same raw/ write the same index.html', async () => {
    const pages: string[] = [];
    for (const _ of [1, 2]) {
      const dist = path.join(await tempDir('catalog-'), 'dist');
      const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
      expect(r.code, r.err).toBe(0);
      pages.push(await readFile(path.join(dist, 'index.html'), 'utf8'));
    }
    expect(pages[0]).toBe(pages[1]);
  });

  test('no dates but those of the releases; the newest first', () => {
    const html = page();
    expect([...new Set(html.match(/\b\d{4}-\d{2}-\d{2}\b/g))].sort()).toEqual(['2025-11-29', '2025-12-01']);
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
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
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
    comparator: 'eq' as const,
    target_value: '15',
    actual_observation_id: null,
    actual_period: null,
    actual_value: null,
    actual_comparator: null,
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
    const { progressChart } = await import('../pipeline/release/catalog/charts.js');
    expect(zone(progressChart(row, undefined, 0, 'lower'))).toBe('0');
    expect(zone(progressChart(row, undefined, 0, null))).not.toBe('0');
    expect(zone(progressChart({ ...row, comparator: 'lte' }, undefined, 0, null))).toBe('0');
  });
});
