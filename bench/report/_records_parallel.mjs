// The records and parallel-scan parts of a run: their RESULTS.md sections, their targets, and the
// tables the README shows.
import {
  mib,
  PARALLEL_LABELS,
  rateCell,
  ratioCell,
  RECORD_LABELS,
  RUNTIMES,
  sizeName,
  table,
} from "./_labels.mjs";
import { PARALLEL_VARIANTS, RECORD_VARIANTS, STARTUP_PREFIX } from "../cases/_plan.mjs";
import { fixed, summarize } from "../harness/_stats.mjs";
import { judge } from "./_targets.mjs";

const MiB = 1024 * 1024;
const recordId = (size, variant) => `records/lines/${size}/${variant}`;
const parallelId = (size, variant) => `parallel/newlines/${size}/${variant}`;
const startupId = `parallel/startup/${STARTUP_PREFIX}/scanFile-2`;

/** The sizes the run split into records, and scanned in parallel. */
export function recordSizes(run) {
  return [...new Set(run.results.filter((r) => r.group === "records").map((r) => r.size))];
}
export function parallelSizes(run) {
  return [
    ...new Set(
      run.results.filter((r) => r.group === "parallel" && r.variant !== "startup").map((r) =>
        r.size
      ),
    ),
  ].sort((a, b) => a - b);
}

/** `wc -l` over the file of `size`, as a whole process, when the run measured it. */
function wcRow(f, size, columns) {
  const wc = f.run.limits.find((l) => l.size === size && l.command === "wc -l FILE");
  if (wc === undefined) return [];
  const cell = rateCell(summarize(wc.times, size));
  return [["`wc -l FILE` (whole process, for the machine's limit)", ...columns(cell)]];
}

/** The records table at `size`: GB/s, × the mapFile loop, × @std's splitter, peak anon. */
export function recordsTable(f, size, { memory = true } = {}) {
  const rows = RECORD_VARIANTS.map((variant) => {
    const id = recordId(size, variant);
    const std = variant === "lines" || variant.includes("TextLine")
      ? "std-TextLineStream"
      : "std-DelimiterStream";
    return [
      RECORD_LABELS[variant],
      ...RUNTIMES.flatMap((rt) => [
        rateCell(f.summary(rt, id)),
        ratioCell(f.ratio(rt, id, recordId(size, "mapFile-indexOf"))),
        ratioCell(f.ratio(rt, id, recordId(size, std))),
        ...(memory ? [mib(f.memory(rt, id)?.anonGrowth)] : []),
      ]),
    ];
  });
  const blank = memory ? ["", "", ""] : ["", ""];
  rows.push(...wcRow(f, size, (cell) => [cell, ...blank, cell, ...blank]));
  return table([
    "way",
    "Deno GB/s",
    "Deno × mapFile loop",
    "Deno × @std",
    ...(memory ? ["Deno anon MiB"] : []),
    "Bun GB/s",
    "Bun × mapFile loop",
    "Bun × @std",
    ...(memory ? ["Bun anon MiB"] : []),
  ], rows);
}

/** The parallel table at each size: GB/s and × one thread; the pool's start-up below. */
export function parallelTable(f, sizes) {
  const rows = [];
  for (const size of sizes) {
    for (const variant of PARALLEL_VARIANTS) {
      const id = parallelId(size, variant);
      rows.push([
        sizeName(size),
        PARALLEL_LABELS[variant],
        ...RUNTIMES.flatMap((rt) => [
          rateCell(f.summary(rt, id)),
          ratioCell(f.ratio(rt, id, parallelId(size, "one-thread"))),
          variant.startsWith("scanFile") ? mib(f.memory(rt, id)?.anonGrowth) : "",
        ]),
      ]);
    }
  }
  rows.push([
    sizeName(STARTUP_PREFIX),
    "pool start-up: `scanFile`, 2 Workers, a file of one window each (median ms)",
    ...RUNTIMES.flatMap((rt) => {
      const s = f.summary(rt, startupId);
      return [s === undefined ? "n/a" : `${fixed(s.ms)} ms`, "", ""];
    }),
  ]);
  return table([
    "file",
    "way",
    "Deno GB/s",
    "Deno × one thread",
    "Deno anon MiB",
    "Bun GB/s",
    "Bun × one thread",
    "Bun anon MiB",
  ], rows);
}

