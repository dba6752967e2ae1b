/**
 * `node build/bench/serve-memory.js`: the server's memory while many clients download one large file
 * (issue 14). Not a test: it prints what it measured and exits 0; it exits 1 only when a download fails or
 * comes back short.
 *
 * A temporary dist/ holds one file of SERVE_BENCH_MB megabytes (150). The compiled CLI's `serve` runs as a
 * child process; SERVE_BENCH_CLIENTS clients (30) download the file at once, each reading as fast as it can
 * and discarding the bytes. A client answered 503 waits for its Retry-After and asks again. Read from
 * /proc/<pid>/status (Linux only): the server's resident set before, its peak (VmHWM) over the whole run,
 * and what it still holds two seconds after the last download ended. BENCH_CLI=FILE measures another build
 * of the CLI (the code before a change, say) instead of build/cli/bin.js.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.BENCH_CLI ?? path.resolve(HERE, '..', 'cli', 'bin.js');
const MB = Number(process.env.SERVE_BENCH_MB ?? 150);
const CLIENTS = Number(process.env.SERVE_BENCH_CLIENTS ?? 30);

/** A CSV-like file of `mb` megabytes, written a megabyte at a time. */
function writeLargeFile(file: string, mb: number): number {
  const lines: string[] = [];
  for (let i = 0; lines.join('').length < 1 << 20; i++) lines.push(`500113,indicator_${i % 97},2021,${i * 7919}\n`);
  const chunk = Buffer.from(lines.join('')).subarray(0, 1 << 20);
  const fd = openSync(file, 'w');
  for (let i = 0; i < mb; i++) writeSync(fd, chunk);
  closeSync(fd);
  return mb * chunk.length;
}

/** `VmRSS` or `VmHWM` of a process, in MB. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return kib / 1024;
}

/** Download `url` once, discarding the bytes; retries after a 503. Resolves to [bytes, 503s seen]. */
async function download(url: string): Promise<[number, number]> {
  for (let busy = 0; ; busy++) {
    const [status, bytes, retryAfter] = await new Promise<[number, number, number]>((resolve, reject) => {
      get(url, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve([res.statusCode!, n, Number(res.headers['retry-after'] ?? 1)]));
        res.on('error', reject);
      }).on('error', reject);
    });
    if (status === 200) return [bytes, busy];
    if (status !== 503) throw new Error(`${url}: status ${status}`);
    await sleep(retryAfter * 1000);
  }
}

async function startServe(dist: string) {
  const child = spawn(process.execPath, [CLI, 'serve', '--dist', dist, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[^\s]+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { child, url };
}

async function main(): Promise<number> {
  if (!existsSync('/proc/self/status')) {
    console.log('serve-memory: SKIPPED, /proc/<pid>/status is needed (Linux)');
    return 0;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-serve-'));
  try {
    mkdirSync(path.join(dir, 'dist'));
    const size = writeLargeFile(path.join(dir, 'dist', 'large.csv'), MB);
    const { child, url } = await startServe(path.join(dir, 'dist'));
    const pid = child.pid!;
    await sleep(500);
    const idle = memoryOf(pid, 'VmRSS');
    const start = process.hrtime.bigint();
    const results = await Promise.all(Array.from({ length: CLIENTS }, () => download(url + 'large.csv')));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const peak = memoryOf(pid, 'VmHWM');
    await sleep(2000);
    const after = memoryOf(pid, 'VmRSS');
    child.kill('SIGTERM');
    const short = results.filter(([bytes]) => bytes !== size).length;
    const busy = results.reduce((n, [, b]) => n + b, 0);
    console.log(`cli: ${CLI}`);
    console.log(
      `${CLIENTS} clients x ${(size / 2 ** 20).toFixed(0)} MB in ${seconds.toFixed(1)} s; 503 answers: ${busy}`,
    );
    console.log(`server RSS: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, 2 s after ${after.toFixed(0)} MB`);
    const line = {
      clients: CLIENTS,
      file_mb: MB,
      seconds,
      busy_503: busy,
      idle_mb: idle,
      peak_mb: peak,
      after_mb: after,
    };
    console.log(JSON.stringify(line));
    if (short) console.error(`serve-memory: ${short} download(s) came back short`);
    return short ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
