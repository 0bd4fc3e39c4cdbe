// Looking up figures in a run, and judging the targets against them.
import { sizeName } from "./_labels.mjs";
import { fixed, summarize } from "../harness/_stats.mjs";

const MiB = 1024 * 1024;

/** Figures of one run, looked up by runtime and case id. */
export class Figures {
  constructor(run) {
    this.run = run;
    this.byKey = new Map(run.results.map((r) => [`${r.runtime} ${r.id}`, r]));
  }

  get(runtime, id) {
    const result = this.byKey.get(`${runtime} ${id}`);
    return result?.ok ? result : undefined;
  }

  has(runtime, id) {
    return this.get(runtime, id) !== undefined;
  }

  summary(runtime, id) {
    const result = this.get(runtime, id);
    return result && summarize(result.times, result.bytes);
  }

  /** Median throughput of `id` divided by that of `baseId`, same runtime. */
  ratio(runtime, id, baseId) {
    const a = this.summary(runtime, id);
    const b = this.summary(runtime, baseId);
    return a && b ? a.gbps / b.gbps : undefined;
  }

  /** Median throughput of `id` in `runtime` divided by that of `baseId` in `baseRuntime`: Go's
   * rows, run once, are the base of each runtime's "× Go". */
  ratioTo(runtime, id, baseRuntime, baseId) {
    const a = this.summary(runtime, id);
    const b = this.summary(baseRuntime, baseId);
    return a && b ? a.gbps / b.gbps : undefined;
  }

  /** Why the case was not run, when it was skipped (Go's rows with no `go` on PATH). */
  skipped(runtime, id) {
    return this.byKey.get(`${runtime} ${id}`)?.skipped;
  }

  /** Like `ratio`, by CPU time (user + system) instead of wall time: other load on the machine
   * slows wall time much more than CPU time. */
  cpuRatio(runtime, id, baseId) {
    const a = this.get(runtime, id);
    const b = this.get(runtime, baseId);
    if (!a?.cpuTimes?.length || !b?.cpuTimes?.length) return undefined;
    return (summarize(b.cpuTimes, b.bytes).ms / summarize(a.cpuTimes, a.bytes).ms) *
      (a.bytes / b.bytes);
  }

  memory(runtime, id) {
    const result = this.get(runtime, id);
    if (!result?.peak) return undefined;
    return {
      anonGrowth: Math.max(0, result.peak.anon - result.memoryAtStart.anon),
      file: result.peak.file,
      peakRss: result.memoryAtEnd.peakRss,
    };
  }

  chunksPerSecond(runtime, id) {
    const result = this.get(runtime, id);
    if (!result) return "n/a";
    const perSecond = result.check.chunks / (summarize(result.times, result.bytes).ms / 1000);
    return perSecond >= 1e6 ? `${fixed(perSecond / 1e6)} M` : `${fixed(perSecond / 1e3)} k`;
  }

  copied(runtime, id) {
    const result = this.get(runtime, id);
    if (!result) return "n/a";
    if (result.stats?.bytesOut > 0) return fixed(result.stats.bytesCopied / result.stats.bytesOut);
    if (result.variant === "plain" && result.job === "rechunk") return "1";
    return "–";
  }
}

/**
 * The efficiency a runtime could reach if its delivery cost per byte were what C's costs on this
 * machine in this run: C's cost of `way` (over its heap scan) times `copies`, added to the
 * runtime's own in-memory scan. Undefined without the C rows.
 */
function ceiling(f, size, runtime, way, copies) {
  const limits = f.run.limits.filter((l) => l.size === size);
  const c = (name) => limits.find((l) => l.command === `C: ${name}`);
  const heap = c("heap memchr");
  const used = c(way);
  const scan = f.summary(runtime, `scan/absent/${size}/memory`);
  if (heap === undefined || used === undefined || scan === undefined) return undefined;
  const delivery = 1 / summarize(used.times, size).gbps - 1 / summarize(heap.times, size).gbps;
  const ownScan = 1 / scan.gbps; // ms per 10^6 bytes, the unit of `delivery` below
  return ownScan / (ownScan + copies * Math.max(0, delivery));
}

/**
 * One target: `value(runtime)` judged by `rules[runtime]`, shown by `show`; `limit(runtime)` is the
 * ceiling here. `missing(runtime)` says why a value is undefined ("not measured" otherwise);
 * `reference` replaces the ceiling cell (e.g. Go's own figure).
 */
