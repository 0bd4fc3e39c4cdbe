// Which cases run, at which sizes, how often, and what each must compute.
import { existsSync } from "node:fs";
import { expectedCounts } from "../harness/_data.mjs";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Sizes and repetitions of each profile: "full" (the published run), "quick" (development on a
 * busy machine) and "smoke" (tiny, checks counts only; part of `npm test`). */
export const PROFILES = {
  full: {
    sizes: [64 * MiB, GiB],
    // Slow paths stop early (never under minReps timed passes) so the run stays within ~15 minutes (5 on the quiet 2-core reference machine).
    scanRuns: (size) =>
      size >= GiB
        ? { warmup: 1, reps: 7, minReps: 3, budgetMs: 8000 }
        : { warmup: 2, reps: 15, minReps: 5, budgetMs: 3000 },
    linesSize: 64 * MiB,
    recordsSize: GiB,
    parallelSizes: [64 * MiB, GiB],
    limitReps: (size) => size >= GiB ? 5 : 10,
    transformTotal: 64 * MiB,
    splitTotal: 16 * MiB,
    transformRuns: { warmup: 2, reps: 15, minReps: 5, budgetMs: 3000 },
    bufferTotal: MiB,
    bufferCycles: 64,
    bufferRuns: { warmup: 2, reps: 15, minReps: 5, budgetMs: 3000 },
    batch: false,
    timeoutMs: 300_000,
  },
  quick: {
    sizes: [8 * MiB, 32 * MiB],
    scanRuns: () => ({ warmup: 1, reps: 5 }),
    linesSize: 8 * MiB,
    recordsSize: 32 * MiB,
    parallelSizes: [8 * MiB, 32 * MiB],
    limitReps: () => 5,
    transformTotal: 8 * MiB,
    splitTotal: 4 * MiB,
    transformRuns: { warmup: 1, reps: 5 },
    bufferTotal: MiB,
    bufferCycles: 8,
    bufferRuns: { warmup: 1, reps: 5 },
    batch: false,
    timeoutMs: 120_000,
  },
  smoke: {
    // Odd sizes, so that tails and records spanning chunks are exercised.
    sizes: [3 * MiB + 12_345],
    scanRuns: () => ({ warmup: 0, reps: 1 }),
    linesSize: 3 * MiB + 12_345,
    recordsSize: 3 * MiB + 12_345,
    parallelSizes: [3 * MiB + 12_345],
    limitReps: () => 1,
    transformTotal: 3 * MiB + 12_345,
    splitTotal: 3 * MiB + 12_345,
    transformRuns: { warmup: 0, reps: 1 },
    bufferTotal: 256 * KiB + 7,
    bufferCycles: 2,
    bufferRuns: { warmup: 0, reps: 1 },
    batch: true,
    // One process runs every case of a runtime; a hang must not stall `npm test`.
    timeoutMs: 120_000,
  },
};

export const SCAN_VARIANTS = [
  "memory",
  "mapFile",
  "mapFile-populate",
  "readFile",
  "default-stream",
  "readSync-loop",
  "openFile-chunks",
  "openFile-chunks-aligned",
  "openFile-FixedChunkStream-chunks",
  "openFile-plain-rechunk",
];
export const TRANSFORM_CHUNKS = [4 * KiB, 64 * KiB, MiB];
export const RECORD = 64 * KiB;
export const RECHUNK_VARIANTS = [
  "plain",
  "FixedChunkStream",
  "FixedChunkStream-records",
  "FixedChunkStream-chunks",
];
export const SPLIT_VARIANTS = ["plain", "DelimiterStream", "DelimiterStream-records"];
/** The @std/streams copy the record cases compare with, beside this repository (see its README). */
export const STD_MISSING = existsSync(
    new URL("../../../shared/vendor/std/streams/delimiter_stream.ts", import.meta.url),
  )
  ? undefined
  : "the @std/streams copy (../shared/vendor/std) is not beside this clone: its cases are left out";
/** The byte a record case counts the lines starting with ("a"), in the "bytes" job. */
export const FIRST_BYTE = 0x61;
/**
 * The rows of the records group, in table order. `variant`: its pass in `_records.ts`, or, with
 * `runtime: "go"`, the Go program `bench/go/<program>.go` (run once, not in each runtime). `job`:
 * what each record is and what is counted: "bytes" (lines as bytes: records, their bytes, and those
 * starting with `FIRST_BYTE`), "strings" (lines as strings: records and their UTF-16 units) or
 * "words" (Go's `ScanWords` rule: words and their bytes). `compareWith`: the Go row doing the same
 * job, which the tables divide this row's throughput by ("× Go"). A row compared with Go is one
 * line here, its pass, and its label.
 */