/** The records and parallel targets of the issues, on the run's sizes. */
export function recordAndParallelTargets(f, recordsSize, parallel) {
  const targets = [];
  const atLeast = (v) => ({ deno: (x) => x >= v, bun: (x) => x >= v });
  const times = (v) => `${fixed(v)}×`;
  const under64 = { deno: (v) => v < 64 * MiB, bun: (v) => v < 64 * MiB };
  const mibCell = (v) => `${fixed(v / MiB)} MiB`;
  if (recordsSize !== undefined) {
    const r = (variant) => recordId(recordsSize, variant);
    const ratio = (a, b) => (rt) => f.ratio(rt, r(a), r(b));
    const at = sizeName(recordsSize);
    // The ceiling: splitting bytes already in memory into views by hand, with no stream at all.
    targets.push(
      judge(
        `Records of ${at}: \`records()\` over \`DelimiterStream(10)\` ≥ 0.5× the \`mapFile\` + \`indexOf\` loop`,
        ratio("records-DelimiterStream", "mapFile-indexOf"),
        atLeast(0.5),
        times,
        ratio("memory-views", "mapFile-indexOf"),
      ),
      judge(
        "… and ≥ 3× @std/streams' `DelimiterStream` over the runtime's file stream",
        ratio("records-DelimiterStream", "std-DelimiterStream"),
        atLeast(3),
        times,
        ratio("memory-views", "std-DelimiterStream"),
      ),
      judge(
        "`DelimiterStream` read with `for await` ≥ 1.5× @std/streams' `DelimiterStream`",
        ratio("forawait-DelimiterStream", "std-DelimiterStream"),
        atLeast(1.5),
        times,
      ),
      judge(
        "`lines()` (strings) ≥ 1.5× `TextDecoderStream` → @std/streams' `TextLineStream`",
        ratio("lines", "std-TextLineStream"),
        atLeast(1.5),
        times,
      ),
      judge(
        `Splitting ${at} (\`records()\`, \`DelimiterStream\`): peak anonymous memory < 64 MiB above start`,
        (rt) => f.memory(rt, r("records-DelimiterStream"))?.anonGrowth,
        under64,
        mibCell,
      ),
      judge(
        "… and `lines()` (same limit)",
        (rt) => f.memory(rt, r("lines"))?.anonGrowth,
        under64,
        mibCell,
      ),
    );
  }
  if (parallel.length > 0) {
    const largest = parallel.at(-1);
    const smallest = parallel[0];
    const p = (size, variant) => parallelId(size, variant);
    targets.push(
      judge(
        `Line count of ${sizeName(largest)}: \`scanFile\` on 2 Workers ≥ 1.7× one thread`,
        (rt) => f.ratio(rt, p(largest, "scanFile-2"), p(largest, "one-thread")),
        atLeast(1.7),
        times,
        (rt) => f.ratio(rt, p(largest, "two-processes"), p(largest, "one-thread")),
      ),
      judge(
        `${
          sizeName(smallest)
        } with the default \`parallelFrom\` not slower than one thread (≥ 0.95×, within the spread)`,
        (rt) => f.ratio(rt, p(smallest, "scanFile-default"), p(smallest, "one-thread")),
        atLeast(0.95),
        times,
      ),
      judge(
        `Pool scanning ${sizeName(largest)}: peak anonymous memory < 64 MiB above start`,
        (rt) => f.memory(rt, p(largest, "scanFile-2"))?.anonGrowth,
        under64,
        mibCell,
      ),
    );
  }
  return targets;
}

/** RESULTS.md's sections for records and parallel scans. */
export function recordsAndParallelSections(f) {
  const out = [];
  for (const size of recordSizes(f.run)) {
    out.push(
      `## Records: splitting ${sizeName(size)} into lines`,
      "",
      "Each pass splits the whole file (page cache warm) into its lines, of 8 to 160 bytes (about 85",
      "on average), and counts the records and the bytes (for strings, the characters) they hold; the",
      "counts are checked against the file's. *× mapFile loop*: throughput over `mapFile` + an",
      "`indexOf(10)` loop that makes no view at all, same run; *× @std*: over @std/streams 1.1.2 doing",
      "the same job (its `DelimiterStream` for bytes, `TextLineStream` after `TextDecoderStream` for",
      "strings) over the runtime's own file stream. *anon MiB*: peak anonymous memory above the",
      "process's at the start of the case.",
      "",
      recordsTable(f, size),
    );
  }
  const sizes = parallelSizes(f.run);
  if (sizes.length > 0) {
    out.push(
      "## Parallel scans: counting newlines on every core",
      "",
      "Each pass counts the newlines of the whole file (page cache warm), checked against the file's",
      "count (what `wc -l` prints). *× one thread*: throughput over `mapFile` + `indexOf(10)` in one",
      "thread, same run. The two-process row starts two whole processes of the runtime, each mapping",
      "half of the file, then times their scans run at once: what two cores reach with no Workers at",
      "all (the pool's ceiling here). The start-up row is one `scanFile` over a file too small to matter:",
      "spawning 2 Workers, loading the module graph, mapping, and the first result.",
      "",
      parallelTable(f, sizes),
    );
  }
  return out.join("\n");
}
