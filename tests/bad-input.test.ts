/**
 * Bad input (issue 4): every broken raw/ in tests/fixtures/bad/ is refused with exit status 1, an error that
 * names the right file, line and column, and dist/ left byte-identical.
 *
 * Each case is a folder holding only the file(s) that differ from the good base in tests/fixtures/good-raw/,
 * and an `expected.json`:
 *   { "file": "figures/health.csv", "line": 7, "column": "value_text", "code": "CHECK_MEASURE_WORD",
 *     "message_includes": "圆", "errors": 1, "remove": ["units.csv"], "describe": "…" }
 * `line: null` is a problem with the whole file (a missing file, a bad file name). `errors` (default 1, or the
 * number of `problems`) is how many errors the run must report: one mistake, one error, not a cascade.
 * `problems: [...]` lists several expected problems instead of one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_PROBLEMS_PER_FILE, DataError, type Problem } from '../pipeline/core/errors.js';
import { inside, releaseDir, VERSION_PATTERN } from '../pipeline/release/store.js';
import { loadSchemas } from '../pipeline/core/schemas.js';
import { cli, copyRaw, FIXTURES, snapshot, tempDir } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');
const BAD = path.join(FIXTURES, 'bad');

interface ExpectedProblem {
  file: string;
  line: number | null;
  column?: string;
  code: string;
  message_includes?: string;
}

interface Expected extends Partial<ExpectedProblem> {
  describe: string;
  errors?: number;
  problems?: ExpectedProblem[];
  remove?: string[];
}

const CASES = readdirSync(BAD, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const expectedOf = (name: string) =>
  JSON.parse(readFileSync(path.join(BAD, name, 'expected.json'), 'utf8')) as Expected;

function problemsOf(e: Expected): ExpectedProblem[] {
  if (e.problems) return e.problems;
  return [
    { file: e.file!, line: e.line ?? null, column: e.column, code: e.code!, message_includes: e.message_includes },
  ];
}

/** The good base with the case's files laid over it (and its `remove` list deleted). */
async function rawFor(name: string): Promise<string> {
  const raw = await copyRaw(GOOD);
  const caseDir = path.join(BAD, name);
  for (const entry of await readdir(caseDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'expected.json') continue;
    const rel = path.relative(caseDir, path.join(entry.parentPath, entry.name));
    await cp(path.join(caseDir, rel), path.join(raw, rel));
  }
  for (const rel of expectedOf(name).remove ?? []) await rm(path.join(raw, rel), { recursive: true });
  return raw;
}

/** `<raw>/figures/health.csv:7:value_text: ` as the text format prints it. */
function prefix(raw: string, p: ExpectedProblem): string {
  return [path.join(raw, p.file), p.line ?? undefined, p.column].filter((x) => x !== undefined).join(':') + ': ';
}

/** The release published from the good base: every case starts from a copy of it. */
let baseDist: string;
/** The folder holding it (just dist/), file by file: what a copy of it must still hold after a failed run. */
let baseHome: Record<string, string>;

beforeAll(async () => {
  baseDist = path.join(await tempDir('bad-base-'), 'dist');
  const r = await cli('publish', '--raw', GOOD, '--dist', baseDist, '--untraced');
  expect(r.code, r.err).toBe(0);
  expect(r.out).toBe('published 1.0.0 (initial): First release.');
  baseHome = await snapshot(path.dirname(baseDist));
});

describe('the good base', () => {
  test('validates with no problem at all', async () => {
    const r = await cli('validate', '--raw', GOOD, '--format', 'json');
    expect(r.code, r.out).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, errors: 0, warnings: 0, problems: [] });
  });

  test('there are at least 30 bad cases, each described, each with an expected problem', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const name of CASES) {
      const e = expectedOf(name);
      expect(e.describe, name).toMatch(/\w/);
      for (const p of problemsOf(e)) {
        expect(p.file, name).toMatch(/\.(csv|CSV|bak|json)$|^figures$/);
        expect(p.code, name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      }
    }
  });
});