export function judge(
  label,
  value,
  rules,
  show = (v) => fixed(v),
  limit = undefined,
  { missing = () => "not measured", reference = undefined } = {},
) {
  const cells = {};
  const met = [];
  for (const runtime of ["deno", "bun"]) {
    const v = value(runtime);
    const ok = v !== undefined && rules[runtime](v);
    cells[runtime] = v === undefined
      ? missing(runtime)
      : `${show(v, runtime)} (${ok ? "met" : "missed"})`;
    met.push(v === undefined ? `${runtime}: not measured` : `${runtime}: ${ok ? "yes" : "no"}`);
  }
  const ceilings = limit && ["deno", "bun"].map((runtime) => limit(runtime));
  const ceilingCell = reference ??
    (ceilings?.every((v) => v !== undefined) ? ceilings.map((v) => fixed(v)).join(" / ") : "–");
  return { label, deno: cells.deno, bun: cells.bun, met: met.join(", "), ceiling: ceilingCell };
}

/**
 * The rows issue 16's targets judge, by variant. The scanner's rows do not exist yet: name them
 * here as they are named in cases/_plan.mjs; until a run has them, their targets say "no data".
 */
export const SCANNER_ROWS = {
  /** records/lines: every line as a byte range (records, their bytes, those starting with "a"). */
  byteRanges: "scanner-bytes",
  /** parallel/newlines: the file's newline count on one core. */
  newlineCount: "scanner-count",
  /** records/lines: every line as a string. */
  strings: "lines",
  /** records/lines: views the caller may keep. */
  records: "records-DelimiterStream",
  /** parallel/newlines: the Worker pool. */
  pool: "scanPool-2",
};

/**
 * `records()` over `DelimiterStream(10)` before issue 16 ("today"): the full run of 2026-12-04,
 * committed as bench/results.json, splitting 1 GiB: GB/s medians, and that run's ratio to its own
 * `mapFile` + `indexOf` loop. That ratio is shown beside the judged one as a yardstick of the
 * machine and its load, which a figure of another run cannot share.
 */
export const RECORDS_TODAY = {
  date: "2026-12-04",
  size: 1024 * MiB,
  deno: { gbps: 0.821, perLoop: 0.843 },
  bun: { gbps: 0.688, perLoop: 0.254 },
};

/** Issue 16's targets: the scanner and ours against Go's rows of the same run (see SCANNER_ROWS). */
export function scannerTargets(f, recordsSize, parallelSizes) {
  const targets = [];
  const atLeast = (v) => ({ deno: (x) => x >= v, bun: (x) => x >= v });
  const times = (v) => `${fixed(v)}×`;
  const record = (variant) => `records/lines/${recordsSize}/${variant}`;
  const largest = parallelSizes.at(-1);
  const newlines = (variant) => `parallel/newlines/${largest}/${variant}`;
  /** Why `id` (ours) over `goId` has no value in `runtime`. */
  const why = (id, goId) => (runtime) => {
    if (!f.has(runtime, id)) return `no data: no \`${id.split("/").at(-1)}\` row in this run`;
    if (goId === undefined) return "not measured";
    return `no data: ${
      f.skipped("go", goId) ?? (f.has("go", goId) ? "–" : "no Go row in this run")
    }`;
  };
  const overGo = (label, id, goId, ratio) =>
    judge(label, (rt) => f.ratioTo(rt, id, "go", goId), atLeast(ratio), times, undefined, {
      missing: why(id, goId),
    });
  if (recordsSize !== undefined) {
    const bytesId = record(SCANNER_ROWS.byteRanges);
    const goBytes = record("go-scanner-bytes");
    targets.push(
      overGo(
        "Every line as a byte range (count, lengths, first byte) ≥ 1.5× Go's `bufio.Scanner` + `Bytes()`",
        bytesId,
        goBytes,
        1.5,
      ),
      overGo(
        "`lines()` (strings) ≥ 1.5× Go's `Scanner.Text()`",
        record(SCANNER_ROWS.strings),
        record("go-scanner-text"),
        1.5,
      ),
    );
    const recordsId = record(SCANNER_ROWS.records);
    const sameSize = recordsSize === RECORDS_TODAY.size;
    // Beside the judged figure, the same by each run's mapFile loop: "1.02×, 0.98× by the loop".
    const byLoop = (rt) => {
      const loop = f.ratio(rt, recordsId, record("mapFile-indexOf"));
      return loop === undefined
        ? ""
        : `, ${(loop / RECORDS_TODAY[rt].perLoop).toFixed(2)}× by the loop`;
    };
    targets.push(judge(
      `\`records()\` over \`DelimiterStream(10)\` ≥ 2× today (GB/s of the run of ${RECORDS_TODAY.date}; then the same by each run's \`mapFile\` + \`indexOf\` loop)`,
      (rt) => {
        const now = sameSize ? f.summary(rt, recordsId) : undefined;
        return now && now.gbps / RECORDS_TODAY[rt].gbps;
      },
      atLeast(2),
      (v, rt) => `${v.toFixed(2)}×${byLoop(rt)}`,
      undefined,
      {
        missing: (rt) =>
          sameSize
            ? why(recordsId)(rt)
            : `no data: today's figure is of ${sizeName(RECORDS_TODAY.size)}`,
      },
    ));
    const goMemory = f.memory("go", goBytes);
    targets.push(judge(
      `Every line as a byte range over ${
        sizeName(recordsSize)
      }: peak anonymous memory < 8 MiB above start`,
      (rt) => f.memory(rt, bytesId)?.anonGrowth,
      { deno: (v) => v < 8 * MiB, bun: (v) => v < 8 * MiB },
      (v) => `${fixed(v / MiB)} MiB`,
      undefined,
      {
        missing: why(bytesId),
        // Go's own, and its whole peak resident set (VmHWM), as a Go user would see it.
        reference: goMemory === undefined ? "–" : `Go: ${fixed(goMemory.anonGrowth / MiB)} MiB` +
          ` (VmHWM ${fixed(goMemory.peakRss / MiB)} MiB)`,
      },
    ));
  }
  if (largest !== undefined) {
    targets.push(
      overGo(
        `Newline count of ${
          sizeName(largest)
        } on one core ≥ 0.7× Go's \`File.Read\` + \`bytes.Count\``,
        newlines(SCANNER_ROWS.newlineCount),
        newlines("go-read-count"),
        0.7,
      ),
      judge(
        `Line count of ${
          sizeName(largest)
        }: 2 Workers of a started \`scanPool\` ≥ 0.9× two whole processes each scanning half`,
        (rt) => f.ratio(rt, newlines(SCANNER_ROWS.pool), newlines("two-processes")),
        atLeast(0.9),
        times,
        undefined,
        { missing: why(newlines(SCANNER_ROWS.pool)) },
      ),
    );
  }
  return targets;
}

