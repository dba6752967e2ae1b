/**
 * The command line: parse the arguments, run one command, and turn what it throws into a message and an
 * exit status (failure.ts). The commands are declared in commands.ts, each done by a module of commands/ loaded
 * when it runs; this file only dispatches.
 */
import { parseArgs } from 'node:util';
import { fail, formatProblem, problem } from '../core/errors.js';
import { EXIT, processIo, type Io } from '../core/io.js';
import { FORMATS, type Format } from '../core/report.js';
import { COMMANDS } from './commands.js';
import { reportFailure } from './failure.js';
import { OPTION_WHAT, OPTIONS, type Command, type Values } from './options.js';

export { COMMANDS };

export const USAGE = `usage: npm run cli -- <command> [options]

${COMMANDS.map((c) => `  ${c.usage}\n${' '.repeat(12)}${c.summary}`).join('\n')}
`;

const usageOf = (c: Command) => `usage: npm run cli -- ${c.usage.replace(/\s{2,}/, ' ')}`;

/** The options given on the command line, by name (`--format=json` and `--format json` alike). */
const optionsGiven = (argv: string[]) =>
  argv.filter((a) => a.startsWith('--') && a !== '--').map((a) => a.slice(2).split('=')[0]!);

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`error: ${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const values = parsed.values as Values;
  const [name, ...rest] = parsed.positionals;
  if (values.help || name === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const what = name ? formatProblem(problem('USAGE_COMMAND', { command: name })) : 'no command given';
    io.err(`error: ${what}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const stray = optionsGiven(argv).find((o) => !command.options.includes(o as never));
    if (stray) fail('USAGE_OPTION', { command: command.name, option: stray });
    const empty = command.options.find((o) => values[o] === '');
    if (empty) fail('USAGE_EMPTY_OPTION', { option: empty, what: OPTION_WHAT[empty] ?? 'value' });
    if (!command.positionals && rest.length) fail('USAGE_ARGS', { argument: rest[0]! });
    return await (await command.load()).run(values, rest, io);
  } catch (err) {
    const format = (FORMATS as readonly string[]).includes(values.format ?? '') ? (values.format as Format) : 'text';
    const dist = command.options.includes('dist') ? values.dist : undefined;
    return reportFailure(err, io, { argv, format, usage: usageOf(command), dist });
  }
}
