/**
 * What changed between two releases, and which version bump that calls for (the Frictionless
 * "Data Package Version" recipe):
 *   MAJOR: a field renamed, removed, added, reordered or retyped; a constraint tightened, or a pattern changed
 *   (no rule can tell whether a new pattern accepts everything the old one did); a resource or row
 *   removed; a row under a new id (an observation renamed).
 *   MINOR: a resource or rows added; a constraint loosened.
 *   PATCH: a value, label or note corrected; descriptive metadata changed.
 */
import { tableOf } from '../stages/tables/registry.js';
import type { Cell } from '../stages/tables/rows.js';
import { appendAll, pushTo } from '../core/group.js';
import type { TableSchema, TableSchemaField } from './render/datapackage.js';

export type Bump = 'major' | 'minor' | 'patch';
export type Row = Record<string, Cell>;

/** What a release holds, as far as versioning is concerned. */
export interface ReleaseContent {
  tables: Record<string, Row[]>;
  schemas: Record<string, TableSchema>;
  /** The dataset's metadata (raw/package.json) as published; none in a release before 3.0.0. */
  meta?: unknown;
}

export interface Change {
  bump: Bump;
  /** Which rule fired, e.g. `row-added`, `field-retyped`, `constraint-tightened`. */
  rule: string;
  table: string;
  /** The row's primary key or the field's name. */
  key: string;
  detail: string;
  /** For changed rows: field -> [old, new]. */
  fields?: Record<string, [Cell, Cell]>;
  row?: Row;
}

const RANK: Record<Bump, number> = { patch: 1, minor: 2, major: 3 };

export function highestBump(changes: Change[]): Bump | undefined {
  return changes.reduce<Bump | undefined>((b, c) => (!b || RANK[c.bump] > RANK[b] ? c.bump : b), undefined);
}

