/**
 * The string formats of our schemas (`date`, `uri`), as ajv-formats checks them in its full mode, with one shortcut
 * for `uri`. A CommonJS module (.cts, built to formats.cjs) because the precompiled validators, which are CommonJS,
 * require it (compile-schemas.ts); schemas.ts gives the same functions to ajv when it compiles at run time.
 *
 * The shortcut: ajv-formats checks a URI against the whole of RFC 3986 in one large pattern, which V8 compiles twice
 * (once to run it, again to run it fast) the first two times it is used, about 8 ms of every command's start. A URI
 * in the common form `scheme://host[:port]/path?query#fragment`, made only of characters that need no escaping, is
 * accepted by `PLAIN` first. Every string `PLAIN` accepts, the full pattern accepts too: it is the full pattern with
 * alternatives taken out (no userinfo, no IP literal, no `%` escape, no path without `//`), and a property test
 * (tests/schemas.test.ts) holds the two together. Anything else goes to the full pattern, so what passes is unchanged.
 */
import { fullFormats } from 'ajv-formats/dist/formats';

const PLAIN =
  /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[A-Za-z0-9._~!$&'()*+,;=-]*(?::[0-9]*)?(?:\/[A-Za-z0-9._~!$&'()*+,;=:@-]*)*(?:\?[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?(?:#[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?$/;

const fullUri = fullFormats.uri as (text: string) => boolean;

/** A URI as RFC 3986 has it (ajv-formats' `uri`), the common plain ones known by a smaller pattern first. */
export const uri = (text: string): boolean => PLAIN.test(text) || fullUri(text);

/** Whether `text` is a plain URI (for the test that every one is a URI by the full pattern too). */
export const plainUri = (text: string): boolean => PLAIN.test(text);

/** What the precompiled validators look formats up in: ajv-formats' full formats, `uri` with the shortcut. */
export const formats = { ...fullFormats, uri };
