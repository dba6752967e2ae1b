import type { Command } from '../options.js';

export const schedule: Command = {
  name: 'schedule',
  usage:
    'schedule  [--cron EXPR] [--timezone TZ] [--once] [--log FILE] [--wait SECONDS] [--raw DIR] [--dist DIR] [--texts DIR] [--untraced]',
  summary: 'regenerate dist/ from raw/ on a schedule (node-cron), or once',
  options: ['raw', 'dist', 'texts', 'untraced', 'cron', 'timezone', 'once', 'log', 'wait'],
  async run(values, _, io) {
    // loaded on demand: node-cron is not needed by the other commands
    const { runScheduleCommand } = await import('../../service/schedule.js');
    return runScheduleCommand(values, io);
  },
};
