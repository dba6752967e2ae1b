import type { Command } from '../options.js';

let ignoring = false;

/** A terminal that hung up (SIGHUP) fails every write to it: the scheduler finishes its run regardless. */
function ignoreHungUpTerminal(): void {
  if (ignoring) return;
  ignoring = true;
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}

export const schedule: Command = {
  name: 'schedule',
  usage:
    'schedule  [--cron EXPR] [--timezone TZ] [--once] [--log FILE] [--wait SECONDS] [--raw DIR] [--dist DIR] [--texts DIR] [--untraced]',
  summary: 'regenerate dist/ from raw/ on a schedule (node-cron), or once',
  options: ['raw', 'dist', 'texts', 'untraced', 'cron', 'timezone', 'once', 'log', 'wait'],
  async run(values, _, io) {
    // loaded on demand: node-cron is not needed by the other commands
    const { runScheduleCommand } = await import('../../service/schedule.js');
    ignoreHungUpTerminal();
    return runScheduleCommand(values, io);
  },
};
