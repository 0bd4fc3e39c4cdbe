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
import { PARALLEL_ROWS, RECORD_ROWS, STARTUP_PREFIX } from "../cases/_plan.mjs";
import { fixed, summarize } from "../harness/_stats.mjs";
import { judge } from "./_targets.mjs";

const MiB = 1024 * 1024;
const recordId = (size, variant, job = "bytes") =>
  `records/${job === "words" ? "words" : "lines"}/${size}/${variant}`;
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

/** A plan row's id at `size` (records: its job's; parallel: the newline count). */
const rowId = (group, size, row) =>
  group === "parallel" ? parallelId(size, row.variant) : recordId(size, row.variant, row.job);

/** The Go row a row is compared with, looked up among `rows`. */
const goRow = (rows, row) => rows.find((other) => other.variant === row.compareWith);

/** "× Go": `row`'s throughput in `runtime` over its Go row's; blank when it is compared with none. */
function goRatioCell(f, group, size, rows, row, runtime) {
  const base = goRow(rows, row);
  if (base === undefined) return "";
  const baseId = rowId(group, size, base);
  const why = f.skipped("go", baseId);
  if (why !== undefined) return "no Go";
  return ratioCell(f.ratioTo(runtime, rowId(group, size, row), "go", baseId));
}

/**
 * A table of plan rows (`RECORD_ROWS` or `PARALLEL_ROWS`, see cases/_plan.mjs) at `size`: for each
 * runtime the columns of `columns` (`{ name, cell(runtime, row, id) }`). A Go row, run once, shows
 * its own figures in both runtimes' columns, its GB/s and memory only (`goCell(row, id)`); with no
 * `go` on PATH its cells say "skipped".
 */
function rowsTable(f, group, size, rows, labels, columns) {
  const body = rows.map((row) => {
    const id = rowId(group, size, row);
    const skipped = f.skipped("go", id) !== undefined;
    const cells = row.runtime === "go"
      ? columns.map((c, i) => skipped ? (i === 0 ? "skipped" : "") : c.goCell?.(id) ?? "")
      : undefined;
    return [
      labels[row.variant],
      ...RUNTIMES.flatMap((rt) => cells ?? columns.map((c) => c.cell(rt, row, id))),
    ];
  });
  const name = { deno: "Deno", bun: "Bun" };
  return {
    body,
    header: ["way", ...RUNTIMES.flatMap((rt) => columns.map((c) => `${name[rt]} ${c.name}`))],
  };
}

/** The column of GB/s (Go's rows included) and the one of peak anonymous memory. */
const rateColumn = (f) => ({
  name: "GB/s",
  cell: (rt, _row, id) => rateCell(f.summary(rt, id)),
  goCell: (id) => rateCell(f.summary("go", id)),
});
const memoryColumn = (f, shown = () => true) => ({
  name: "anon MiB",
  cell: (rt, row, id) => shown(row) ? mib(f.memory(rt, id)?.anonGrowth) : "",
  goCell: (id) => mib(f.memory("go", id)?.anonGrowth),
});

/** A note under a table whose Go rows were skipped: why. */
function goNote(f, group, size, rows) {
  const skipped = rows.filter((row) => row.runtime === "go")
    .map((row) => f.skipped("go", rowId(group, size, row))).find((why) => why !== undefined);
  return skipped === undefined ? "" : `Go's rows were not run: ${skipped}.\n`;
}

/** The records rows of `job` ("lines": bytes and strings; "words") the run has at `size`. */
function recordRows(f, size, words) {
  return RECORD_ROWS.filter((row) =>
    (row.job === "words") === words &&
    (row.runtime === "go" ? f.run.results.some((r) => r.id === rowId("records", size, row)) : true)
  );
}

/** The records table at `size`: GB/s, × the mapFile loop, × @std's splitter, × Go, peak anon;
 * Go's rows and `wc -l` below ours. */
export function recordsTable(f, size, { memory = true } = {}) {
  const rows = recordRows(f, size, false);
  const ratioColumn = (name, base) => ({
    name,
    cell: (rt, row, id) => ratioCell(f.ratio(rt, id, recordId(size, base(row)))),
  });
  const columns = [
    rateColumn(f),
    ratioColumn("× mapFile loop", () => "mapFile-indexOf"),
    ratioColumn(
      "× @std",
      (row) => row.job === "strings" ? "std-TextLineStream" : "std-DelimiterStream",
    ),
    { name: "× Go", cell: (rt, row) => goRatioCell(f, "records", size, rows, row, rt) },
    ...(memory ? [memoryColumn(f)] : []),
  ];
  const { header, body } = rowsTable(f, "records", size, rows, RECORD_LABELS, columns);
  const blank = columns.slice(1).map(() => "");
  body.push(...wcRow(f, size, (cell) => [cell, ...blank, cell, ...blank]));
  return table(header, body) + goNote(f, "records", size, rows);
}

/** The words table at `size` (Go's `ScanWords` rule): GB/s, × Go, peak anon; empty when the run
 * split no words. */
