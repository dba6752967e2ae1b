/**
 * The catalog page in headless Chromium (playwright-core driving Debian's /usr/bin/chromium), served by
 * `serve` from a temporary dist/ with two releases: the newest version shown, every link resolving, a
 * downloaded CSV matching its listed SHA-256, the charts present, folded lists opening without a script,
 * the page fitting a phone (and short on it) and leaving no blank area on a desktop, Chinese text rendered
 * as glyphs (screenshots kept in test-artifacts/), and the page working from file:// too.
 *
 * Skipped, with the reason printed, only where /usr/bin/chromium is absent and CI is not set; in CI a
 * missing browser fails these tests instead (.ci/run installs it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type DistServer } from '../pipeline/service/serve.js';
import { cli, copyRaw, RAW, readJson, ROOT, tempDir } from './helpers.js';

/** The dataset's metadata, as raw/package.json gives it. */
const PACKAGE = JSON.parse(readFileSync(path.join(RAW, 'package.json'), 'utf8')) as {
  title: string;
  license: { path: string };
};

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

/**
 * The most a phone may scroll through with every list folded, in CSS pixels at 360 px wide. What stays open
 * is the reading matter: the header, the progress headline with what each status means, a card per target
 * with an actual, the files, releases, source and citation (about 10 000 px today, 13 screens of 740; it
 * was over 30 000 unfolded). Each further release adds a row of about 150 px, each target answered by an
 * actual a card of about 330 px: the bound leaves room for some growth, and a test that fails past it asks
 * for another look at what the page keeps open.
 */
const PHONE_HEIGHT_LIMIT = 12_000;

/** Open every folded list by clicking its summary, as a reader would (the page has no scripts). */
async function unfold(page: Page): Promise<number> {
  const summaries = page.locator('details > summary');
  let opened = 0;
  for (let i = 0; i < (await summaries.count()); i++) {
    const summary = summaries.nth(i);
    if (await summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open)) continue;
    await summary.click();
    opened++;
  }
  expect(await page.locator('details:not([open])').count()).toBe(0);
  return opened;
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

