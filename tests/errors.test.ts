/**
 * The error catalogue (pipeline/core/catalogue.ts): docs/errors.md is generated from it and current, every
 * template renders with its parameters, and every code is raised by a fixture: a broken raw/ folder in
 * tests/fixtures/bad/ (tests/bad-input.test.ts checks each raises the code its expected.json names), or one
 * of the scenarios below, each a small change to a published release or a command line. A code no fixture
 * can raise says why in the catalogue (`untestable`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CATALOGUE, type CatalogueEntry } from '../pipeline/core/catalogue.js';
import { renderErrorsDoc } from '../pipeline/core/catalogue-doc.js';
import { renderTemplate } from '../pipeline/core/errors.js';
import { startServer } from '../pipeline/service/serve.js';
import { cli, copyRaw, FIXTURES, ROOT, spawnCli, tempDir, type CliResult } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');
const BAD = path.join(FIXTURES, 'bad');

/** The codes the broken raw/ folders raise, as their expected.json says. */
function rawFixtureCodes(): Set<string> {
  const codes = new Set<string>();
  for (const name of readdirSync(BAD, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const e = JSON.parse(readFileSync(path.join(BAD, name.name, 'expected.json'), 'utf8')) as {
      code?: string;
      problems?: { code: string }[];
    };
    for (const c of [e.code, ...(e.problems ?? []).map((p) => p.code)]) if (c) codes.add(c);
  }
  return codes;
}

/** A release published from the good fixture into a fresh folder: the scenarios change a copy of it. */
async function published(): Promise<string> {
  const dist = path.join(await tempDir('errors-'), 'dist');
  const r = await cli('publish', '--raw', GOOD, '--dist', dist, '--untraced');
  if (r.code !== 0) throw new Error(r.err);
  return dist;
}

/** Codes named in a run's output (text, or --format json). */
const codesIn = (r: CliResult) =>
  new Set([...`${r.out}\n${r.err}`.matchAll(/"code": "([A-Z0-9_]+)"/g)].map((m) => m[1]!));

interface Scenario {
  code: string;
  /** Runs the scenario; the result's output must name the code (json) or hold `text`. */
  run: () => Promise<CliResult>;
  /** Where the code is not printed (a one-line usage error), a text that shows it was raised. */
  text?: string;
  /** A warning: the run still succeeds. */
  warning?: true;
}

const file = (dist: string, ...parts: string[]) => path.join(dist, ...parts);

/** A copy of the series fixture (two sources, their texts, two areas) with `edits` made, then `run` on it. */
function series(edits: [string, string, string][], run: (raw: string, texts: string) => Promise<CliResult>) {
  return async () => {
    const dir = await tempDir('series-');
    await cp(path.join(FIXTURES, 'series'), dir, { recursive: true });
    for (const [rel, from, to] of edits) {
      const p = path.join(dir, rel);
      const text = await readFile(p, 'utf8');
      if (!text.includes(from)) throw new Error(`${rel} does not contain ${from}`);
      await writeFile(p, text.replace(from, to));
    }
    return run(path.join(dir, 'raw'), path.join(dir, 'texts'));
  };
}
const validateJson = (raw: string) => cli('validate', '--raw', raw, '--format', 'json');
const traceJson = (raw: string, texts: string) => cli('trace', '--raw', raw, '--texts', texts, '--format', 'json');
const EMPLOYMENT = 'raw/figures/employment.csv';
const verify = (dist: string) => cli('verify', '--dist', dist, '--format', 'json');
const tampered = (change: (dist: string) => Promise<unknown>) => async () => {
  const dist = await published();
  await change(dist);
  return verify(dist);
};

/** A change to a published release, then a publish of the same raw/ into it (--format json). */
const republished = (change: (dist: string) => Promise<unknown>) => async () => {
  const dist = await published();
  await change(dist);
  return cli('publish', '--raw', GOOD, '--dist', dist, '--format', 'json', '--untraced');
};

const HEADER = 'figure_id,source_id,paragraph,indicator_id,kind,period_text,period,value_text,note\n';

const SCENARIOS: Scenario[] = [
  {
    code: 'RULE_UNKNOWN_AREA',
    run: series([[EMPLOYMENT, '3.1万人,500108,', '3.1万人,500109,']], validateJson),
  },
  {
    code: 'RULE_UNKNOWN_PARENT_AREA',
    run: series([['raw/areas.csv', 'county,500000,a neighbouring', 'county,510000,a neighbouring']], validateJson),
  },
  { code: 'RULE_UNKNOWN_FIGURE', run: series([[EMPLOYMENT, ',rep-001,', ',rep-011,']], validateJson) },
  { code: 'CHECK_REVISES_OTHER_FACT', run: series([[EMPLOYMENT, ',rep-001,', ',rep-002,']], validateJson) },
  {
    code: 'CHECK_REVISES_LATER',
    run: series(
      [
        [EMPLOYMENT, ',rep-001,', ',,'],
        [EMPLOYMENT, '2.57万人,,,', '2.57万人,,bul-002,'],
      ],
      validateJson,
    ),
  },
  { code: 'CHECK_REVISES_CYCLE', run: series([[EMPLOYMENT, '2.57万人,,,', '2.57万人,,bul-002,']], validateJson) },
  {
    code: 'TRACE_NO_TEXT',
    run: series([], async (raw, texts) => {
      await rm(path.join(texts, 'fixture-report-2022.txt'));
      return traceJson(raw, texts);
    }),
  },
  {
    code: 'TRACE_TEXT_CHANGED',
    run: series([['texts/fixture-report-2022.txt', '民生工作报告', '民生报告']], traceJson),
  },
  {
    code: 'TRACE_NO_PARAGRAPH',
    run: series([[EMPLOYMENT, 'bul-003,fixture-bulletin-2023,4,', 'bul-003,fixture-bulletin-2023,40,']], traceJson),
  },
  { code: 'TRACE_VALUE_NOT_FOUND', run: series([[EMPLOYMENT, '2.61万人', '2.16万人']], traceJson) },
  {
    // a second figure on the one written 2.57万人 of paragraph 2, of another indicator, with no 均 before it
    code: 'TRACE_VALUE_TAKEN',
    run: series(
      [
        [
          EMPLOYMENT,
          'rep-002,',
          'rep-090,fixture-report-2022,2,unemployed_graduates_employment_rate,actual,2021年,,2.57万人,,,\nrep-002,',
        ],
      ],
      traceJson,
    ),
  },
  {
    // a change_word column added before the note; paragraph 2 of the report says no 下降
    code: 'TRACE_CHANGE_WORD_NOT_FOUND',
    run: series([], async (raw, texts) => {
      const file = path.join(raw, 'figures', 'employment.csv');
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      const withColumn = lines.map((line, i) => {
        const cut = line.split(',', 10).join(',').length; // the ten fields before the note hold no comma
        const word = i === 0 ? 'change_word' : line.startsWith('rep-001,') ? '下降' : '';
        return `${line.slice(0, cut)},${word}${line.slice(cut)}`;
      });
      await writeFile(file, withColumn.join('\n') + '\n');
      return traceJson(raw, texts);
    }),
  },
  {
    code: 'TRACE_PERIOD_NOT_FOUND',
    run: series([[EMPLOYMENT, ',2021年,,2.59万人', ',2021年底,,2.59万人']], traceJson),
  },
  {
    code: 'TRACE_UNACCOUNTED_NUMBER',
    run: series(
      [
        [
          EMPLOYMENT,
          'rep-002,fixture-report-2022,2,unemployed_graduates_employment_rate,actual,2021年,,达到94.83%,,,\n',
          '',
        ],
      ],
      traceJson,
    ),
  },
  { code: 'TRACE_STALE_DISMISSAL', run: series([['raw/dismissed.csv', '3岁以下', '6岁以下']], traceJson) },
  {
    code: 'RELEASE_UNTRACED',
    run: series([], (raw) => cli('publish', '--raw', raw, '--dist', path.join(raw, '..', 'dist'))),
    text: 'no text to trace fixture-bulletin-2023',
  },
  {
    code: 'SCHEMA_FORMAT',
    run: series([['raw/sources.csv', '2022,500113,', '2022,500113,']], async (raw) => {
      const p = path.join(raw, 'sources.csv');
      const rows = (await readFile(p, 'utf8')).split('\n');
      rows[1] = rows[1]!.replace(/,,,"SYNTHETIC/, ',,https://exa mple.org/,"SYNTHETIC');
      await writeFile(p, rows.join('\n'));
      return validateJson(raw);
    }),
  },
  {
    code: 'ENCODING_GB18030',
    warning: true,
    run: series([], async (raw) => {
      // raw/dismissed.csv as Excel saves it on a Chinese-locale Windows: 3岁以下 in GBK
      const gbk = Buffer.from([0x33, 0xcb, 0xea, 0xd2, 0xd4, 0xcf, 0xc2]);
      const head = Buffer.from('source_id,paragraph,text,reason\nfixture-report-2022,4,');
      await writeFile(path.join(raw, 'dismissed.csv'), Buffer.concat([head, gbk, Buffer.from(',an age limit\n')]));
      return validateJson(raw);
    }),
  },
  {
    code: 'TOO_MANY_PROBLEMS',
    run: series([], async (raw) => {
      const p = path.join(raw, 'dismissed.csv');
      const rows = Array.from({ length: 150 }, (_, i) => `fixture-report-2022,${i + 1},=${i},formula`);
      await appendFile(p, rows.join('\n') + '\n');
      return validateJson(raw);
    }),
  },
  { code: 'VERIFY_NO_DIST', run: () => verify(path.join(ROOT, 'no-such-dist')) },
  { code: 'VERIFY_INTERRUPTED', run: tampered((d) => mkdir(file(d, '.staging'))), warning: true },
  { code: 'VERIFY_UNLISTED_RELEASE', run: tampered((d) => mkdir(file(d, '9.9.9'))) },
  { code: 'VERIFY_MISSING_RELEASE', run: tampered((d) => rm(file(d, '1.0.0'), { recursive: true })) },
  { code: 'VERIFY_NO_CHECKSUMS', run: tampered((d) => rm(file(d, '1.0.0', 'SHA256SUMS'))) },
  { code: 'VERIFY_BAD_CHECKSUM_LINE', run: tampered((d) => appendFile(file(d, '1.0.0', 'SHA256SUMS'), 'nonsense\n')) },
  { code: 'VERIFY_UNLISTED_FILE', run: tampered((d) => writeFile(file(d, '1.0.0', 'extra.txt'), 'x')) },
  { code: 'VERIFY_MISSING_FILE', run: tampered((d) => rm(file(d, '1.0.0', 'units.json'))) },
  { code: 'VERIFY_CHECKSUM', run: tampered((d) => appendFile(file(d, '1.0.0', 'CHANGES.md'), 'x')) },
  {
    code: 'VERIFY_SCHEMA',
    run: tampered(async (d) => writeFile(file(d, '1.0.0', 'units.json'), '[{"unit_id": 1}]\n')),
  },
  { code: 'VERIFY_NO_DATAPACKAGE', run: tampered((d) => rm(file(d, '1.0.0', 'datapackage.json'))) },
  {
    code: 'VERIFY_VERSION',
    run: tampered(async (d) => {
      const p = file(d, '1.0.0', 'datapackage.json');
      await writeFile(p, (await readFile(p, 'utf8')).replace('"version": "1.0.0"', '"version": "1.0.1"'));
    }),
  },
  {
    code: 'VERIFY_RESOURCE_MISSING',
    run: tampered(async (d) => {
      const sums = file(d, '1.0.0', 'SHA256SUMS');
      await writeFile(sums, (await readFile(sums, 'utf8')).replace(/^.*  units\.csv\n/m, ''));
      await rm(file(d, '1.0.0', 'units.csv'));
    }),
  },
  { code: 'VERIFY_RESOURCE_HASH', run: tampered((d) => appendFile(file(d, '1.0.0', 'units.csv'), 'x')) },
  {
    code: 'VERIFY_CONTENT_HASH',
    run: tampered(async (d) => {
      const p = file(d, 'releases.json');
      await writeFile(p, (await readFile(p, 'utf8')).replace(/"sha256:[0-9a-f]{8}/, '"sha256:00000000'));
    }),
  },
  { code: 'VERIFY_NO_LATEST', run: tampered((d) => rm(file(d, 'latest'), { recursive: true })) },
  {
    code: 'VERIFY_LATEST_STALE',
    run: tampered(async (d) => {
      await rm(file(d, 'latest', 'SHA256SUMS'));
      await writeFile(file(d, 'latest', 'SHA256SUMS'), '');
    }),
  },
  { code: 'VERIFY_NO_INDEX_HTML', run: tampered((d) => rm(file(d, 'index.html'))) },
  { code: 'RELEASE_INDEX_INVALID', run: republished((d) => writeFile(file(d, 'releases.json'), '{')) },
  { code: 'RELEASE_INDEX_MISSING', run: republished((d) => rm(file(d, 'releases.json'))) },
  { code: 'RELEASE_FOLDER_MISSING', run: republished((d) => rm(file(d, '1.0.0'), { recursive: true })) },
  // latest/ no longer matches 1.0.0, and 1.0.0 cannot be the source of a new one
  { code: 'RELEASE_DAMAGED', run: republished((d) => rm(file(d, '1.0.0', 'SHA256SUMS'))) },
  {
    code: 'RELEASE_FOLDER_UNLISTED',
    run: async () => {
      const dist = await published();
      await cp(file(dist, '1.0.0'), file(dist, '1.0.1'), { recursive: true }); // a folder releases.json does not list
      const raw = await copyRaw(GOOD);
      const units = path.join(raw, 'units.csv');
      await writeFile(units, (await readFile(units, 'utf8')).replace('schools and kindergartens', 'schools'));
      return cli('publish', '--raw', raw, '--dist', dist, '--format', 'json', '--untraced');
    },
  },
  {
    code: 'RELEASE_NEEDS_APPROVAL',
    run: async () => {
      const dist = await published();
      const raw = await copyRaw(GOOD);
      await writeFile(path.join(raw, 'figures', 'health.csv'), HEADER);
      return cli('publish', '--raw', raw, '--dist', dist, '--format', 'json', '--untraced');
    },
  },
  {
    code: 'RELEASE_NOT_A_STORE',
    run: async () => {
      // every release folder, releases.json and latest/ deleted: index.html and catalog.jsonld still name them
      const dist = await published();
      for (const name of ['1.0.0', 'latest', 'releases.json']) await rm(file(dist, name), { recursive: true });
      return cli('publish', '--raw', GOOD, '--dist', dist, '--format', 'json', '--untraced');
    },
  },
  {
    code: 'RELEASE_DATE_BACKWARDS',
    run: async () => {
      const dist = path.join(await tempDir('dates-'), 'dist');
      const env = (date: string) => ({ SOURCE_DATE_EPOCH: String(Date.parse(`${date}T00:00:00Z`) / 1000) });
      await spawnCli(['publish', '--raw', GOOD, '--dist', dist, '--untraced'], env('2023-05-01')).exited;
      const raw = await copyRaw(GOOD);
      const units = path.join(raw, 'units.csv');
      await writeFile(units, (await readFile(units, 'utf8')).replace('schools and kindergartens', 'schools'));
      const c = spawnCli(['publish', '--raw', raw, '--dist', dist, '--untraced'], env('2020-01-01'));
      const { code } = await c.exited;
      return { code: code ?? -1, out: c.out(), err: c.err() };
    },
    text: 'the release date would be 2020-01-01, before 1.0.0 of 2023-05-01',
  },
  {
    code: 'TRACE_TEXT_UNREADABLE',
    run: async () => {
      const texts = await tempDir('texts-');
      await mkdir(path.join(texts, 'banan-livelihood-2022.txt')); // a folder where the text should be
      return traceJson(GOOD, texts);
    },
  },
  {
    code: 'VERIFY_NO_RELEASES',
    run: async () => verify(await tempDir('empty-dist-')),
  },
  {
    code: 'USAGE_EMPTY_OPTION',
    run: () => cli('publish', '--dist', ''),
    text: '--dist is empty: give it a folder (dist/)',
  },
  {
    code: 'LOCK_HELD',
    run: async () => {
      const dist = await published();
      const { acquireLock } = await import('../pipeline/release/lock.js');
      const lock = await acquireLock(dist, { command: 'publish' });
      try {
        return await cli('publish', '--raw', GOOD, '--dist', dist, '--untraced');
      } finally {
        await lock.release();
      }
    },
    text: 'another run holds',
  },
  {
    code: 'TOO_MANY_PROBLEMS',
    run: async () => {
      const raw = await copyRaw(GOOD);
      const rows = Array.from(
        { length: 105 },
        (_, i) => `emp-9${i},banan-livelihood-2022,35,no_such_indicator,actual,,2021,1人,`,
      );
      await writeFile(path.join(raw, 'figures', 'employment.csv'), [HEADER.trim(), ...rows, ''].join('\n'));
      return cli('validate', '--raw', raw, '--format', 'json');
    },
  },
  {
    code: 'USAGE_SOURCE_DATE_EPOCH',
    run: async () => {
      const dist = path.join(await tempDir('epoch-'), 'dist');
      const c = spawnCli(['publish', '--raw', GOOD, '--dist', dist, '--untraced'], { SOURCE_DATE_EPOCH: 'soon' });
      const { code } = await c.exited;
      return { code: code ?? -1, out: c.out(), err: c.err() };
    },
    text: 'SOURCE_DATE_EPOCH must be whole seconds since 1970 for a date from 1980 on, not "soon"',
  },
  { code: 'USAGE_COMMAND', run: () => cli('publsh'), text: 'unknown command "publsh"' },
  { code: 'USAGE_OPTION', run: () => cli('verify', '--raw', 'raw'), text: 'verify does not take --raw' },
  { code: 'USAGE_ARGS', run: () => cli('verify', 'extra'), text: 'unexpected argument "extra"' },
  { code: 'USAGE_FORMAT', run: () => cli('validate', '--format', 'xml'), text: '--format must be one of' },
  { code: 'USAGE_NUMBER', run: () => cli('publish', '--wait', 'soon'), text: '--wait must be a number of seconds' },
  { code: 'USAGE_MISSING_OPTION', run: () => cli('trace'), text: 'trace needs --texts DIR' },
  { code: 'USAGE_DIFF', run: () => cli('diff', '1.0.0'), text: 'diff needs two versions' },
  { code: 'USAGE_VERSION', run: () => cli('diff', '1.0', 'latest'), text: '"1.0" is not a version' },
  {
    code: 'USAGE_NO_RELEASE',
    run: async () => cli('diff', '1.0.0', '3.1.4', '--dist', await published()),
    text: 'no release 3.1.4',
  },
  {
    code: 'USAGE_FILE',
    run: () => cli('suggest', '--source', '/no/such/text.txt', '--source-id', 'x'),
    text: 'cannot read /no/such/text.txt',
  },
  { code: 'USAGE_CRON', run: () => cli('schedule', '--cron', '61 * * * *'), text: 'is not a cron expression' },
  {
    code: 'USAGE_TIMEZONE',
    run: () => cli('schedule', '--once', '--timezone', 'Mars/Olympus'),
    text: 'is not an IANA time zone',
  },
  {
    code: 'USAGE_DATE',
    run: () => cli('suggest', '--source', 'x.txt', '--source-id', 'x', '--published', '2026-13-01'),
    text: '--published must be a date written YYYY-MM-DD',
  },
  { code: 'USAGE_PORT', run: () => cli('serve', '--port', 'eighty'), text: '--port must be a port number' },
  {
    code: 'ENV_DIST',
    run: () => cli('serve', '--dist', path.join(ROOT, 'no-such-dist')),
    text: 'no-such-dist does not exist',
  },
  {
    code: 'ENV_PORT_IN_USE',
    run: async () => {
      const served = await startServer(await published(), 0);
      try {
        return await cli('serve', '--dist', await published(), '--port', new URL(served.url).port);
      } finally {
        await served.close();
      }
    },
    text: 'is in use; choose another with --port',
  },
  {
    code: 'ENV_LISTEN',
    run: async () => cli('serve', '--dist', await published(), '--host', '203.0.113.1', '--port', '0'),
    text: '203.0.113.1 is not an address of this machine',
  },
  {
    code: 'USAGE_SOURCE_ID',
    run: () =>
      cli('suggest', '--source', path.join(FIXTURES, 'texts', 'bulletin-synthetic.txt'), '--source-id', 'Bad Id'),
    text: '--source-id must be lowercase',
  },
  {
    code: 'ENV_IO',
    run: async () => {
      const dir = await tempDir('env-');
      await writeFile(path.join(dir, 'dist'), 'a file where dist/ should be');
      return cli('publish', '--raw', GOOD, '--dist', path.join(dir, 'dist'), '--untraced');
    },
    text: 'a file where a folder is needed',
  },
];

describe('the error catalogue', () => {
  test('docs/errors.md is generated from it and current (make docs)', async () => {
    expect(await readFile(path.join(ROOT, 'docs', 'errors.md'), 'utf8')).toBe(renderErrorsDoc());
  });

  test('every template renders with its parameters, none left unfilled', () => {
    for (const [code, e] of Object.entries(CATALOGUE) as [string, CatalogueEntry][]) {
      const names = [...e.template.matchAll(/\{(\w+)(?::[^}]+)?\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
      const message = renderTemplate(e.template, params);
      expect(message, code).not.toMatch(/\{\w+(:[^}]+)?\}|\[\[|\]\]/);
      for (const n of names) expect(message, code).toContain(`<${n}>`);
      expect(e.title.length, code).toBeGreaterThan(3);
      expect(e.description.length, code).toBeGreaterThan(10);
    }
  });

  test('a parameter is shown shortened and with control characters visible', () => {
    const cell = '\u001b[31m' + 'x'.repeat(5_000_000);
    const message = renderTemplate('"{cell}" is bad', { cell });
    expect(message.length).toBeLessThan(400);
    expect(message).toContain('\\u001b[31m');
    expect(message).not.toContain('\u001b');
  });

  describe.each(SCENARIOS.map((s) => [s.code, s] as const))('%s', (code, s) => {
    test('is raised by its scenario', async () => {
      const r = await s.run();
      if (s.warning) expect(r.code, r.err).toBe(0);
      else expect(r.code, r.err).not.toBe(0);
      if (s.text) expect(`${r.out}\n${r.err}`).toContain(s.text);
      else expect([...codesIn(r)]).toContain(code);
    });
  });

  test('every code is raised by a fixture or a scenario, or says why none can', () => {
    const raised = new Set([...rawFixtureCodes(), ...SCENARIOS.map((s) => s.code)]);
    const orphans = Object.entries(CATALOGUE)
      .filter(([code, e]) => !raised.has(code) && !(e as CatalogueEntry).untestable)
      .map(([code]) => code);
    expect(orphans).toEqual([]);
    const unknown = [...raised].filter((c) => !(c in CATALOGUE));
    expect(unknown).toEqual([]);
  });
});
