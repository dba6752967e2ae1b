import { UsageError } from './errors.js';
import type { Io } from './cli.js';
export async function cmdSchedule(_values: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UsageError('USAGE_NOT_YET', 'schedule is not built yet');
}
