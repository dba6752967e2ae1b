/**
 * Errors of the machine, not of the data: a full disk, a missing permission, a path that is a file where a
 * folder is needed. Node reports them as system errors with a code (ENOSPC, EACCES …) and a path; here they
 * become one line that names the path and the cause in words, with exit status 4.
 */
import { EnvironmentError, pipelineError } from './errors.js';

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device (disk full)',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'something is already there: a file where a folder is needed',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error (the disk or file system)',
  EBUSY: 'busy',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
};

interface SystemError extends Error {
  code?: string;
  path?: string;
  dest?: string;
  syscall?: string;
}

/** Whether `err` is a system error of the machine (it has an errno code such as ENOSPC). */
export function isSystemError(err: unknown): err is SystemError {
  const code = (err as SystemError | undefined)?.code;
  return err instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code) && code in CAUSES;
}

/** The EnvironmentError for a system error, naming its path and cause. */
export function environmentError(err: SystemError): EnvironmentError {
  const cause = `${CAUSES[err.code!] ?? err.code} (${err.code}${err.syscall ? `, ${err.syscall}` : ''})`;
  return pipelineError('ENV_IO', { path: err.path ?? err.dest ?? '(unknown path)', cause }) as EnvironmentError;
}

/**
 * For `.catch()` on a file operation: rethrow its error with `file` as its path where Node gave none (reading
 * a folder as a file fails with EISDIR and no path), so the message can name it.
 */
export const atPath =
  (file: string) =>
  (err: unknown): never => {
    if (isSystemError(err) && !err.path) err.path = file;
    throw err;
  };
