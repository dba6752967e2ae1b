/**
 * The validate stage's rule engine and its messages: a record is reported at the first rule it breaks;
 * messages past the per-file cap are never made (a "did you mean" costs a search over every known id), a
 * suggestion is searched once per distinct unknown id, and a cell echoed in a message is shortened and
 * never carries a raw escape sequence to a terminal.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_PROBLEMS_PER_FILE, ProblemList } from '../pipeline/core/errors.js';
import { Suggestions } from '../pipeline/stages/validate/did-you-mean.js';
import { applyRules, rule } from '../pipeline/stages/validate/engine.js';
import { cli, copyRaw, FIXTURES } from './helpers.js';

describe('the rule engine', () => {
  const records = Array.from({ length: 5000 }, (_, i) => ({ file: 'raw/figures/x.csv', line: i + 2, id: `bad_${i}` }));

  test('past the per-file cap, a message is counted but never made', () => {
    let made = 0;
    const unknown = rule<(typeof records)[number], unknown, 'RULE_UNKNOWN_INDICATOR'>(
      'RULE_UNKNOWN_INDICATOR',
      'indicator_id',
      () => false,
      (r) => {
        made++;
        return { id: r.id, suggestion: '' };
      },
    );
    const problems = new ProblemList();
    expect(applyRules(records, [unknown], undefined, problems)).toEqual([]);
    expect(made).toBe(MAX_PROBLEMS_PER_FILE);
    const list = problems.list();
    expect(list).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(list.at(-1)).toMatchObject({
      code: 'TOO_MANY_PROBLEMS',
      message: expect.stringContaining('4900 more problems'),
    });
  });

  test('a record is reported once, at the first rule it breaks; one that keeps every rule is kept', () => {
    const first = rule(
      'RULE_NO_PERIOD',
      'period_text',
      (r: { line: number }) => r.line % 2 === 0,
      () => ({}),
    );
    const second = rule(
      'RULE_NO_PERIOD',
      'period',
      () => false,
      () => ({}),
    );
    const problems = new ProblemList();
    const kept = applyRules(records.slice(0, 4), [first], undefined, problems);
    expect(kept.map((r) => r.line)).toEqual([2, 4]);
    const again = new ProblemList();
    applyRules(records.slice(0, 4), [first, second], undefined, again);
    expect(again.list().map((p) => [p.line, p.column])).toEqual([
      [2, 'period'],
      [3, 'period_text'],
      [4, 'period'],
      [5, 'period_text'],
    ]);
  });

  test('a suggestion is searched once per distinct unknown id', () => {
    let searches = 0;
    const known = ['new_urban_jobs', 'job_fairs', 'jobs_stabilized'];
    const suggestions = new Suggestions(() => {
      searches++;
      return known;
    });
    for (let i = 0; i < 1000; i++) expect(suggestions.for('new_urban_job')).toBe('new_urban_jobs');
    expect(suggestions.for('nothing_like_it_at_all')).toBe('');
    expect(searches).toBe(2);
  });
});

describe('a cell echoed in a message', () => {
  test('is shortened, and its escape sequences are shown, not sent to the terminal', async () => {
    const raw = await copyRaw(path.join(FIXTURES, 'good-raw'));
    const file = path.join(raw, 'figures', 'education.csv');
    const huge = '\u001b[2J\u001b[31m' + '9'.repeat(5_000_000);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(',近19.26亿元,');
    await writeFile(file, text.replace(',近19.26亿元,', `,${huge}亿元,`));
    const r = await cli('validate', '--raw', raw);
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('\u001b');
    expect(r.err).toContain('\\u001b[2J');
    expect(r.err.length).toBeLessThan(5_000);
    const json = await cli('validate', '--raw', raw, '--format', 'json');
    expect(json.out.length).toBeLessThan(10_000);
  });
});

// a figures file read by the plain reader is stored from its cells in the header's order (addRecord), any other
// from its cells by name (add): the same figure either way, whatever the header's order, spaces or missing columns
describe('the figure store', () => {
  test('a row added by name and by its cells in the header order is the same figure', async () => {
    const { FigureStore } = await import('../pipeline/stages/validate/figures.js');
    const { StringPool } = await import('../pipeline/core/pool.js');
    const { rowOf } = await import('../pipeline/stages/extract/csv.js');
    const store = new FigureStore(new StringPool());
    const file = store.addFile('raw/figures/health.csv', 'health');
    // a shuffled header without the optional columns after note, cells with spaces around them
    const header = ['value_text', 'figure_id', ' unknown', 'indicator_id', 'source_id', 'paragraph', 'note'];
    const cells = [' 96.16% ', 'f-001', 'x', 'outpatient_satisfaction', ' src-1', '3', ''];
    store.add(file, rowOf(header, cells, 5));
    store.addRecord(file, cells, 5, store.placesIn(header));
    const [byName, byPlace] = [store.get(0), store.get(1)];
    expect(byPlace).toEqual(byName);
    expect(byPlace).toMatchObject({ value_text: '96.16%', source_id: 'src-1', paragraph: 3, revises: '', line: 5 });
  });
});
