/**
 * A large release's files written on a thread of their own, beside the thread that renders them (issue 22).
 *
 * Rendering a release is text made and encoded to UTF-8 on the main thread; writing it is those bytes hashed,
 * written, linked into latest/ and handed to zlib for the release's zip, which at 100 000 figures took about an
 * eighth of a publish (docs/performance.md). `ThreadedRelease` moves each chunk of bytes, as it is made, to a worker
 * thread, which does all the writing with `StagedRelease`, the same class the main thread uses for a small release:
 * the same code makes the same bytes either way. The thread is this module itself, started with `workerData.role`.
 *
 * The order is kept: the thread writes one file after another, in the order they were begun, so the zip's entries
 * and the `files` map are in the order of writing, as on one thread. At most IN_FLIGHT bytes are sent and not yet
 * written; beyond it the renderer waits, so a slow disk never fills memory. A file's size and digest arrive when the
 * thread has written it; `settled()` waits for all of them. The first failure on the thread (a full disk) is raised
 * by the next call, and `abandon()` stops the thread; the staging folder is then discarded as before. */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { Utf8Chunks, type FileInfo } from './render/files.js';
import { inside, piecesOf, StagedRelease, type ReleaseWriter, type Writable } from './staged.js';

const ROLE = 'release-writer';
/** Bytes sent and not yet written, at most, before the renderer waits. */
const IN_FLIGHT = 1 << 24;
/** The thread's young generation, in MB (V8's default here is 48: three semi-spaces of 16). */
const YOUNG_MB = 4;

/** The folders a release is written into: the release, latest/, and scratch (as StagedRelease takes them). */
interface Folders {
  releaseDir: string;
  latestDir: string;
  scratch: string;
}

type ToThread =
  | { op: 'zipAlong'; relative: string; date: string }
  | { op: 'begin'; relative: string }
  | { op: 'chunks'; chunks: Uint8Array[]; size: number }
  | { op: 'end' }
  | { op: 'zip' };

type FromThread =
  | { op: 'ack'; size: number }
  | { op: 'written'; relative: string; info: FileInfo }
  | { op: 'failed'; error: ErrorData };

/** An error as it crosses threads: a system error keeps its code, call and path, which say what to do about it. */
interface ErrorData {
  message: string;
  stack?: string;
  code?: string;
  syscall?: string;
  path?: string;
  errno?: number;
}

function errorData(err: unknown): ErrorData {
  const e = err as Partial<NodeJS.ErrnoException> | undefined;
  const data: ErrorData = { message: e?.message ?? String(err) };
  for (const key of ['stack', 'code', 'syscall', 'path', 'errno'] as const)
    if (e?.[key] !== undefined) (data as unknown as Record<string, unknown>)[key] = e[key];
  return data;
}

function errorOf(data: ErrorData): Error {
  const { message, ...rest } = data;
  return Object.assign(new Error(message), rest);
}

/** This module as compiled (build/pipeline/, or the bundle); run from TypeScript (the tests), there is no thread. */
const SELF = fileURLToPath(import.meta.url);
const THREAD_FILE = /\.c?js$/.test(SELF) ? SELF : undefined;

/**
 * The release's rows from which its files are written on a thread: starting it costs about 40 ms (the real data
 * publishes in 0.29 s on one thread, 0.34 s with it), and 10 000 generated figures (some 23 000 rows) publish in
 * about the same time either way. PIPELINE_THREAD_ROWS (for tests only) sets another number, 0 for every release.
 */
export function threadRows(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PIPELINE_THREAD_ROWS);
  return env.PIPELINE_THREAD_ROWS !== undefined && Number.isInteger(n) && n >= 0 ? n : 20_000;
}

/** A release written by a worker thread (see the module comment); the same surface as StagedRelease. */
export class ThreadedRelease implements ReleaseWriter {
  readonly files = new Map<string, FileInfo>();
  private readonly thread: Worker;
  private inFlight = 0;
  private begun = 0;
  private written = 0;
  private failure: Error | undefined;
  private stopped = false;
  /** Callers waiting for an acknowledgement, a file written or a failure: each checks again when woken. */
  private waiting: (() => void)[] = [];

  /** Whether this build can start the thread. */
  static available(): boolean {
    return THREAD_FILE !== undefined;
  }