export function nextVersion(previous: string | undefined, bump: Bump): string {
  if (!previous) return '1.0.0';
  const [major, minor, patch] = previous.split('.').map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Compare one constraint; `undefined` when equal. A pattern that changed is `changed`: whether one regular
 * expression accepts everything another does cannot be told, so it counts as MAJOR, but is not called tightened.
 */
function constraintChange(
  name: string,
  before: unknown,
  after: unknown,
): 'tightened' | 'loosened' | 'changed' | undefined {
  if (same(before, after)) return undefined;
  if (before === undefined || before === false) return 'tightened';
  if (after === undefined || after === false) return 'loosened';
  switch (name) {
    case 'enum': {
      const b = new Set(before as unknown[]);
      const a = new Set(after as unknown[]);
      return [...b].some((v) => !a.has(v)) ? 'tightened' : 'loosened';
    }
    case 'minimum':
    case 'minLength':
      return (after as number) > (before as number) ? 'tightened' : 'loosened';
    case 'maximum':
    case 'maxLength':
      return (after as number) < (before as number) ? 'tightened' : 'loosened';
    default:
      return 'changed';
  }
}

function compareFields(table: string, before: TableSchemaField[], after: TableSchemaField[]): Change[] {
  const changes: Change[] = [];
  const names = (fs: TableSchemaField[]) => fs.map((f) => f.name);
  const b = names(before);
  const a = names(after);
  for (const n of b)
    if (!a.includes(n))
      changes.push({ bump: 'major', rule: 'field-removed', table, key: n, detail: `field ${n} removed or renamed` });
  for (const n of a)
    if (!b.includes(n)) changes.push({ bump: 'major', rule: 'field-added', table, key: n, detail: `field ${n} added` });
  const common = b.filter((n) => a.includes(n));
  if (
    !same(
      common,
      a.filter((n) => b.includes(n)),
    )
  )
    changes.push({
      bump: 'major',
      rule: 'fields-reordered',
      table,
      key: '*',
      detail: `fields reordered: ${a.join(', ')}`,
    });
  for (const n of common) {
    const fb = before.find((f) => f.name === n)!;
    const fa = after.find((f) => f.name === n)!;
    if (fb.type !== fa.type || (fb.format ?? 'default') !== (fa.format ?? 'default'))
      changes.push({
        bump: 'major',
        rule: 'field-retyped',
        table,
        key: n,
        detail: `field ${n} retyped: ${fb.type} -> ${fa.type}`,
      });
    const cb = fb.constraints ?? {};
    const ca = fa.constraints ?? {};
    for (const c of new Set([...Object.keys(cb), ...Object.keys(ca)])) {
      const how = constraintChange(c, cb[c], ca[c]);
      if (how)
        changes.push({
          bump: how === 'loosened' ? 'minor' : 'major',
          rule: `constraint-${how}`,
          table,
          key: n,
          detail: `${n}: constraint ${c} ${how} (${JSON.stringify(cb[c] ?? null)} -> ${JSON.stringify(ca[c] ?? null)})`,
        });
    }
    for (const d of ['title', 'description', 'x-title-zh'] as const)
      if (!same(fb[d], fa[d]))
        changes.push({ bump: 'patch', rule: 'field-described', table, key: n, detail: `${n}: ${d} changed` });
  }
  return changes;
}

function compareKeys(table: string, before: TableSchema, after: TableSchema): Change[] {
  const changes: Change[] = [];
  if (!same(before.primaryKey, after.primaryKey))
    changes.push({
      bump: 'major',
      rule: 'primary-key-changed',
      table,
      key: '*',
      detail: `primary key ${before.primaryKey.join(',')} -> ${after.primaryKey.join(',')}`,
    });
  if (!same(before.foreignKeys, after.foreignKeys))
    changes.push({
      bump: (after.foreignKeys?.length ?? 0) >= (before.foreignKeys?.length ?? 0) ? 'major' : 'minor',
      rule: 'foreign-keys-changed',
      table,
      key: '*',
      detail: 'foreign keys changed',
    });
  return changes;
}

const keyOf = (schema: TableSchema, row: Row) => schema.primaryKey.map((k) => String(row[k])).join('|');

/** Fields of `r` that differ from `o`, old -> new. */
function changedFields(schema: TableSchema, o: Row, r: Row): Record<string, [Cell, Cell]> {
  const fields: Record<string, [Cell, Cell]> = {};
  for (const f of schema.fields)
    if (f.name in o && !same(o[f.name], r[f.name])) fields[f.name] = [o[f.name] ?? null, r[f.name] ?? null];
  return fields;
}

/** Removed rows that an added row continues under a new id, as old key -> new key. */
function renames(table: string, removed: Map<string, Row>, added: Map<string, Row>): Map<string, string> {
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  for (const sameRow of tableOf(table)?.sameRow ?? []) {
    const byIdentity = new Map<string, string[]>();
    for (const [k, r] of added) if (!taken.has(k)) pushTo(byIdentity, sameRow(r), k);
    const wanted = new Map<string, string[]>();
    for (const [k, r] of removed) if (!pairs.has(k)) pushTo(wanted, sameRow(r), k);
    for (const [identity, olds] of wanted) {
      const news = byIdentity.get(identity);
      if (olds.length !== 1 || news?.length !== 1) continue; // only an unambiguous match is a rename
      pairs.set(olds[0]!, news[0]!);
      taken.add(news[0]!);
    }
  }
  return pairs;
}

function compareRows(table: string, schema: TableSchema, before: Row[], after: Row[]): Change[] {
  const changes: Change[] = [];
  const old = new Map(before.map((r) => [keyOf(schema, r), r]));
  const now = new Map(after.map((r) => [keyOf(schema, r), r]));
  const removed = new Map([...old].filter(([k]) => !now.has(k)));
  const added = new Map([...now].filter(([k]) => !old.has(k)));
  const renamed = renames(table, removed, added);
  const renamedTo = new Set(renamed.values());
  for (const [k, r] of removed) {
    const to = renamed.get(k);
    if (to === undefined)
      changes.push({ bump: 'major', rule: 'row-removed', table, key: k, detail: `${k} removed`, row: r });
    else
      changes.push({
        bump: 'major',
        rule: 'row-renamed',
        table,
        key: `${k} -> ${to}`,
        detail: `${k} is now ${to}`,
        fields: changedFields(schema, r, now.get(to)!),
        row: now.get(to)!,
      });
  }
  for (const [k, r] of now) {
    const o = old.get(k);
    if (!o) {
      if (!renamedTo.has(k))
        changes.push({ bump: 'minor', rule: 'row-added', table, key: k, detail: `${k} added`, row: r });
      continue;
    }
    const fields = changedFields(schema, o, r);
    if (Object.keys(fields).length)
      changes.push({
        bump: 'patch',
        rule: 'row-changed',
        table,
        key: k,
        detail: `${k}: ${Object.keys(fields).join(', ')} changed`,
        fields,
        row: r,
      });
  }
  return changes;
}

/** The dataset's metadata, field by field: a changed title, description, licence or page text is a PATCH. */
function compareMeta(before: unknown, after: unknown): Change[] {
  if (after === undefined || same(before, after)) return [];
  if (before === undefined)
    return [
      {
        bump: 'patch',
        rule: 'metadata-added',
        table: 'package',
        key: '*',
        detail: "the dataset's metadata (raw/package.json) is published with the release, in datapackage.json",
      },
    ];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !same(b[k], a[k]))
    .sort()
    .map((k) => ({
      bump: 'patch' as const,
      rule: 'metadata-changed',
      table: 'package',
      key: k,
      detail: `${k} changed`,
      fields: { [k]: [show(b[k]), show(a[k])] as [Cell, Cell] },
    }));
}