describe.each(CASES)('bad input: %s', (name) => {
  const expected = expectedOf(name);
  const wanted = problemsOf(expected);
  const errorCount = expected.errors ?? wanted.length;
  let raw: string; // read, never written, by the three tests of the case
  beforeAll(async () => {
    raw = await rawFor(name);
  });

  test(`${expected.describe}: publish exits 1 naming the file and line; dist/ is byte-identical`, async () => {
    const home = await tempDir('bad-dist-');
    const dist = path.join(home, 'dist');
    await cp(baseDist, dist, { recursive: true });

    const r = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    for (const p of wanted) {
      const line = lines.find((l) => l.startsWith(prefix(raw, p)));
      expect(line, `no line starting ${prefix(raw, p)} in:\n${r.err}`).toBeDefined();
      if (p.message_includes) expect(line).toContain(p.message_includes);
    }
    expect(r.err).toContain('nothing was published');
    expect(r.err, 'a crash, not a reported problem').not.toMatch(/^error: |\n\s+at /);
    expect(await snapshot(home)).toEqual(baseHome); // dist/ and anything beside it (the lock file)
  });

  test('validate --format json lists the same problems, with codes', async () => {
    const r = await cli('validate', '--raw', raw, '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; errors: number; problems: Problem[] };
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(report.ok).toBe(false);
    expect(report.errors).toBe(errors.length);
    expect(errors.map((p) => `${p.file}:${p.line}:${p.column}: ${p.code} ${p.message}`)).toHaveLength(errorCount);
    for (const p of wanted) {
      const match = errors.find(
        (q) =>
          q.file === path.join(raw, p.file) &&
          (q.line ?? null) === p.line &&
          (p.column === undefined || q.column === p.column) &&
          q.code === p.code,
      );
      expect(match, `${JSON.stringify(p)} not in ${JSON.stringify(errors, null, 1)}`).toBeDefined();
      expect(match!.message.length).toBeGreaterThan(10);
      if (p.message_includes) expect(match!.message).toContain(p.message_includes);
    }
  });

  test('validate --format github gives one annotation per error', async () => {
    const r = await cli('validate', '--raw', raw, '--format', 'github');
    expect(r.code).toBe(1);
    const annotations = r.out.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(errorCount);
    for (const p of wanted) {
      const file = path.join(raw, p.file).replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C');
      const props = `::error file=${file}${p.line !== null ? `,line=${p.line}` : ''},title=${p.code}::`;
      const annotation = annotations.find((l) => l.startsWith(props));
      expect(annotation, `no annotation ${props} in:\n${r.out}`).toBeDefined();
      if (p.column) expect(annotation).toContain(`::${p.column}: `);
    }
  });
});

test('a failed run into a dist/ that does not exist yet creates nothing at all', async () => {
  const raw = await rawFor('value-unknown-measure-word');
  const home = await tempDir('no-dist-');
  const r = await cli('publish', '--raw', raw, '--dist', path.join(home, 'dist'), '--untraced');
  expect(r.code).toBe(1);
  expect(await readdir(home)).toEqual([]);
});

describe('limits', () => {
  test('many errors: each file reports up to the limit and says how many more there are; other files still report', async () => {
    const raw = await copyRaw(GOOD);
    const header = readFileSync(path.join(GOOD, 'figures', 'education.csv'), 'utf8').split('\n')[0];
    const rows = Array.from(
      { length: 500 },
      (_, i) =>
        `edu-${String(i + 100).padStart(3, '0')},banan-livelihood-2022,7,homework_volume_reduction,actual,,2022,1/2以上,=1+${i}`,
    );
    await writeFile(path.join(raw, 'figures', 'education.csv'), [header, ...rows].join('\n') + '\n');
    // one more error in another file, found after the 500 above
    const health = path.join(raw, 'figures', 'health.csv');
    await writeFile(health, readFileSync(health, 'utf8').replace(',medical_consortia,', ',medical_consortium,'));

    const r = await cli('validate', '--raw', raw, '--format', 'json');
    expect(r.code).toBe(1);
    const { problems } = JSON.parse(r.out) as { problems: Problem[] };
    const education = problems.filter((p) => p.file === path.join(raw, 'figures', 'education.csv'));
    expect(education).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    const more = education.at(-1)!;
    expect(more.code).toBe('TOO_MANY_PROBLEMS');
    expect(more.message).toContain(`${500 - MAX_PROBLEMS_PER_FILE} more problems`);
    expect(education.slice(0, -1).every((p) => p.code === 'RULE_FORMULA')).toBe(true);
    expect(education.slice(0, 3).map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems.find((p) => p.code === 'RULE_UNKNOWN_INDICATOR')).toMatchObject({
      file: health,
      line: 3,
      column: 'indicator_id',
    });
  });

  test('many unreadable values: the normalize and check stages are capped per file too', async () => {
    const raw = await copyRaw(GOOD);
    const header = readFileSync(path.join(GOOD, 'figures', 'education.csv'), 'utf8').split('\n')[0];
    const rows = Array.from(
      { length: 150 },
      (_, i) =>
        `edu-${String(i + 100).padStart(3, '0')},banan-livelihood-2022,7,homework_volume_reduction,actual,,2022,大约${i}%,`,
    );
    await writeFile(path.join(raw, 'figures', 'education.csv'), [header, ...rows].join('\n') + '\n');
    const r = await cli('validate', '--raw', raw, '--format', 'json');
    expect(r.code).toBe(1);
    const { problems } = JSON.parse(r.out) as { problems: Problem[] };
    const education = problems.filter((p) => p.file === path.join(raw, 'figures', 'education.csv'));
    expect(education).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(education[0]).toMatchObject({ code: 'VALUE_UNKNOWN_QUALIFIER', line: 2, column: 'value_text' });
    expect(education.at(-1)!.message).toContain(`${150 - MAX_PROBLEMS_PER_FILE} more problems`);
  });

  test('many malformed CSV lines: reported up to the limit, then a count of the rest', async () => {
    const raw = await copyRaw(GOOD);
    const file = path.join(raw, 'figures', 'employment.csv');
    const text = readFileSync(file, 'utf8');
    await writeFile(file, text + 'x,y\n'.repeat(300));
    const r = await cli('validate', '--raw', raw, '--format', 'json');
    expect(r.code).toBe(1);
    const { problems } = JSON.parse(r.out) as { problems: Problem[] };
    const csv = problems.filter((p) => p.file === file);
    expect(csv[0]).toMatchObject({ code: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', line: 7 });
    expect(csv).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(csv.at(-1)).toMatchObject({ code: 'TOO_MANY_PROBLEMS' });
    expect(csv.at(-1)!.message).toContain(`${300 - MAX_PROBLEMS_PER_FILE} more problems`);
  });
});

describe('ids that become paths never leave dist/', () => {
  test.each([
    '../1.0.0',
    '1.0.0/..',
    '..',
    '.',
    '',
    '/etc',
    '1.0.0/../../x',
    '1.0.0\\..\\..\\x',
    '1.0',
    '01.0.0',
    '1.0.0\n',
    ' 1.0.0',
    'latest',
    '1.0.0/x',
    '1.0.0-rc.1',
  ])('version %j is refused', (version) => {
    expect(() => releaseDir('/srv/dist', version)).toThrow(DataError);
    expect(VERSION_PATTERN.test(version)).toBe(false);
  });

  test('a version is a folder directly under dist/', () => {
    expect(releaseDir('/srv/dist', '1.0.0')).toBe(path.join('/srv/dist', '1.0.0'));
    expect(releaseDir('/srv/dist', '12.30.4')).toBe(path.join('/srv/dist', '12.30.4'));
  });

  test.each(['../x', '/etc/passwd', 'a/../../x', '', '.', 'a/..', '..\\..\\x/../../y'])(
    'a file path %j outside its release folder is refused',
    (rel) => {
      expect(() => inside('/srv/dist/1.0.0', rel)).toThrow(DataError);
    },
  );

  test('a file path inside its release folder is allowed', () => {
    expect(inside('/srv/dist/1.0.0', 'spreadsheet/observations.csv')).toBe(
      '/srv/dist/1.0.0/spreadsheet/observations.csv',
    );
  });

  test('the raw schemas refuse source ids and domains that could be paths', () => {
    const { validateRaw } = loadSchemas();
    const [source] = parse(readFileSync(path.join(GOOD, 'sources.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const nonEmpty = (row: Record<string, string>) =>
      Object.fromEntries(Object.entries(row).filter(([, v]) => v !== ''));
    const present = nonEmpty(source!);
    expect(validateRaw.sources(present)).toBe(true);
    const [indicator] = parse(readFileSync(path.join(GOOD, 'indicators.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const ind = nonEmpty(indicator!);
    expect(validateRaw.indicators(ind)).toBe(true);
    const bad = ['..', '.', '../x', 'a/b', 'a\\b', '/etc', 'a..b', '-a', 'a-', 'a--b', 'A', 'a b', 'a\u0000', '', 'ａ'];
    for (const id of bad) {
      expect(validateRaw.sources({ ...present, source_id: id }), `source_id ${JSON.stringify(id)}`).toBe(false);
      expect(validateRaw.indicators({ ...ind, domain: id }), `domain ${JSON.stringify(id)}`).toBe(false);
    }
  });

  test('a releases.json naming a version outside dist/ is refused; nothing is written anywhere', async () => {
    const home = path.join(await tempDir('escape-'), 'home');
    const dist = path.join(home, 'dist');
    await cp(baseDist, dist, { recursive: true });
    const index = JSON.parse(readFileSync(path.join(dist, 'releases.json'), 'utf8')) as {
      releases: { version: string }[];
    };
    index.releases[0]!.version = '../../escaped';
    await writeFile(path.join(dist, 'releases.json'), JSON.stringify(index, null, 2) + '\n');
    const raw = await copyRaw(GOOD);
    const units = path.join(raw, 'units.csv');
    await writeFile(units, readFileSync(units, 'utf8').replace('schools and kindergartens', 'schools'));
    const before = await snapshot(path.dirname(home));

    const r = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(r.code).toBe(1);
    expect(r.err).toContain('releases.json does not match');
    expect(await snapshot(path.dirname(home))).toEqual(before);
  });

  test('diff refuses a version outside dist/ as a usage error', async () => {
    const r = await cli('diff', '../../etc', '1.0.0', '--dist', baseDist);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"../../etc" is not a version');
  });

  test('an interrupted publish whose journal names a path outside dist/ is discarded, not followed', async () => {
    const home = path.join(await tempDir('journal-'), 'home');
    const dist = path.join(home, 'dist');
    await cp(baseDist, dist, { recursive: true });
    const outside = path.join(home, 'outside');
    await mkdir(path.join(outside, 'keep'), { recursive: true });
    await writeFile(path.join(outside, 'keep', 'file.txt'), 'not part of dist/\n');
    await mkdir(path.join(dist, '.staging'));
    await writeFile(path.join(dist, '.staging', 'journal.json'), JSON.stringify({ version: '../outside' }) + '\n');
    const outsideBefore = await snapshot(outside);
    const distBefore = await snapshot(baseDist);

    const r = await cli('publish', '--raw', GOOD, '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('up to date at 1.0.0; nothing written');
    expect(await snapshot(outside)).toEqual(outsideBefore);
    expect(await snapshot(dist)).toEqual(distBefore);
  });
});
