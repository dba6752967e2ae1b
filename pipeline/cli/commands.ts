/**
 * The commands, each declared once: its name, usage, summary and options, which the command line checks and prints
 * before anything else is loaded, and its module (commands/), loaded only when it runs, so that `validate` never
 * loads what `publish`, `suggest` or `serve` need (node's start is most of a small run: docs/performance.md).
 */
import type { Command } from './options.js';

export const COMMANDS: readonly Command[] = [
  {
    name: 'validate',
    usage: 'validate  [--raw DIR] [--format text|json|github]',
    summary: 'check raw/ against schemas and rules; publish nothing',
    options: ['raw', 'format'],
    load: () => import('./commands/validate.js'),
  },
  {
    name: 'publish',
    usage: 'publish   [--raw DIR] [--dist DIR] [--texts DIR] [--untraced] [--allow-major] [--wait SECONDS]',
    summary: 'validate, trace (with --texts), normalize, check, and release if anything changed (MAJOR: --allow-major)',
    options: ['raw', 'dist', 'texts', 'untraced', 'wait', 'format', 'allow-major'],
    load: () => import('./commands/publish.js'),
  },
  {
    name: 'verify',
    usage: 'verify    [--dist DIR] [--format text|json|github]',
    summary: 'every release against its checksums and schemas',
    options: ['dist', 'format'],
    load: () => import('./commands/verify.js'),
  },
  {
    name: 'diff',
    usage: 'diff      A B [--dist DIR] [--format text|json]',
    summary: 'what changed between two releases (a version, or latest)',
    options: ['dist', 'format'],
    positionals: true,
    load: () => import('./commands/diff.js'),
  },
  {
    name: 'trace',
    usage: 'trace     --texts DIR [--raw DIR] [--format text|json|github]',
    summary: 'provenance both ways: every figure found in its source text, every number of the text accounted for',
    options: ['raw', 'texts', 'format'],
    load: () => import('./commands/trace.js'),
  },
  {
    name: 'suggest',
    usage: 'suggest   --source FILE --source-id ID [--published YYYY-MM-DD] [--raw DIR] [--out DIR]',
    summary: 'draft figure rows for a new source text: CSV on stdout, or raw/-style files in --out DIR',
    options: ['source', 'source-id', 'published', 'raw', 'out'],
    load: () => import('./commands/suggest.js'),
  },
  {
    name: 'schedule',
    usage:
      'schedule  [--cron EXPR] [--timezone TZ] [--once] [--log FILE] [--wait SECONDS] [--raw DIR] [--dist DIR] [--texts DIR] [--untraced]',
    summary: 'regenerate dist/ from raw/ on a schedule (node-cron), or once',
    options: ['raw', 'dist', 'texts', 'untraced', 'cron', 'timezone', 'once', 'log', 'wait'],
    load: () => import('./commands/schedule.js'),
  },
  {
    name: 'serve',
    usage: 'serve     [--dist DIR] [--port N] [--host ADDR]',
    summary: 'serve dist/ and its catalog page read-only on localhost',
    options: ['dist', 'port', 'host'],
    load: () => import('./commands/serve.js'),
  },
];
