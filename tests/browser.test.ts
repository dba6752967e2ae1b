/**
 * The catalog page in headless Chromium (playwright-core driving Debian's /usr/bin/chromium), served by
 * `serve` from a temporary dist/ with two releases of a generated series (bench/generate.ts: thirty sources,
 * more than ten areas), and from file:// for the synthetic reports (changes, estimates, revisions): the newest
 * version shown, every link resolving, a downloaded file matching its listed SHA-256, a section per area with
 * its charts, every value on the page in its area's section and naming its area at 390 and 1280 px, folded
 * lists opening without a script, the folded page short on a phone and never scrolling sideways, no blank area
 * on a desktop, Chinese text rendered as glyphs (screenshots kept in test-artifacts/), and file:// working too.
 *
 * Skipped, with the reason printed, only where /usr/bin/chromium is absent and CI is not set; in CI a
 * missing browser fails these tests instead (.ci/run installs it).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateRaw } from '../bench/generate.js';
import { startServer, type DistServer } from '../pipeline/service/serve.js';
import { cli, readJson, REPORTS_RAW, REPORTS_TEXTS, ROOT, tempDir } from './helpers.js';

/** The dataset's metadata, as its raw/package.json gives it. */
interface Package {
  name: string;
  title: string;
  title_zh: string;
  license: { path: string };
}
let PACKAGE: Package;

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const present = existsSync(CHROMIUM);
const skip = !present && !process.env.CI;
if (skip)
  console.warn(
    `browser tests SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium fonts-wqy-zenhei); ` +
      'with CI set they fail instead of skipping',
  );

interface Releases {
  releases: { version: string; date: string; summary: string; content_hash: string }[];
}

let dist: string;
let served: DistServer;
let browser: Browser;
let releases: Releases;
const contexts: BrowserContext[] = [];

async function newPage(viewport = { width: 1280, height: 900 }, options: { acceptDownloads?: boolean } = {}) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    acceptDownloads: options.acceptDownloads ?? false,
  });
  contexts.push(context);
  return context.newPage();
}

let shared: Page | undefined;

/**
 * The page at 1280x900, loaded once for the tests that only read it: they neither unfold it, nor navigate it, nor
 * listen to its requests (each of those tests loads a page of its own).
 */
async function readOnlyPage(): Promise<Page> {
  if (!shared) {
    shared = await newPage();
    const response = await shared.goto(served.url);
    expect(response?.status()).toBe(200);
  }
  return shared;
}

const loaded = new Map<string, Promise<Page>>();

/**
 * A page loaded once and shared, by key: the series at 390 px (folded first, then unfolded by the test after),
 * and the series unfolded at 1280 px. Loading and unfolding the series takes seconds: once each is enough.
 */
function sharedPage(key: string, width: number, url = () => served.url, unfolded = false): Promise<Page> {
  if (!loaded.has(key))
    loaded.set(
      key,
      (async () => {
        const page = await newPage({ width, height: 900 });
        await page.goto(url());
        if (unfolded) await unfold(page);
        return page;
      })(),
    );
  return loaded.get(key)!;
}

/**
 * The most a phone may scroll through with every list folded, in CSS pixels at 390 and 360 px wide, for the
 * generated series of thirty sources and sixteen areas. What stays open is the header, what each status of a
 * target means (about 1 300 px at 390), a line or three per area (its name, code and counts: about 110 px
 * each), the files (about 2 700 px), the releases, a line per area of sources, the citation and the folded
 * dictionary: 9 301 px at 390 and 9 667 px at 360 when measured (11 and 13 screens of 844 and 740). The page
 * of the same series before it was folded by area ran to 55 668 px at 390, every target's card and every
 * source open, and scrolled sideways (738 px wide). Each further area adds about 110 px; the bound leaves room
 * for some growth, and a test that fails past it asks for another look at what the page keeps open.
 */
const PHONE_HEIGHT_LIMIT = 11_000;

/**
 * Open every folded list: the first area and its first domain by clicking their summaries, as a reader would
 * (the page has no scripts), then every other at once (a click each would take seconds on this page).
 */
