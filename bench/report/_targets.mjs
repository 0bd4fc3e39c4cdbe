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

export function judge(label, value, rules, show = (v) => fixed(v), limit = undefined) {
  const cells = {};
  const met = [];
  for (const runtime of ["deno", "bun"]) {
    const v = value(runtime);
    const ok = v !== undefined && rules[runtime](v);
    cells[runtime] = v === undefined ? "not measured" : `${show(v)} (${ok ? "met" : "missed"})`;
    met.push(v === undefined ? `${runtime}: not measured` : `${runtime}: ${ok ? "yes" : "no"}`);
  }
  const ceilings = limit && ["deno", "bun"].map((runtime) => limit(runtime));
  const ceilingCell = ceilings?.every((v) => v !== undefined)
    ? ceilings.map((v) => fixed(v)).join(" / ")
    : "–";
  return { label, deno: cells.deno, bun: cells.bun, met: met.join(", "), ceiling: ceilingCell };
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