/** The targets at the largest file size of the run. */
export function evaluateTargets(f, size) {
  const id = (variant) => `scan/absent/${size}/${variant}`;
  const efficiency = (variant) => (rt) => f.ratio(rt, id(variant), id("memory"));
  const atLeast = (deno, bun = deno) => ({ deno: (v) => v >= deno, bun: (v) => v >= bun });
  const mib = (v) => `${fixed(v / MiB)} MiB`;
  const growth = (variant) => (rt) => f.memory(rt, id(variant))?.anonGrowth;
  const underLimit = { deno: (v) => v < 64 * MiB, bun: (v) => v < 64 * MiB };
  const limit = (way, copies) => (rt) => ceiling(f, size, rt, way, copies);
  return [
    judge(
      "`mapFile` delivery efficiency ≥ 0.95 (Deno), ≥ 0.85 (Bun)",
      efficiency("mapFile"),
      atLeast(0.95, 0.85),
      undefined,
      limit("mmap + memchr", 1),
    ),
    judge(
      "`mapFile` ≥ 4× readFile-then-scan",
      (rt) => f.ratio(rt, id("mapFile"), id("readFile")),
      atLeast(4),
      (v) => `${fixed(v)}×`,
    ),
    judge(
      "`openFile` + `chunks(1 MiB)` efficiency ≥ 0.9",
      efficiency("openFile-chunks"),
      atLeast(0.9),
      undefined,
      limit("read(1 MiB) + memchr", 1),
    ),
    judge(
      "`openFile` → `FixedChunkStream(64 KiB)` → `chunks` efficiency ≥ 0.8",
      efficiency("openFile-FixedChunkStream-chunks"),
      atLeast(0.8),
      undefined,
      limit("read(1 MiB) + memchr", 2),
    ),
    judge(
      "… and ≥ 2× `openFile` → plain copying `TransformStream`",
      (rt) => f.ratio(rt, id("openFile-FixedChunkStream-chunks"), id("openFile-plain-rechunk")),
      atLeast(2),
      (v) => `${fixed(v)}×`,
    ),
    judge(
      `Streaming ${
        sizeName(size)
      }, \`openFile\` + \`chunks\`: peak anonymous memory < 64 MiB above start`,
      growth("openFile-chunks"),
      underLimit,
      mib,
    ),
    judge(
      "… and through `FixedChunkStream` (same limit)",
      growth("openFile-FixedChunkStream-chunks"),
      underLimit,
      mib,
    ),
  ];
}