export const RECORD_ROWS = [
  { variant: "scanner-bytes", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "mapFile-indexOf", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "memory-views", job: "bytes" },
  { variant: "lines", job: "strings", compareWith: "go-scanner-text" },
  { variant: "records-LineStream", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "records-DelimiterStream", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "forawait-DelimiterStream", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "reader-DelimiterStream", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "std-TextLineStream", job: "strings", compareWith: "go-scanner-text" },
  { variant: "std-DelimiterStream", job: "bytes", compareWith: "go-scanner-bytes" },
  { variant: "scanner-words", job: "words", compareWith: "go-scan-words" },
  { variant: "go-scanner-bytes", job: "bytes", runtime: "go", program: "lines_bytes" },
  { variant: "go-scanner-text", job: "strings", runtime: "go", program: "lines_text" },
  { variant: "go-scan-words", job: "words", runtime: "go", program: "words" },
];
/** The records variants the runtimes run (the chart's bars). */
export const RECORD_VARIANTS = RECORD_ROWS.filter((row) => row.runtime === undefined)
  .map((row) => row.variant);
export const PARALLEL_WORKERS = 2;
/** The rows of the parallel group (newline counts), in table order; fields as in RECORD_ROWS. */
export const PARALLEL_ROWS = [
  { variant: "scanner-count", compareWith: "go-read-count" },
  { variant: "one-thread", compareWith: "go-read-count" },
  { variant: "one-thread-read", compareWith: "go-read-count" },
  { variant: "scanPool-2", compareWith: "go-mmap-2" },
  { variant: "scanFile-2", compareWith: "go-mmap-2" },
  { variant: "scanFile-default", compareWith: "go-mmap-2" },
  { variant: "two-processes", compareWith: "go-mmap-2" },
  { variant: "go-read-count", runtime: "go", program: "count_read" },
  { variant: "go-mmap-2", runtime: "go", program: "count_mmap" },
];
/** The runtimes a plan row runs in: Go's rows in Go only, the others in Deno and in Bun. */
const runtimesOf = (row) => row.runtime === undefined ? ["deno", "bun"] : [row.runtime];
/** The file of the pool's start-up case: small enough that the scan itself is nothing. */
export const STARTUP_PREFIX = 64 * KiB;
export const BUFFER_CHUNKS = [64, 4 * KiB, 64 * KiB];
export const BUFFER_VARIANTS = ["array-concat", "Buffer.concat", "doubling", "ByteBuffer"];

/** Every case of a profile, each with the counts it must compute (`expect`). `files` maps a size
 * to its text file; the smallest file that is large enough feeds the transform and buffer cases. */
export function planCases(profile, files) {
  const cases = [];
  const needed = Math.max(profile.transformTotal, profile.bufferTotal);
  const fitting = [...files.keys()].filter((size) => size >= needed);
  const source = files.get(Math.min(...fitting));
  const scanModes = profile.batch ? ["absent", "check"] : ["absent"];
  for (const size of profile.sizes) {
    const counts = expectedCounts(size);
    for (const mode of scanModes) {
      for (const variant of SCAN_VARIANTS) {
        cases.push({
          id: `scan/${mode}/${size}/${variant}`,
          group: "scan",
          variant,
          mode,
          size,
          file: files.get(size),
          ...profile.scanRuns(size),
          expect: {
            bytes: size,
            ...(mode === "absent" ? { found: 0 } : { newlines: counts.newlines, sum: counts.sum }),
            // A mapping that fell back to reading the file would measure the wrong thing.
            ...(variant.startsWith("mapFile") ? { mapped: 1 } : {}),
          },
        });
      }
    }
  }
  if (!profile.batch) {
    const size = profile.linesSize;
    for (const variant of SCAN_VARIANTS) {
      cases.push({
        id: `scan/lines/${size}/${variant}`,
        group: "scan",
        variant,
        mode: "lines",
        size,
        file: files.get(size),
        ...profile.scanRuns(size),
        expect: { bytes: size, newlines: expectedCounts(size).newlines },
      });
    }
  }
  const total = profile.transformTotal;
  const splitTotal = profile.splitTotal;
  const counts = expectedCounts(splitTotal);
  const lines = counts.newlines + (counts.openLine ? 1 : 0);
  for (const chunk of TRANSFORM_CHUNKS) {
    for (const variant of RECHUNK_VARIANTS) {
      cases.push({
        id: `transform/rechunk/${chunk}/${variant}`,
        group: "transform",
        job: "rechunk",
        variant,
        chunk,
        total,
        record: RECORD,
        file: source,
        ...profile.transformRuns,
        // `chunks` yields what each read gave (Go's Read), so records may arrive in pieces there.
        expect: variant.endsWith("-chunks")
          ? { bytes: total, found: 0 }
          : { bytes: total, chunks: Math.ceil(total / RECORD), found: 0 },
      });
    }
    for (const variant of SPLIT_VARIANTS) {
      cases.push({
        id: `transform/split/${chunk}/${variant}`,
        group: "transform",
        job: "split",
        variant,
        chunk,
        total: splitTotal,
        file: source,
        ...profile.transformRuns,
        // The text has no empty lines; DelimiterStream (bytes.Split) ends with the empty record
        // after the last newline, which the plain splitter leaves out.
        expect: {
          bytes: splitTotal - counts.newlines,
          chunks: variant.startsWith("DelimiterStream") ? counts.newlines + 1 : lines,
          found: 0,
        },
      });
    }
  }
  cases.push(...recordCases(profile, files), ...parallelCases(profile, files));
  const bufferTotal = profile.bufferTotal;
  for (const chunk of BUFFER_CHUNKS) {
    for (const variant of BUFFER_VARIANTS) {
      cases.push({
        id: `buffer/cycle/${chunk}/${variant}`,
        group: "buffer",
        variant,
        chunk,
        total: bufferTotal,
        cycles: profile.bufferCycles,
        file: source,
        ...profile.bufferRuns,
        expect: {
          bytes: bufferTotal * profile.bufferCycles,
          reads: Math.ceil(bufferTotal / chunk) * profile.bufferCycles,
          found: 0,
        },
      });
    }
  }
  return cases;
}