describe.skipIf(skip)('the catalog page in Chromium', () => {
  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is absent and CI is set: .ci/run must install chromium`);
    dist = path.join(await tempDir('browser-'), 'dist');
    const raw = await copyRaw();
    const first = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(first.code, first.err).toBe(0);
    await correctANote(raw);
    const second = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(second.code, second.err).toBe(0);
    releases = await readJson<Releases>(path.join(dist, 'releases.json'));
    expect(releases.releases.map((r) => r.version)).toEqual(['1.0.0', '1.0.1']);
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
    for (const file of ['observations.csv', 'banan-livelihood.xlsx', 'progress.csv']) {
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

  test('the charts are there: a card per target, a folded section per domain with a chart per unit', async () => {
    const page = await newPage();
    await page.goto(served.url);
    const progress = await readJson<{ status: string }[]>(path.join(dist, 'latest', 'progress.json'));
    const observations = await readJson<{ domain: string; unit: string }[]>(
      path.join(dist, 'latest', 'observations.json'),
    );
    const charts = page.locator('#progress-charts svg.progress-chart');
    expect(await charts.count()).toBe(progress.length);
    expect(await page.locator('#progress-charts .target-marker').count()).toBe(progress.length);
    expect(await page.locator('#progress-charts .actual-bar').count()).toBe(
      progress.filter((p) => p.status !== 'no_actual').length,
    );
    for (const s of ['met', 'not_met', 'ahead', 'behind', 'baseline', 'no_actual']) {
      const n = progress.filter((p) => p.status === s).length;
      expect(await page.locator(`#progress-charts .status-${s}`).count()).toBe(n);
      expect(await page.locator(`#status-counts li[data-status="${s}"] .count`).textContent()).toBe(String(n));
    }
    const domains = new Set(observations.map((o) => o.domain));
    expect(await page.locator('#domain-charts details.domain').count()).toBe(domains.size);
    expect(await page.locator('#domain-charts svg.domain-chart').count()).toBe(
      new Set(observations.map((o) => `${o.domain} ${o.unit}`)).size,
    );
    expect(await page.locator('#domain-charts g.figure').count()).toBe(observations.length);
    // folded: the domain charts are not shown until their section is opened, by a click
    expect(await page.locator('#domain-charts svg.domain-chart').first().isVisible()).toBe(false);
    await unfold(page);
    for (const svg of await page.locator('svg.chart').all()) {
      const box = (await svg.boundingBox())!;
      expect(box.width).toBeGreaterThan(250);
      expect(box.height).toBeGreaterThan(30);
      expect(await svg.getAttribute('role')).toBe('img');
      expect(await svg.locator('title').count()).toBe(1);
    }
    for (const caption of await page.locator('.unit-group figcaption .scale').allTextContents())
      expect(caption).toMatch(/^Bar scale: |no bar/);
  });

  test('Chinese text renders as glyphs, not boxes (screenshots in test-artifacts/)', async () => {
    const page = await readOnlyPage();
    await page.screenshot({ path: path.join(ARTIFACTS, 'catalog-desktop.png') });
    await page.locator('#progress-charts').screenshot({ path: path.join(ARTIFACTS, 'catalog-progress-charts.png') });
    const kicker = (await page.locator('.kicker').textContent())!;
    expect(kicker).toMatch(/巴南区/);
    const result = await glyphs(page, '巴南区民生数据目标进度');
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
      await page.goto(served.url);
      const result = await glyphs(page, '巴南区民生');
      expect(result.chars.every((c) => c.key === result.tofu)).toBe(true);
    } finally {
      await latinOnly.close();
    }
  });

  test.each([
    [390, 844],
    [360, 740],
  ])(
    'reads on a %ix%i phone: short when folded, no sideways scrolling, chart text inside its chart',
    async (width, height) => {
      const page = await newPage({ width, height });
      await page.goto(served.url);
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-phone-${width}.png`) });
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-phone-${width}-folded.png`), fullPage: true });
      const folded = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(folded, `the folded page is ${folded} px tall`).toBeLessThanOrEqual(PHONE_HEIGHT_LIMIT);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await unfold(page)).toBeGreaterThan(5);
      const unfolded = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(unfolded, 'folding is what keeps it short').toBeGreaterThan(folded * 1.5);
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-phone-${width}-unfolded.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const overflow = await page.$$eval('svg.chart', (svgs) =>
        svgs.flatMap((svg) => {
          const { left, right } = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')]
            .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
            .filter(({ box }) => box.right > right + 1 || box.left < left - 1)
            .map(({ text, box }) => `${text} (${Math.round(Math.max(box.right - right, left - box.left))}px out)`);
        }),
      );
      expect(overflow).toEqual([]);
      const fontSize = await page.$eval('body', (b) => parseFloat(getComputedStyle(b).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(16);
    },
  );

  test('on a 1280x900 desktop the charts of a domain flow in columns, leaving no large blank area', async () => {
    const page = await newPage();
    await page.goto(served.url);
    await unfold(page);
    await page.locator('#domains').screenshot({ path: path.join(ARTIFACTS, 'catalog-desktop-domains.png') });
    await page.locator('#progress').screenshot({ path: path.join(ARTIFACTS, 'catalog-desktop-progress.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // per domain: the share of the area its charts span (columns used x tallest column) that charts cover
    const fill = await page.$$eval('#domain-charts .groups', (groups) =>
      groups.map((g) => {
        const cards = [...g.querySelectorAll('.unit-group')].map((c) => c.getBoundingClientRect());
        const box = g.getBoundingClientRect();
        const columns = new Set(cards.map((c) => Math.round(c.left))).size;
        const covered = cards.reduce((a, c) => a + c.width * c.height, 0);
        return { id: g.parentElement!.id, cards: cards.length, columns, fill: covered / (box.width * box.height) };
      }),
    );
    for (const f of fill) {
      expect(f.columns, f.id).toBe(Math.min(f.cards, 3));
      expect(f.fill, `${f.id}: ${JSON.stringify(f)}`).toBeGreaterThan(0.6);
    }
  });

  test('works from file:// too: the same page, relative links to files that exist', async () => {
    const page = await newPage();
    const url = pathToFileURL(path.join(dist, 'index.html')).href;
    await page.goto(url);
    expect(await page.locator('#newest-version').textContent()).toBe(releases.releases.at(-1)!.version);
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(0);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    const local = hrefs.filter((h) => h.startsWith('file:')).map((h) => fileURLToPath(h.split('#')[0]!));
    expect(local.length).toBeGreaterThan(20);
    for (const file of local) expect(existsSync(file), file).toBe(true);
  });
});
