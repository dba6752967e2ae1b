/**
 * What every command shares, below the command line: where output goes, and the exit statuses.
 * Services (schedule, serve) write through an Io and return an exit status; they never import the CLI.
 */
import { writeSync } from 'node:fs';

/** Where a command writes: `out` for results (stdout), `err` for messages to people (stderr). */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * The process's own stdout and stderr, written to synchronously by file descriptor: never through process.stdout or
 * process.stderr, whose first use makes node set up a socket and its streams where the output is a pipe (about 6 ms
 * of a short command's start, docs/performance.md). A reader that has gone away (`| head`) ends the writing quietly.
 */
export const processIo: Io = {
  out: (line) => writeLine(1, line),
  err: (line) => writeLine(2, line),
};

const closed = new Set<number>();

function writeLine(fd: number, line: string): void {
  if (closed.has(fd)) return;
  let rest = Buffer.from(line + '\n');
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // a pipe another program left non-blocking and full: wait a moment for its reader
      if (code === 'EAGAIN') Atomics.wait(PAUSE, 0, 0, 1);
      else if (code === 'EPIPE') return void closed.add(fd);
      else throw err;
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Exit statuses: 0 ok, 1 invalid data or a failed check, 2 wrong use of the command line, 3 another run
 * holds the lock, 4 the machine refused (a full disk, a permission, a path that is a file), 5 an error
 * nobody expected (a bug: its details are written to a file).
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2, locked: 3, environment: 4, internal: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