/** What a records row must count over a file of `size` bytes (see RECORD_ROWS). */
function recordCounts({ variant, job }, size) {
  const counts = expectedCounts(size);
  if (job === "words") return { records: counts.words, recordBytes: counts.wordBytes };
  const lines = counts.newlines + (counts.openLine ? 1 : 0);
  return {
    // DelimiterStream follows bytes.Split: a last newline ends with an empty record.
    records: variant.endsWith("DelimiterStream") ? counts.newlines + 1 : lines,
    recordBytes: size - counts.newlines,
    ...(job === "bytes" ? { startingWith: counts.startingWith(FIRST_BYTE) } : {}),
    ...(variant.startsWith("mapFile") ? { mapped: 1 } : {}),
  };
}

/** Splitting the records-size file into lines (and words), every way; each counts records and
 * their bytes. */
function recordCases(profile, files) {
  const size = profile.recordsSize;
  return RECORD_ROWS
    .filter(({ variant }) => !(variant.startsWith("std-") && STD_MISSING))
    .map((row) => ({
      id: `records/${row.job === "words" ? "words" : "lines"}/${size}/${row.variant}`,
      group: "records",
      variant: row.variant,
      runtimes: runtimesOf(row),
      ...(row.program === undefined ? {} : { program: row.program }),
      ...(row.job === "bytes" ? { first: FIRST_BYTE } : {}),
      size,
      file: files.get(size),
      ...profile.scanRuns(size),
      expect: recordCounts(row, size),
    }));
}

/** Counting newlines on every core at each parallel size, and the pool's start-up. */
function parallelCases(profile, files) {
  const cases = [];
  const workers = PARALLEL_WORKERS;
  for (const size of profile.parallelSizes) {
    const counts = expectedCounts(size);
    for (const row of PARALLEL_ROWS) {
      const { variant } = row;
      cases.push({
        id: `parallel/newlines/${size}/${variant}`,
        group: "parallel",
        variant,
        runtimes: runtimesOf(row),
        ...(row.program === undefined ? {} : { program: row.program }),
        workers,
        size,
        file: files.get(size),
        ...profile.scanRuns(size),
        expect: {
          newlines: counts.newlines,
          bytes: size,
          ...(variant === "one-thread" || variant === "go-mmap-2" ? { mapped: 1 } : {}),
        },
      });
    }
  }
  const smallest = Math.min(...profile.parallelSizes);
  cases.push({
    id: `parallel/startup/${STARTUP_PREFIX}/scanFile-2`,
    group: "parallel",
    variant: "startup",
    workers,
    prefix: STARTUP_PREFIX,
    size: STARTUP_PREFIX,
    file: files.get(smallest),
    ...profile.transformRuns,
    expect: { newlines: expectedCounts(STARTUP_PREFIX).newlines, bytes: STARTUP_PREFIX },
  });
  return cases;
}