export function wordsTable(f, size) {
  const rows = recordRows(f, size, true);
  if (rows.length === 0) return "";
  const columns = [
    rateColumn(f),
    { name: "× Go", cell: (rt, row) => goRatioCell(f, "records", size, rows, row, rt) },
    memoryColumn(f),
  ];
  const { header, body } = rowsTable(f, "records", size, rows, RECORD_LABELS, columns);
  return table(header, body) + goNote(f, "records", size, rows);
}

/** The one-thread row the parallel rows are compared with: the same job (count()) in one thread. */
const ONE_THREAD = "scanner-count";

/** The parallel table at each size: GB/s, × one thread, × Go; the pool's start-up below. */
export function parallelTable(f, sizes) {
  const header = [];
  const body = [];
  const notes = new Set();
  for (const size of sizes) {
    const rows = PARALLEL_ROWS.filter((row) =>
      row.runtime !== "go" || f.run.results.some((r) => r.id === rowId("parallel", size, row))
    );
    const columns = [
      rateColumn(f),
      {
        name: "× one thread",
        cell: (rt, _row, id) => ratioCell(f.ratio(rt, id, parallelId(size, ONE_THREAD))),
      },
      { name: "× Go", cell: (rt, row) => goRatioCell(f, "parallel", size, rows, row, rt) },
      memoryColumn(f, (row) => row.variant.startsWith("scanFile")),
    ];
    const built = rowsTable(f, "parallel", size, rows, PARALLEL_LABELS, columns);
    header.splice(0, header.length, "file", ...built.header);
    body.push(...built.body.map((row) => [sizeName(size), ...row]));
    notes.add(goNote(f, "parallel", size, rows));
  }
  body.push([
    sizeName(STARTUP_PREFIX),
    "pool start-up: `scanFile`, 2 Workers, a file of one window each (median ms)",
    ...RUNTIMES.flatMap((rt) => {
      const s = f.summary(rt, startupId);
      return [s === undefined ? "n/a" : `${fixed(s.ms)} ms`, "", "", ""];
    }),
  ]);
  return table(header, body) + [...notes].join("");
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
        `Line count of ${
          sizeName(largest)
        }: 2 Workers (a started \`scanPool\`) ≥ 1.7× one thread doing the same job (\`count()\`)`,
        (rt) => f.ratio(rt, p(largest, "scanPool-2"), p(largest, ONE_THREAD)),
        atLeast(1.7),
        times,
        (rt) => f.ratio(rt, p(largest, "two-processes"), p(largest, ONE_THREAD)),
      ),
      judge(
        `… and \`scanFile\`, its 2 Workers started for the call, not slower than one thread`,
        (rt) => f.ratio(rt, p(largest, "scanFile-2"), p(largest, ONE_THREAD)),
        atLeast(0.95),
        times,
      ),
      judge(
        `${
          sizeName(smallest)
        } with the default \`parallelFrom\` not slower than one thread (≥ 0.95×, within the spread)`,
        (rt) => f.ratio(rt, p(smallest, "scanFile-default"), p(smallest, ONE_THREAD)),
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

/** How Go's rows were made, for the prose around the tables. */
export function goSentence(run) {
  const version = /^go\d/.test(run.machine.go ?? "") ? ` (${run.machine.go})` : "";
  return [
    `Go's rows${version} are the programs of \`bench/go/\`, each case a whole process that times its`,
    "own passes after warm-up, as the runtimes' worker does, on the same file; *× Go*: a row's",
    "throughput over the Go row doing the same job, same run.",
  ].join("\n");
}

/** RESULTS.md's sections for records and parallel scans. */
export function recordsAndParallelSections(f) {
  const out = [];
  for (const size of recordSizes(f.run)) {
    out.push(
      `## Records: splitting ${sizeName(size)} into lines`,
      "",
      "Each pass splits the whole file (page cache warm) into its lines, of 8 to 160 bytes (about 85",
      "on average), and counts the records and the bytes (for strings, the characters) they hold, and",
      "for lines as bytes those starting with `a` (Go's job: `Scanner.Bytes()`, count, lengths, a test",
      "of the first byte); the counts are checked against the file's. *× mapFile loop*: throughput",
      "over `mapFile` + an `indexOf(10)` loop that makes no view at all, same run; *× @std*: over",
      "@std/streams 1.1.2 doing the same job (its `DelimiterStream` for bytes, `TextLineStream` after",
      "`TextDecoderStream` for strings) over the runtime's own file stream. *anon MiB*: peak anonymous",
      "memory above the process's at the start of the case.",
      goSentence(f.run),
      "",
      recordsTable(f, size),
    );
    const words = wordsTable(f, size);
    if (words !== "") {
      out.push(
        `### Words: splitting ${sizeName(size)} at white space (Go's \`ScanWords\`)`,
        "",
        words,
      );
    }
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
      goSentence(f.run),
      "",
      parallelTable(f, sizes),
    );
  }
  return out.join("\n");
}
