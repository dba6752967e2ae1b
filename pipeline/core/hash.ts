/**
 * SHA-256 of a text or bytes, in hex. node:crypto is loaded the first time a hash is made, not when a module that
 * may hash is imported: loading it costs about 6 ms, and `validate`, which hashes nothing, would pay it at start.
 */
import type { Hash } from 'node:crypto';

/** A SHA-256 hash to feed piece by piece. */
export const sha256Hash = (): Hash => process.getBuiltinModule('node:crypto').createHash('sha256');

export const sha256 = (data: string | Uint8Array): string => sha256Hash().update(data).digest('hex');