async function unfold(page: Page): Promise<number> {
  const area = page.locator('details.area').first();
  await area.locator('> summary').click();
  await area.locator('details.domain > summary').first().click();
  expect(await area.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  expect(await area.locator('svg.domain-chart').first().isVisible()).toBe(true);
  const opened = await page.$$eval('details:not([open])', (ds) => {
    for (const d of ds) (d as HTMLDetailsElement).open = true;
    return ds.length;
  });
  expect(await page.locator('details:not([open])').count()).toBe(0);
  return opened + 2;
}

/** Edit the first unit's note: a correction, so the second publish is a patch release. */
async function correctANote(raw: string): Promise<void> {
  const file = path.join(raw, 'units.csv');
  const rows = parse(await readFile(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  rows[0]!.note = `${rows[0]!.note} (corrected in a test)`;
  await writeFile(file, stringify(rows, { header: true, columns: Object.keys(rows[0]!) }));
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Draw each character of `sample` on a canvas in the page's own font. Without a CJK font every Han
 * character falls back to the same missing-glyph box, exactly like an unassigned code point; with one,
 * each character is its own glyph.
 */
async function glyphs(page: Page, sample: string) {
  return page.evaluate((sample) => {
    const font = `32px ${getComputedStyle(document.querySelector('.kicker')!).fontFamily}`;
    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (ch: string) => {
      ctx.clearRect(0, 0, 48, 48);
      ctx.font = font;
      ctx.fillStyle = '#000';
      ctx.textBaseline = 'top';
      ctx.fillText(ch, 4, 4);
      const data = ctx.getImageData(0, 0, 48, 48).data;
      let ink = 0;
      let key = '';
      for (let i = 3; i < data.length; i += 4) {
        if (data[i]! > 0) ink++;
        key += data[i]! > 127 ? '1' : '0';
      }
      return { ink, key, width: ctx.measureText(ch).width };
    };
    const tofu = draw('\u0378'); // an unassigned code point: always the missing glyph
    return { tofu: tofu.key, chars: [...new Set(sample)].map((ch) => ({ ch, ...draw(ch) })) };
  }, sample);
}

/** What an area-by-area look at a page found wrong: values outside their area, charts or cards not naming it. */
async function valuesWithoutArea(page: Page): Promise<{ problems: string[]; values: number; texts: number }> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const say = (el: Element, what: string) =>
      problems.push(`${what}: ${el.tagName} ${(el.textContent ?? '').replace(/\s+/g, ' ').slice(0, 80)}`);
    const sectionOf = (el: Element) => el.closest('.area[data-area]');
    // every element that carries a value carries its area, and lies in that area's section, whose heading names it
    const values = [...document.querySelectorAll('[data-observation], [data-target]')];
    for (const el of values) {
      const code = (el.getAttribute('data-observation') ?? el.getAttribute('data-target'))!.split(':')[0]!;
      const section = sectionOf(el);
      if (el.closest('[data-area]')?.getAttribute('data-area') !== code) say(el, `not marked with its area ${code}`);
      if (section?.getAttribute('data-area') !== code) say(el, `outside the section of its area ${code}`);
      const heading = section && document.getElementById(section.getAttribute('aria-labelledby') ?? '');
      if (!heading?.textContent?.includes(code)) say(el, `in a section whose heading does not name ${code}`);
    }
    // every number written in the areas part of the page (outside what is said once above the areas) is in an area
    const walker = document.createTreeWalker(document.querySelector('#areas')!, NodeFilter.SHOW_TEXT);
    let texts = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!/\d/.test(n.textContent ?? '') || el.closest('#areas-summary, #status-meanings, #how-to-read')) continue;
      texts++;
      if (!sectionOf(el)) say(el, 'a number outside every area');
    }
    // every chart's accessible name, and every card and row (visibly), names its area
    for (const svg of document.querySelectorAll('#areas svg.chart')) {
      const name = (svg.getAttribute('aria-labelledby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      if (!name.includes(sectionOf(svg)?.getAttribute('data-area') ?? '?')) say(svg, 'a chart whose name has no area');
    }
    for (const el of document.querySelectorAll('#areas .card, #areas tr[data-target], #areas li.change')) {
      const chip = el.querySelector('.area-chip, .area-tag');
      const box = chip?.getBoundingClientRect();
      if (!chip || !box || box.width === 0 || box.height === 0) say(el, 'no visible chip naming its area');
      else if (chip.getAttribute('data-area') !== sectionOf(el)?.getAttribute('data-area'))
        say(el, 'the chip of another area');
    }
    return { problems, values: values.length, texts };
  });
}

describe.skipIf(skip)('the catalog page in Chromium', () => {
  /** The synthetic reports (changes, estimates, revisions), published once and read from file://. */
  let reports: string;

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is absent and CI is set: .ci/run must install chromium`);
    const dir = await tempDir('browser-');
    dist = path.join(dir, 'dist');
    const raw = path.join(dir, 'raw');
    generateRaw(raw, 1800); // thirty sources, more than ten areas
    PACKAGE = await readJson<Package>(path.join(raw, 'package.json'));
    const first = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(first.code, first.err).toBe(0);
    await correctANote(raw);
    const second = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(second.code, second.err).toBe(0);
    releases = await readJson<Releases>(path.join(dist, 'releases.json'));
    expect(releases.releases.map((r) => r.version)).toEqual(['1.0.0', '1.0.1']);
    const reportsDist = path.join(dir, 'reports-dist');
    const r = await cli('publish', '--raw', REPORTS_RAW, '--texts', REPORTS_TEXTS, '--dist', reportsDist);
    expect(r.code, r.err).toBe(0);
    reports = pathToFileURL(path.join(reportsDist, 'index.html')).href;
    served = await startServer(dist, 0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await served?.close();
  });

  test('shows the newest version, and every release with its date and summary', async () => {
    const page = await readOnlyPage();
    expect(await page.title()).toContain(PACKAGE.title);
    const newest = releases.releases.at(-1)!;
    expect(await page.locator('#newest-version').textContent()).toBe(newest.version);
    expect(await page.locator('#newest-date').textContent()).toBe(newest.date);
    const rows = page.locator('#releases-table tbody tr');
    expect(await rows.count()).toBe(releases.releases.length);
    expect(await rows.first().textContent()).toContain(newest.version); // newest first
    for (const r of releases.releases) {
      const row = page.locator(`#release-${r.version.replaceAll('.', '\\.')}`);
      const text = await row.textContent();
      expect(text).toContain(r.date);
      expect(text).toContain(r.summary);
    }
    expect(await page.locator('#citation').textContent()).toContain(`version ${newest.version}`);
    const ids = await page.$$eval('[id]', (els) => els.map((e) => e.id));
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'ids are unique',
    ).toEqual([]);
  });

  test('loads nothing but the page itself: no scripts (the JSON-LD is data), no external fonts or styles', async () => {
    const page = await newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(served.url, { waitUntil: 'networkidle' });
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(requests).toEqual([served.url]);
    expect(problems).toEqual([]); // a CSP violation would be reported here
    const blocked = 'script:not([type="application/ld+json"]), link[rel=stylesheet], iframe, img, object, embed';
    expect(await page.locator(blocked).count()).toBe(0);
    // the one script element is JSON-LD: data the browser keeps as text, never runs, and that parses
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as {
      '@type': string;
      version: string;
    };
    expect(ld['@type']).toBe('Dataset');
    expect(ld.version).toBe(releases.releases.at(-1)!.version);
    const html = await readFile(path.join(dist, 'index.html'), 'utf8');
    const rest = html.replace(/<script type="application\/ld\+json">[^]*?<\/script>/, '');
    expect(rest).not.toMatch(/@import|url\(|<script|src=/i);
  });

  test('every link on the page resolves', async () => {
    const page = await readOnlyPage();
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    const sources = await readJson<{ url: string | null }[]>(path.join(dist, 'latest', 'sources.json'));
    const external = new Set([PACKAGE.license.path, ...sources.flatMap((s) => (s.url ? [s.url] : []))]);
    const checked = new Map<string, number>();
    for (const href of new Set(hrefs)) {
      if (href.startsWith('#')) {
        expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
        continue;
      }
      const url = new URL(href, served.url);
      if (url.origin !== new URL(served.url).origin) {
        // this machine and CI reach no other host: an external link must be one the page means to have
        expect(external.has(href), `unexpected external link ${href}`).toBe(true);
        expect(url.protocol).toBe('https:');
        continue;
      }
      expect(href, 'links are relative, so the page works from file:// and any host').not.toMatch(/^\/|^[a-z]+:/i);
      const r = await page.request.get(url.href);
      checked.set(href, r.status());
    }
    const broken = [...checked].filter(([, status]) => status !== 200);
    expect(broken).toEqual([]);
    // every file of the newest release, and each release's CHANGES.md, datapackage.json and SHA256SUMS
    const files = (await readFile(path.join(dist, 'latest', 'SHA256SUMS'), 'utf8')).trim().split('\n');
    for (const line of files) expect(checked.has(`latest/${line.split('  ')[1]}`), line).toBe(true);
    expect(checked.has('latest/SHA256SUMS')).toBe(true);
    for (const r of releases.releases)
      for (const f of ['CHANGES.md', 'datapackage.json', 'SHA256SUMS'])
        expect(checked.has(`${r.version}/${f}`)).toBe(true);
  });

  test('a downloaded file (CSV, the workbook) matches the SHA-256 listed beside it (and in datapackage.json)', async () => {
    const page = await newPage(undefined, { acceptDownloads: true });
    await page.goto(served.url);
    const pkg = await readJson<{ resources: { path: string; hash: string }[] }>(
      path.join(dist, 'latest', 'datapackage.json'),
    );
    for (const file of ['observations.csv', `${PACKAGE.name}.xlsx`, 'progress.csv']) {
      const row = page.locator(`#files-table tr[data-file="${file}"]`);
      const listed = (await row.locator('td.hash').textContent())!.trim();
      expect(listed).toMatch(/^[0-9a-f]{64}$/);
      const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a').click()]);
      const bytes = await readFile((await download.path())!);
      expect(sha256(bytes), file).toBe(listed);
      expect(`sha256:${listed}`).toBe(pkg.resources.find((r) => r.path === file)?.hash);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
      expect(await row.locator('td[data-bytes]').getAttribute('data-bytes')).toBe(String(bytes.length));
    }
  });

  test('the charts are there: a folded section per area, with a card per target and a chart per unit', async () => {
    const page = await readOnlyPage();
    const progress = await readJson<{ status: string; area_code: string }[]>(
      path.join(dist, 'latest', 'progress.json'),
    );
    const observations = await readJson<{ area_code: string; domain: string; unit: string; measure: string }[]>(
      path.join(dist, 'latest', 'observations.json'),
    );
    const codes = [...new Set([...observations, ...progress].map((o) => o.area_code))].sort();
    const areas = await page
      .locator('#areas details.area')
      .evaluateAll((ds) => ds.map((d) => d.getAttribute('data-area')));
    expect(areas).toEqual(codes);
    let cards = 0;
    let bars = 0;
    const counts = await page.$$eval('.statuses.counts li', (lis) =>
      lis.map(
        (li) =>
          `${li.closest('ul')!.getAttribute('data-area')} ${li.getAttribute('data-status')} ${li.querySelector('.count')!.textContent}`,
      ),
    );
    const expected: string[] = [];
    for (const code of codes) {
      const rows = progress.filter((p) => p.area_code === code);
      cards += Math.min(rows.length, 100); // each list on the page shows at most 100, and says how many more
      bars += Math.min(rows.filter((p) => p.status !== 'no_actual').length, 100);
      if (rows.length > 0)
        for (const s of ['not_met', 'met', 'behind', 'ahead', 'undecided', 'baseline', 'no_actual'])
          expected.push(`${code} ${s} ${rows.filter((p) => p.status === s).length}`);
    }
    expect(counts).toEqual(expected);
    expect(await page.locator('#areas svg.progress-chart').count()).toBe(cards);
    expect(await page.locator('#areas .target-marker').count()).toBe(cards);
    expect(await page.locator('#areas .actual-bar').count()).toBe(bars);
    const levels = observations.filter((o) => o.measure === 'level');
    expect(await page.locator('#areas svg.domain-chart').count()).toBe(
      new Set(levels.map((o) => `${o.area_code} ${o.domain} ${o.unit}`)).size,
    );
    expect(await page.locator('#areas g.figure').count()).toBe(levels.length);
    // folded: an area's charts are not shown until it is opened, by a click
    expect(await page.locator('#areas svg.chart').first().isVisible()).toBe(false);
    expect(await page.locator('svg.chart:not([role="img"])').count()).toBe(0);
    const titles = await page.$$eval('svg.chart', (svgs) =>
      svgs.filter((s) => s.querySelectorAll(':scope > title').length !== 1),
    );
    expect(titles.length).toBe(0);
  });

  test('Chinese text renders as glyphs, not boxes (screenshots in test-artifacts/)', async () => {
    const page = await readOnlyPage();
    await page.screenshot({ path: path.join(ARTIFACTS, 'catalog-desktop.png') });
    const kicker = (await page.locator('.kicker').textContent())!;
    expect(kicker).toBe(PACKAGE.title_zh);
    const area = (await page.locator('.area-title [lang="zh-CN"]').first().textContent())!;
    const sample = `${PACKAGE.title_zh}${area}目标进度`.replace(/[^\p{Script=Han}]/gu, '');
    const result = await glyphs(page, sample);
    for (const c of result.chars) {
      expect(c.ink, `${c.ch} draws something`).toBeGreaterThan(20);
      expect(c.key, `${c.ch} is not the missing-glyph box`).not.toBe(result.tofu);
      expect(c.width, `${c.ch} is a full-width glyph`).toBeGreaterThan(28);
    }
    expect(new Set(result.chars.map((c) => c.key)).size, 'every character is a different glyph').toBe(
      result.chars.length,
    );
  });

  test('the glyph check would catch boxes: with only a Latin font it finds the missing glyph', async (ctx) => {
    const dejavu = '/usr/share/fonts/truetype/dejavu';
    if (!existsSync(dejavu)) ctx.skip(); // the control needs a Latin-only font folder
    const dir = await tempDir('fonts-');
    await writeFile(
      path.join(dir, 'fonts.conf'),
      `<?xml version="1.0"?><fontconfig><dir>${dejavu}</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`,
    );
    const { chromium } = await import('playwright-core');
    const latinOnly = await chromium.launch({
      executablePath: CHROMIUM,
      args: ARGS,
      env: { ...process.env, FONTCONFIG_FILE: path.join(dir, 'fonts.conf') } as Record<string, string>,
    });
    try {
      const page = await latinOnly.newPage();
      await page.goto(reports); // the small page of the reports: the fonts are what this test is about
      const kicker = (await page.locator('.kicker').textContent())!;
      const result = await glyphs(page, kicker.replace(/[^\p{Script=Han}]/gu, '').slice(0, 8));
      expect(result.chars.every((c) => c.key === result.tofu)).toBe(true);
    } finally {
      await latinOnly.close();
    }
  });

  test.each([390, 360])(
    'reads on a %i px phone: short when folded, an area opens with a click, no sideways scrolling',
    async (width) => {
      const page = await sharedPage(`phone-${width}`, width);
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-phone-${width}.png`) });
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-phone-${width}-folded.png`), fullPage: true });
      const folded = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`the folded page at ${width} px is ${folded} px tall`);
      expect(folded, `the folded page is ${folded} px tall`).toBeLessThanOrEqual(PHONE_HEIGHT_LIMIT);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // an area opens with a click on its summary, and shows its sources and targets
      const area = page.locator('details.area').nth(1);
      await area.locator('> summary').click();
      expect(await area.locator('.area-sources').isVisible()).toBe(true);
      const card = area.locator('.progress-card').first();
      if ((await card.count()) > 0)
        await card.screenshot({ path: path.join(ARTIFACTS, `catalog-phone-${width}-card.png`) });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const fontSize = await page.$eval('body', (b) => parseFloat(getComputedStyle(b).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(16);
    },
  );

  /** Every value in its area, and every chart's text inside its chart, with everything unfolded. */
  async function expectAreasKept(page: Page, width: number) {
    expect(await page.locator('details:not([open])').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const found = await valuesWithoutArea(page);
    expect(found.problems.slice(0, 10)).toEqual([]);
    expect(found.values).toBeGreaterThan(100);
    expect(found.texts).toBeGreaterThan(found.values);
    const overflow = await page.$$eval('svg.chart', (svgs) =>
      svgs.flatMap((svg) => {
        const { left, right, width, height } = svg.getBoundingClientRect();
        if (width < 250 || height < 30) return [`a chart of ${Math.round(width)}x${Math.round(height)} px`];
        return [...svg.querySelectorAll('text')]
          .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
          .filter(({ box }) => box.right > right + 1 || box.left < left - 1)
          .map(({ text, box }) => `${text} (${Math.round(Math.max(box.right - right, left - box.left))}px out)`);
      }),
    );
    expect(overflow.slice(0, 10)).toEqual([]);
  }

  test.each([390, 1280])(
    'at %i px, every value drawn or listed is in its area and names it (a series of thirty sources)',
    async (width) => {
      // at 390 the phone's page, after the test above; at 1280 a page shared with the test of columns below
      const page = await sharedPage(width === 390 ? 'phone-390' : 'desktop-unfolded', width, undefined, width > 390);
      if (width === 390) await unfold(page);
      await expectAreasKept(page, width);
    },
  );

  test.each([390, 1280])(
    'at %i px, every value is in its area on the reports too: changes, estimates, revisions',
    async (width) => {
      const page = await newPage({ width, height: 900 });
      await page.goto(reports);
      await unfold(page);
      await expectAreasKept(page, width);
      expect(await page.locator('#areas li.change').count()).toBeGreaterThan(50);
      expect(await page.locator('#areas .revised, #areas text.revision').count()).toBeGreaterThan(0);
      // the top of one area, opened, as a reader sees it (a whole area is too tall to shoot quickly)
      const box = await page
        .locator('details.area')
        .nth(2)
        .evaluate((d) => {
          const r = d.getBoundingClientRect();
          return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
        });
      const clip = { ...box, height: Math.min(box.height, 2400) };
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-area-${width}.png`), fullPage: true, clip });
    },
  );

  test('on a 1280x900 desktop the charts of a domain flow in columns, leaving no large blank area', async () => {
    const page = await sharedPage('desktop-unfolded', 1280, undefined, true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // per domain: the share of the area its charts span (the full width x the tallest column) that charts cover
    const fill = await page.$$eval('.domain-charts .groups', (groups) =>
      groups.map((g) => {
        const cards = [...g.querySelectorAll('.card')].map((c) => c.getBoundingClientRect());
        const box = g.getBoundingClientRect();
        const columns = new Set(cards.map((c) => Math.round(c.left))).size;
        const covered = cards.reduce((a, c) => a + c.width * c.height, 0);
        const chosen = Number(/cols(\d)/.exec(g.className)![1]);
        return { id: g.parentElement!.id, chosen, columns, fill: covered / (box.width * box.height) };
      }),
    );
    expect(fill.length).toBeGreaterThan(20);
    for (const f of fill) {
      expect(f.columns, f.id).toBe(f.chosen);
      expect(f.fill, `${f.id}: ${JSON.stringify(f)}`).toBeGreaterThan(0.6);
    }
  });

  test('works from file:// too: the page of the reports, relative links to files that exist', async () => {
    const page = await newPage();
    await page.goto(reports);
    const own = await readJson<Releases>(fileURLToPath(new URL('releases.json', reports)));
    expect(await page.locator('#newest-version').textContent()).toBe(own.releases.at(-1)!.version);
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(0);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    const local = hrefs.filter((h) => h.startsWith('file:')).map((h) => fileURLToPath(h.split('#')[0]!));
    expect(local.length).toBeGreaterThan(20);
    for (const file of local) expect(existsSync(file), file).toBe(true);
  });
});
