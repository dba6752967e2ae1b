/**
 * The project's data as a whole, whatever sources raw/ holds: it validates, every figure is found in its text
 * and every number of the texts is accounted for (the two-way trace), and it publishes a release that
 * verifies. Under `make test-series` the same checks run on a copy with three synthetic sources added.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DATA_FILES } from '../vitest.config.js';
import { cli, RAW, ROOT, SOURCE_TEXTS, tempDir } from './helpers.js';

const textsPresent = existsSync(SOURCE_TEXTS);
if (!textsPresent) console.warn(`trace of the data SKIPPED: the source texts ${SOURCE_TEXTS} are not on this machine`);

describe('the data in raw/', () => {
  test('validates', async () => {
    const r = await cli('validate', '--raw', RAW);
    expect(r.code, r.err).toBe(0);
  });

  test.runIf(textsPresent || process.env.CI)('traces both ways against the source texts', async () => {
    const r = await cli('trace', '--raw', RAW, '--texts', SOURCE_TEXTS);
    expect(r.code, r.out + r.err).toBe(0);
  });

  test.runIf(textsPresent || process.env.CI)('publishes a release that verifies', async () => {
    const dist = path.join(await tempDir(), 'dist');
    const published = await cli('publish', '--raw', RAW, '--texts', SOURCE_TEXTS, '--dist', dist);
    expect(published.code, published.err).toBe(0);
    const verified = await cli('verify', '--dist', dist);
    expect(verified.code, verified.err).toBe(0);
  });
});

test('every test file that reads the data (RAW, SOURCE_TEXT, SOURCE_TEXTS) is a data check of make test-series', async () => {
  const files = (await readdir(path.join(ROOT, 'tests'))).filter((f) => f.endsWith('.test.ts'));
  const reading: string[] = [];
  for (const f of files) {
    const text = await readFile(path.join(ROOT, 'tests', f), 'utf8');
    const imported = /import \{([^}]*)\} from '\.\/helpers\.js'/.exec(text)?.[1] ?? '';
    if (/\b(RAW|SOURCE_TEXTS?)\b/.test(imported)) reading.push(`tests/${f}`);
  }
  expect(reading.length).toBeGreaterThan(0);
  expect(reading.filter((f) => !DATA_FILES.includes(f))).toEqual([]);
});
