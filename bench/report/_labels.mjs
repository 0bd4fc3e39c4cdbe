// Names and table cells shared by RESULTS.md, the README excerpt and the chart.
import { fixed } from "../harness/_stats.mjs";

export const MiB = 1024 * 1024;
export const RUNTIMES = ["deno", "bun"];

export function sizeName(bytes) {
  if (bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

export const SCAN_LABELS = {
  "memory": "bytes already in memory (baseline)",
  "mapFile": "`mapFile`",
  "mapFile-populate": "`mapFile` `{ populate: true }`",
  "readFile": "`Deno.readFile` / `Bun.file().arrayBuffer()`",
  "default-stream": "`FsFile.readable` / `Bun.file().stream()`",
  "readSync-loop": "`FsFile.readSync` / `fs.readSync` loop by hand, one 1 MiB buffer",
  "openFile-chunks": "`openFile` + `chunks(1 MiB)`",
  "openFile-chunks-aligned": "`openFile` + `chunks(new Uint8Array(1 MiB))`",
  "openFile-FixedChunkStream-chunks": "`openFile` → `FixedChunkStream(64 KiB)` → `chunks`",
  "openFile-plain-rechunk": "`openFile` → plain copying `TransformStream(64 KiB)`",
};
/** The scan variants' names in the chart (plain text, short; the baseline has no bar). */
export const SCAN_CHART_LABELS = {
  "mapFile": "mapFile",
  "mapFile-populate": "mapFile, populate",
  "readFile": "readFile / file().arrayBuffer()",
  "default-stream": "FsFile.readable / file().stream()",
  "readSync-loop": "readSync loop by hand, 1 MiB",
  "openFile-chunks": "openFile + chunks(1 MiB)",
  "openFile-chunks-aligned": "openFile + chunks(own new Uint8Array)",
  "openFile-FixedChunkStream-chunks": "openFile → FixedChunkStream → chunks",
  "openFile-plain-rechunk": "openFile → plain TransformStream",
};
export const TRANSFORM_LABELS = {
  "plain": "plain `TransformStream` (baseline)",
  "FixedChunkStream": "`FixedChunkStream`, default reader",
  "FixedChunkStream-records": "`FixedChunkStream` → `records`",
  "FixedChunkStream-chunks": "`FixedChunkStream` → `chunks` (BYOB)",
  "DelimiterStream": "`DelimiterStream`, default reader",
  "DelimiterStream-records": "`DelimiterStream` → `records`",
};
export const RECORD_LABELS = {
  "scanner-bytes": "`openFile` → `scan()`: every line as a byte range of one reused buffer",
  "scanner-words": '`openFile` → `scan({ split: "words" })`: every word as a byte range',
  "mapFile-indexOf": "`mapFile` + an `indexOf(10)` loop, no stream (baseline)",
  "memory-views":
    "the file already in memory: an `indexOf(10)` loop making one `Uint8Array` view per line (what views cost; anon: the copy)",
  "lines": "`openFile` → `lines()` (strings)",
  "records-LineStream": "`openFile` → `LineStream` → `records()`",
  "records-DelimiterStream": "`openFile` → `DelimiterStream(10)` → `records()`",
  "forawait-DelimiterStream": "`openFile` → `DelimiterStream(10)` → `for await`",
  "reader-DelimiterStream": "`openFile` → `DelimiterStream(10)` → `reader.read()` loop",
  "std-TextLineStream":
    "runtime file stream → `TextDecoderStream` → @std `TextLineStream` (strings)",
  "std-DelimiterStream": "runtime file stream → @std `DelimiterStream`",
  "go-scanner-bytes": "Go: `bufio.Scanner` (64 KiB buffer) + `Bytes()`",
  "go-scanner-text": "Go: `bufio.Scanner` (64 KiB buffer) + `Text()` (strings)",
  "go-scan-words": "Go: `bufio.Scanner` (64 KiB buffer) + `bufio.ScanWords`",
};
export const RECORD_CHART_LABELS = {
  "scanner-bytes": "scan(): byte ranges",
  "scanner-words": "scan(): words",
  "mapFile-indexOf": "mapFile + indexOf loop",
  "memory-views": "in memory: indexOf loop, one view per line",
  "lines": "lines() (strings)",
  "records-LineStream": "LineStream → records()",
  "records-DelimiterStream": "DelimiterStream → records()",
  "forawait-DelimiterStream": "DelimiterStream → for await",
  "reader-DelimiterStream": "DelimiterStream → reader.read()",
  "std-TextLineStream": "@std TextDecoderStream → TextLineStream",
  "std-DelimiterStream": "@std DelimiterStream",
};
/** The parallel rows compared with Go, in the chart. */
export const PARALLEL_CHART_LABELS = {
  "scanner-count": "count(), 1 thread",
  "one-thread": "mapFile + indexOf, 1 thread",
  "one-thread-read": "openFile + chunks, 1 thread",
  "scanPool-2": "scanPool, 2 Workers started",
  "scanFile-2": "scanFile, 2 Workers",
  "scanFile-default": "scanFile, default parallelFrom",
  "two-processes": "2 whole processes",
};
export const PARALLEL_LABELS = {
  "scanner-count": "one thread: `count(openFile)`, read into one buffer, SIMD count (baseline)",
  "one-thread": "one thread: `mapFile` + `indexOf(10)`",
  "one-thread-read": "one thread: `openFile` + `chunks(1 MiB)` + `indexOf(10)`",
  "scanPool-2":
    "`scanPool({ workers: 2 })`, started and warmed beforehand: `pool.scanFile`, each Worker `count(chunks)`",
  "scanFile-2": "`scanFile`, 2 Workers (`parallelFrom: 0`), each `count(chunks)`",
  "scanFile-default":
    "`scanFile`, 2 Workers, default `parallelFrom` (128 MiB), each `count(chunks)`",
  "two-processes":
    "2 whole processes, each `count()` over an `openFile` of half (started and opened beforehand)",
  "go-read-count": "Go, one thread: `File.Read` into one 1 MiB buffer + `bytes.Count`",
  "go-mmap-2": "Go, 2 goroutines: one `syscall.Mmap` of the file, `bytes.Count` over each half",
};
export const BUFFER_LABELS = {
  "array-concat": "array of chunks + concat (baseline)",
  "Buffer.concat": "`Buffer.concat`",
  "doubling": "doubling `Uint8Array`",
  "ByteBuffer": "`ByteBuffer` (reused)",
};

export function rateCell(summary) {
  return summary === undefined
    ? "n/a"
    : `${fixed(summary.gbps)} (${fixed(summary.gbpsMin)}–${fixed(summary.gbpsMax)})`;
}

export const ratioCell = (value) => value === undefined ? "n/a" : `${fixed(value)}×`;
export const efficiencyCell = (value) => value === undefined ? "n/a" : fixed(value);
export const mib = (bytes) => bytes === undefined ? "n/a" : fixed(bytes / MiB);

export function table(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => i === 0 ? "---" : "---:").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ].join("\n");
}
