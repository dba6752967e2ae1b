import { fail } from '../../core/errors.js';
import { EXIT } from '../../core/io.js';
import type { CommandRun } from '../options.js';

/** The --port option: a port number (0 lets the system choose), 8080 when not given. */
function portOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) fail('USAGE_PORT', { port: value });
  return Number(value);
}

export const run: CommandRun = async (values, _, io) => {
  const { DEFAULT_HOST, DEFAULT_PORT, LOOPBACK, startServer } = await import('../../service/serve.js');
  const dist = values.dist ?? 'dist';
  const host = values.host ?? DEFAULT_HOST;
  const port = portOf(values.port, DEFAULT_PORT);
  // a port in use or a missing dist/ is an EnvironmentError: one line, exit 4 (cli/failure.ts)
  const served = await startServer(dist, port, host, { log: io.err });
  if (!LOOPBACK.has(host)) io.err(`warning: serving on ${host}, not only this machine (it is read-only)`);
  io.out(`serving ${dist} read-only at ${served.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.err(`${signal}: stopping`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await served.close();
  return EXIT.ok;
};