  constructor(
    private readonly releaseDir: string,
    latestDir: string,
    private readonly scratch: string,
  ) {
    const folders: Folders = { releaseDir, latestDir, scratch };
    // the thread holds bytes outside its heap and makes little garbage: a small young generation keeps it small
    this.thread = new Worker(THREAD_FILE!, {
      workerData: { role: ROLE, folders },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    this.thread.on('message', (m: FromThread) => this.receive(m));
    this.thread.on('error', (err) => this.fail(err));
    this.thread.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`the thread writing the release stopped (exit status ${code})`));
    });
  }

  get scratchDir(): string {
    return this.scratch;
  }

  zipAlong(relative: string, date: string): void {
    this.post({ op: 'zipAlong', relative, date });
  }

  /**
   * Encode the content here and hand each chunk of about a megabyte to the thread, moved rather than copied (a
   * chunk is a scratch buffer of its own, never used here again). Sending the text instead cost the main thread
   * more than encoding it: a message's strings are flattened and copied.
   */
  async write(relative: string, content: Writable): Promise<void> {
    if (this.failure) throw this.failure;
    inside(this.releaseDir, relative); // a path that would leave the release is refused here, as on one thread
    this.begun++;
    this.post({ op: 'begin', relative });
    const out = new Utf8Chunks(true, false);
    const send = async (chunks: Buffer[]) => {
      const size = chunks.reduce((n, c) => n + c.byteLength, 0);
      this.post(
        { op: 'chunks', chunks, size },
        chunks.map((c) => c.buffer as ArrayBuffer),
      );
      this.inFlight += size;
      if (this.inFlight > IN_FLIGHT) await this.until(() => this.inFlight <= IN_FLIGHT / 2);
    };
    const add = async (piece: string | Uint8Array) => {
      out.add(piece);
      const chunks = out.take();
      if (chunks.length > 0) await send(chunks);
    };
    const pieces = piecesOf(content);
    if (Symbol.asyncIterator in pieces) for await (const piece of pieces) await add(piece);
    else for (const piece of pieces) await add(piece);
    const { chunks } = out.finish();
    if (chunks.length > 0) await send([...chunks]);
    this.post({ op: 'end' });
  }

  async writeZip(): Promise<void> {
    if (this.failure) throw this.failure;
    this.begun++;
    this.post({ op: 'zip' });
    await this.settled();
  }

  settled(): Promise<void> {
    return this.until(() => this.written === this.begun);
  }

  async close(): Promise<void> {
    await this.settled();
    this.stopped = true;
    await this.thread.terminate();
  }

  async abandon(): Promise<void> {
    this.stopped = true;
    await this.thread.terminate();
  }

  private post(message: ToThread, transfer: ArrayBuffer[] = []): void {
    this.thread.postMessage(message, transfer);
  }

  private receive(m: FromThread): void {
    if (m.op === 'ack') this.inFlight -= m.size;
    else if (m.op === 'written') {
      this.files.set(m.relative, m.info);
      this.written++;
    } else this.fail(errorOf(m.error));
    this.wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const check of waiting) check();
  }

  /** Resolves once `done()` holds; rejects with the thread's first failure. */
  private until(done: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) reject(this.failure);
        else if (done()) resolve();
        else this.waiting.push(check);
      };
      check();
    });
  }
}

/** The thread's side: each message in the order sent, files written one after another with StagedRelease. */
async function serve(port: MessagePort, { releaseDir, latestDir, scratch }: Folders): Promise<void> {
  const release = new StagedRelease(releaseDir, latestDir, scratch);
  const inbox: ToThread[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (m: ToThread) => {
    inbox.push(m);
    const w = wake;
    wake = undefined;
    w?.();
  });
  const next = async (): Promise<ToThread> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift()!;
  };
  // the chunks of the file begun, until its end; each message acknowledged once its chunks are taken
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let m = await next(); m.op !== 'end'; m = await next()) {
      if (m.op !== 'chunks') throw new Error(`writer thread: ${m.op} inside a file`);
      yield* m.chunks;
      port.postMessage({ op: 'ack', size: m.size } satisfies FromThread);
    }
  }
  let zipRelative = '';
  try {
    for (;;) {
      const m = await next();
      if (m.op === 'zipAlong') {
        release.zipAlong(m.relative, m.date);
        zipRelative = m.relative;
      } else if (m.op === 'begin' || m.op === 'zip') {
        const relative = m.op === 'begin' ? m.relative : zipRelative;
        if (m.op === 'begin') await release.write(relative, { owned: chunks() });
        else await release.writeZip();
        port.postMessage({ op: 'written', relative, info: release.files.get(relative)! } satisfies FromThread);
      } else throw new Error(`writer thread: ${m.op} outside a file`);
    }
  } catch (err) {
    port.postMessage({ op: 'failed', error: errorData(err) } satisfies FromThread);
  }
}

const data = workerData as { role?: string; folders?: Folders } | null;
if (!isMainThread && data?.role === ROLE) void serve(parentPort!, data.folders!);