const show = (v: unknown): Cell => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

/** Every change from `before` to `after`, in a stable order: schemas first, then rows by table, then metadata. */
export function compareContent(before: ReleaseContent, after: ReleaseContent): Change[] {
  const changes: Change[] = [];
  const tables = [...new Set([...Object.keys(before.schemas), ...Object.keys(after.schemas)])];
  for (const t of tables) {
    const sb = before.schemas[t];
    const sa = after.schemas[t];
    if (sb && !sa)
      changes.push({ bump: 'major', rule: 'resource-removed', table: t, key: '*', detail: `table ${t} removed` });
    else if (!sb && sa)
      changes.push({ bump: 'minor', rule: 'resource-added', table: t, key: '*', detail: `table ${t} added` });
    else if (sb && sa) appendAll(changes, [...compareFields(t, sb.fields, sa.fields), ...compareKeys(t, sb, sa)]);
  }
  for (const t of tables) {
    const sa = after.schemas[t];
    const sb = before.schemas[t];
    if (sa && sb) appendAll(changes, compareRows(t, sa, before.tables[t] ?? [], after.tables[t] ?? []));
  }
  appendAll(changes, compareMeta(before.meta, after.meta));
  return changes;
}

/** Reasons recorded in releases.json: one line per rule and table, with a few keys as examples. */
export interface Reason {
  bump: Bump;
  rule: string;
  table: string;
  count: number;
  examples: string[];
}

export function summarizeReasons(changes: Change[]): Reason[] {
  const groups = new Map<string, Reason>();
  for (const c of changes) {
    const id = `${c.bump}|${c.rule}|${c.table}`;
    const g = groups.get(id) ?? { bump: c.bump, rule: c.rule, table: c.table, count: 0, examples: [] };
    g.count++;
    if (g.examples.length < 5) g.examples.push(c.key === '*' ? c.detail : c.key);
    groups.set(id, g);
  }
  return [...groups.values()].sort(
    (a, b) => RANK[b.bump] - RANK[a.bump] || (a.table + a.rule < b.table + b.rule ? -1 : 1),
  );
}
