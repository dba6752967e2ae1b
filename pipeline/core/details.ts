/** The details of an error nobody expected (a bug), written to a file so a message can stay one line. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Write `err`'s stack and the command to a file in the temporary folder; its path, or undefined if that failed. */
export function writeErrorDetails(err: unknown, argv: readonly string[]): string | undefined {
  const file = path.join(
    tmpdir(),
    `open-data-error-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`,
  );
  const details = [`command: ${argv.join(' ')}`, `node: ${process.version}`, '', (err as Error)?.stack ?? String(err)];
  try {
    writeFileSync(file, details.join('\n') + '\n');
    return file;
  } catch {
    return undefined;
  }
}
