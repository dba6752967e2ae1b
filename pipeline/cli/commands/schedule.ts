import { fail } from '../../core/errors.js';
import type { ScheduleOptions } from '../../service/schedule.js';
import { seconds, type CommandRun, type Values } from '../options.js';

let ignoring = false;

/** A terminal that hung up (SIGHUP) fails every write to it: the scheduler finishes its run regardless. */
function ignoreHungUpTerminal(): void {
  if (ignoring) return;
  ignoring = true;
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}

/**
 * The scheduler's options from the command line and the environment (PIPELINE_CRON, where --cron is not
 * given), checked: a cron expression, time zone or number that does not parse is a usage error (exit 2).
 */
export async function scheduleOptions(
  values: Partial<Values>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Omit<ScheduleOptions, 'abandon'>> {
  // loaded on demand: node-cron is not needed by the other commands
  const { cronProblem, DEFAULT_CRON, DEFAULT_TIMEZONE } = await import('../../service/schedule.js');
  const fromEnv = env.PIPELINE_CRON?.trim() ? env.PIPELINE_CRON.trim() : undefined;
  const expression = (values.cron ?? fromEnv ?? DEFAULT_CRON).trim();
  const reason = cronProblem(expression);
  if (reason !== undefined)
    fail('USAGE_CRON', { origin: values.cron !== undefined ? '--cron' : 'PIPELINE_CRON', expression, reason });
  const timezone = values.timezone ?? DEFAULT_TIMEZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    fail('USAGE_TIMEZONE', { timezone });
  }
  return {
    raw: values.raw ?? 'raw',
    dist: values.dist ?? 'dist',
    cron: expression,
    timezone,
    once: values.once ?? false,
    log: values.log,
    waitSeconds: seconds(values.wait, '--wait'),
    texts: values.texts,
    untraced: values.untraced ?? false,
  };
}

export const run: CommandRun = async (values, _, io) => {
  const options = await scheduleOptions(values);
  const { runSchedule } = await import('../../service/schedule.js');
  ignoreHungUpTerminal();
  return runSchedule({ ...options, abandon: (status) => process.exit(status) }, io);
};
