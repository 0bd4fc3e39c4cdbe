// Counts the lines of a file and finds its longest line on every core, with the worker module
// every_core_worker.ts beside it. A file under 128 MiB is scanned in this thread, where Workers
// would cost more than they gain; a second argument sets that size in bytes (0: always Workers).
import process from "node:process";
import { scanFile } from "@zerocopy/streams";
import type { LineStats } from "./every_core_worker.ts";

const [path, parallelFrom] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: every_core.ts <file> [parallelFrom]");

const started = performance.now();
const total = await scanFile<LineStats, LineStats>(
  path,
  new URL("./every_core_worker.ts", import.meta.url),
  {
    parallelFrom: parallelFrom === undefined ? undefined : Number(parallelFrom),
    reduce: (sum, window) => ({
      lines: sum.lines + window.lines,
      longest: Math.max(sum.longest, window.longest),
      longestAt: window.longest > sum.longest ? window.longestAt : sum.longestAt,
    }),
    initial: { lines: 0, longest: 0, longestAt: 0 },
  },
);
const seconds = (performance.now() - started) / 1000;
console.log(
  `${total.lines} lines; the longest has ${total.longest} bytes, at byte ${total.longestAt} ` +
    `(${seconds.toFixed(3)} s, ${navigator.hardwareConcurrency} cores)`,
);
