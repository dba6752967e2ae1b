/** The command line's options, and the small readers that turn their text into checked values. */
import type { ParseArgsConfig } from 'node:util';
import { fail } from '../core/errors.js';
import { FORMATS, type Format } from '../core/report.js';

export const OPTIONS = {
  raw: { type: 'string', default: 'raw' },
  dist: { type: 'string', default: 'dist' },
  texts: { type: 'string' },
  untraced: { type: 'boolean', default: false },
  format: { type: 'string', default: 'text' },
  source: { type: 'string' },
  'source-id': { type: 'string' },
  published: { type: 'string' },
  out: { type: 'string' },
  wait: { type: 'string' },
  'allow-major': { type: 'boolean', default: false },
  cron: { type: 'string' },
  timezone: { type: 'string' },
  once: { type: 'boolean', default: false },
  log: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export type OptionName = keyof typeof OPTIONS;

/** What an option's value is, for the message when it is given empty. */
export const OPTION_WHAT: Partial<Record<OptionName, string>> = {
  raw: 'folder (raw/)',
  dist: 'folder (dist/)',
  texts: 'folder of source texts',
  source: 'file',
  out: 'folder',
  log: 'file',
};

export type Values = {
  [K in OptionName]: (typeof OPTIONS)[K] extends { type: 'boolean' } ? boolean : string | undefined;
};

/** One command: its usage line, the options it takes, and what it does. */
export interface Command {
  name: string;
  /** `validate  [--raw DIR] …` as the usage text shows it. */
  usage: string;
  summary: string;
  options: readonly OptionName[];
  /** Whether it takes positional arguments (diff A B). */
  positionals?: boolean;
  /** Its module (commands/<name>.ts), loaded when it runs. */
  load: () => Promise<{ run: CommandRun }>;
}

/** What a command does, given the options and arguments the command line checked. */
export type CommandRun = (values: Values, positionals: string[], io: import('../core/io.js').Io) => Promise<number>;

export function formatOf(values: Values, allowed: readonly Format[] = FORMATS): Format {
  const f = values.format as Format;
  if (!allowed.includes(f)) fail('USAGE_FORMAT', { allowed: allowed.join(', '), format: f });
  return f;
}

export function seconds(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!/^\d+(\.\d+)?$/.test(value)) fail('USAGE_NUMBER', { option: name, value });
  return Number(value);
}
