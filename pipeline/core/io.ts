/**
 * What every command shares, below the command line: where output goes, and the exit statuses.
 * Services (schedule, serve) write through an Io and return an exit status; they never import the CLI.
 */

/** Where a command writes: `out` for results (stdout), `err` for messages to people (stderr). */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/**
 * Exit statuses: 0 ok, 1 invalid data or a failed check, 2 wrong use of the command line, 3 another run
 * holds the lock, 4 the machine refused (a full disk, a permission, a path that is a file), 5 an error
 * nobody expected (a bug: its details are written to a file).
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2, locked: 3, environment: 4, internal: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
