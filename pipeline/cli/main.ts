/**
 * The command line: parse the arguments, run one command, turn what it throws into a message and an exit
 * status (core/io.ts). Each command lives in commands/; this file only dispatches.
 */
import { parseArgs } from 'node:util';
import { errorsIn, LockError, ProblemsError, UsageError } from '../core/errors.js';
import { EXIT, processIo, type Io } from '../core/io.js';
import { FORMATS, printReport, type Format } from '../core/report.js';
import { diff } from './commands/diff.js';
import { publish } from './commands/publish.js';
import { schedule } from './commands/schedule.js';
import { serve } from './commands/serve.js';
import { suggest } from './commands/suggest.js';
import { trace } from './commands/trace.js';
import { validate } from './commands/validate.js';
import { verify } from './commands/verify.js';
import { OPTIONS, type Command, type Values } from './options.js';

export const COMMANDS: readonly Command[] = [validate, publish, verify, diff, trace, suggest, schedule, serve];

export const USAGE = `usage: npm run cli -- <command> [options]

${COMMANDS.map((c) => `  ${c.usage}\n${' '.repeat(12)}${c.summary}`).join('\n')}
`;

const usageOf = (c: Command) => `usage: npm run cli -- ${c.usage.replace(/\s{2,}/, ' ')}`;

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
  if (values.help || !name || name === 'help') {
    (values.help || name === 'help' ? io.out : io.err)(USAGE);
    return values.help || name === 'help' ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  const stray = argv
    .filter((a) => a.startsWith('--'))
    .map((a) => a.slice(2).split('=')[0]!)
    .find((o) => o !== 'help' && !command.options.includes(o as never));
  try {
    if (stray) throw new UsageError('USAGE_OPTION', `${command.name} does not take --${stray}`);
    if (!command.positionals && rest.length) throw new UsageError('USAGE_ARGS', `unexpected argument "${rest[0]}"`);
    return await command.run(values, rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n${usageOf(command)}`);
      return EXIT.usage;
    }
    if (err instanceof LockError) {
      io.err(`error: ${err.message}`);
      return EXIT.locked;
    }
    if (err instanceof ProblemsError) {
      const format = (FORMATS as readonly string[]).includes(values.format ?? '') ? (values.format as Format) : 'text';
      printReport(err.problems, format, io);
      io.err(`${errorsIn(err.problems).length} error(s); nothing was published and ${values.dist} is unchanged`);
      return EXIT.invalid;
    }
    io.err(`error: ${(err as Error).stack ?? err}`);
    return EXIT.invalid;
  }
}
