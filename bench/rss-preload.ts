/**
 * Preloaded with `node --import` where GNU time is missing: at exit, write this process's peak RSS (KiB,
 * `process.resourceUsage().maxRSS`) to the file named by BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
