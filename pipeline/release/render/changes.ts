/**
 * CHANGES.md and the text of `diff`: every observation added, removed or changed (old -> new, with its
 * indicator label), every schema change, and a one-line summary at the top.
 */
import { COMPARATOR_SYMBOL, type Comparator } from '../../core/comparators.js';
import { TABLES } from '../../stages/tables/registry.js';
import { PUBLISHED_TABLES, type Cell } from '../../stages/tables/rows.js';
import type { Bump, Change, Row } from '../version.js';

/**
 * Text from the data (a label, a note, a value as written) as Markdown shows it literally: HTML and Markdown
 * syntax escaped, so a label such as `<img onerror=…>` or `**x**` reaches a reader as the characters it is.
 */
export const md = (text: string) =>
  text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!).replace(/[\\`*_[\]|#]/g, '\\$&');

/** Text inside a code span: a backtick would end it, so the span is made with more backticks than it holds. */
export const code = (text: string) => {
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  return ticks.length > 1 ? `${ticks} ${text} ${ticks}` : `\`${text}\``;
};

const show = (v: Cell | undefined) =>
  v === null || v === undefined ? '∅' : md(typeof v === 'string' ? v : JSON.stringify(v));

function observationLine(row: Row): string {
  return `${code(String(row.observation_id))} ${show(row.label_en)} (${show(row.label_zh)}): ${row.comparator === 'eq' ? '=' : (COMPARATOR_SYMBOL[row.comparator as Comparator] ?? '')} ${show(row.value)} ${show(row.unit)}`;
}

function count(changes: Change[], table: string, rule: string): number {
  return changes.filter((c) => c.table === table && c.rule === rule).length;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line: what moved, e.g. "Minor release: 2 observations added, 1 indicator added." */
export function summaryLine(bump: Bump | undefined, changes: Change[], against?: string): string {
  if (!bump) return against ? `No changes against ${against}.` : 'No changes.';
  const parts: string[] = [];
  for (const table of PUBLISHED_TABLES) {
    const singular = TABLES[table].noun;
    for (const [rule, verb] of [
      ['row-added', 'added'],
      ['row-removed', 'removed'],
      ['row-renamed', 'given a new id'],
      ['row-changed', 'changed'],
    ] as const) {
      const n = count(changes, table, rule);
      if (n) parts.push(`${plural(n, singular)} ${verb}`);
    }
  }
  const schema = changes.filter((c) => !c.rule.startsWith('row-') && c.table !== 'package').length;
  if (schema) parts.push(plural(schema, 'schema change'));
  const meta = changes.filter((c) => c.table === 'package').length;
  if (meta) parts.push(`the dataset's metadata changed (${plural(meta, 'field')})`);
  const title = { major: 'Major', minor: 'Minor', patch: 'Patch' }[bump];
  return `${title} release${against ? ` against ${against}` : ''}: ${parts.join(', ') || 'derived tables changed'}.`;
}

const fieldChanges = (c: Change, except: readonly string[] = []) =>
  Object.entries(c.fields ?? {})
    .filter(([f]) => !except.includes(f))
    .map(([f, [o, n]]) => `${f} ${show(o)} -> ${show(n)}`)
    .join('; ');

/** A changed observation whose value or comparator moved: a correction of what it says. */
const valueMoved = (c: Change) => c.fields !== undefined && ('value' in c.fields || 'comparator' in c.fields);

/** A changed progress row whose status moved (met -> not_met, behind -> baseline): a correction of a verdict. */
const statusMoved = (c: Change) => c.fields !== undefined && 'status' in c.fields;

type Section = (title: string, lines: string[], intro?: string[]) => void;

/** Corrections first: every value that changed, then every progress status that changed, old -> new. */
function corrections(changes: Change[], section: Section): Change[] {
  const moved = (c: Change) => c.rule === 'row-changed' || c.rule === 'row-renamed';
  const values = changes.filter((c) => c.table === 'observations' && moved(c) && valueMoved(c));
  const statuses = changes.filter((c) => c.table === 'progress' && moved(c) && statusMoved(c));
  section(
    'Corrections: values',
    values.map((c) => `- ${code(c.key)} ${show(c.row!.label_en)} (${show(c.row!.label_zh)}): ${fieldChanges(c)}`),
    ['Values a release published before and this one publishes differently. Check any result that used them.'],
  );
  section(
    'Corrections: progress statuses',
    statuses.map(
      (c) =>
        `- ${code(c.key)} ${show(c.row!.label_en)}: status ${show(c.fields!.status![0])} -> ${show(c.fields!.status![1])}` +
        (Object.keys(c.fields!).length > 1 ? ` (${fieldChanges(c, ['status'])})` : ''),
    ),
    ['Verdicts and progress this release judges differently from the last (target id: old status -> new status).'],
  );
  return statuses;
}

/** Observations added, removed, given new ids (a table mapping old to new), and otherwise changed. */
function observations(changes: Change[], section: Section): void {
  const obs = changes.filter((c) => c.table === 'observations');
  section(
    'Observations added',
    obs.filter((c) => c.rule === 'row-added').map((c) => `- ${observationLine(c.row!)}`),
  );
  section(
    'Observations removed',
    obs.filter((c) => c.rule === 'row-removed').map((c) => `- ${observationLine(c.row!)}`),
  );
  const renamed = obs
    .filter((c) => c.rule === 'row-renamed')
    .map((c) => {
      const [from, to] = c.fields!.observation_id!;
      return `| ${code(String(from))} | ${code(String(to))} | ${fieldChanges(c, ['observation_id'])} |`;
    });
  section(
    'Observation ids changed',
    renamed.length
      ? ['| old observation_id | new observation_id | other changes |', '| --- | --- | --- |', ...renamed]
      : [],
    [
      'The same figures under new ids: look an old id up in the left column to find its new one. Fields that',
      'changed besides the id are listed after it.',
    ],
  );
  section(
    'Observations changed',
    obs
      .filter((c) => c.rule === 'row-changed' && !valueMoved(c))
      .map((c) => `- ${code(c.key)} ${show(c.row!.label_en)} (${show(c.row!.label_zh)}): ${fieldChanges(c)}`),
  );
}

/**
 * The body of CHANGES.md and of `diff`: corrections first (every value that changed and every progress status
 * that changed, old -> new), then what was added, removed or given a new id, every other change to rows, the
 * dataset's metadata and the schema.
 */
export function renderChanges(changes: Change[]): string {
  const out: string[] = [];
  const section: Section = (title, lines, intro = []) => {
    if (lines.length) out.push('', `## ${title}`, '', ...(intro.length ? [...intro, ''] : []), ...lines);
  };
  const statuses = corrections(changes, section);
  observations(changes, section);
  section(
    "The dataset's metadata",
    changes
      .filter((c) => c.table === 'package')
      .map((c) => {
        const [from, to] = c.fields?.[c.key] ?? [];
        return c.fields ? `- ${c.key}: ${show(from)} -> ${show(to)}` : `- ${md(c.detail)}`;
      }),
  );
  section(
    'Schema changes',
    changes
      .filter((c) => !c.rule.startsWith('row-') && c.table !== 'package')
      .map((c) => `- ${c.table}: ${md(c.detail)} (${c.bump.toUpperCase()}, ${c.rule})`),
  );
  section(
    'Other tables',
    changes
      .filter((c) => c.rule.startsWith('row-') && c.table !== 'observations' && !statuses.includes(c))
      .map((c) =>
        c.rule === 'row-changed' || c.rule === 'row-renamed'
          ? `- ${c.table} ${code(c.key)}: ${fieldChanges(c)}`
          : `- ${c.table} ${code(c.key)} ${c.rule === 'row-added' ? 'added' : 'removed'}`,
      ),
  );
  return out.join('\n');
}

export function renderChangesFile(
  version: string,
  previous: string | undefined,
  bump: Bump | undefined,
  changes: Change[],
  rows: Record<string, number>,
  notes?: string,
  /** What the release's zip holds otherwise than the previous one's (publish.ts packagingNotes). */
  packaging: readonly string[] = [],
): string {
  const head = previous
    ? summaryLine(bump, changes, previous)
    : `First release: ${Object.entries(rows)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')}.`;
  const body = previous ? renderChanges(changes) : '';
  const preface = notes ? `\n## Notes on this release\n\n${md(notes)}\n` : '';
  const layout = packaging.length ? `\n## Packaging\n\n${packaging.map((p) => `- ${md(p)}`).join('\n')}\n` : '';
  return `# ${version}\n\n${head}\n${preface}${layout}${body}${body ? '\n' : ''}`;
}
