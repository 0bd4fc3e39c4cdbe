// Turns a run into bench/RESULTS.md (tables) and bench/chart.svg.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runChart } from "./_figure.mjs";
import { readmeExcerpt } from "./_readme.mjs";
import {
  BUFFER_LABELS,
  efficiencyCell,
  MiB,
  mib,
  rateCell,
  ratioCell,
  RUNTIMES,
  SCAN_LABELS,
  sizeName,
  table,
  TRANSFORM_LABELS,
} from "./_labels.mjs";
import {
  BUFFER_CHUNKS,
  BUFFER_VARIANTS,
  RECHUNK_VARIANTS,
  SCAN_VARIANTS,
  SPLIT_VARIANTS,
  TRANSFORM_CHUNKS,
} from "../cases/_plan.mjs";
import { fixed, summarize } from "../harness/_stats.mjs";
import { evaluateTargets, Figures, scannerTargets } from "./_targets.mjs";
import {
  parallelSizes,
  recordAndParallelTargets,
  recordsAndParallelSections,
  recordSizes,
} from "./_records_parallel.mjs";

function machineSection(run) {
  const m = run.machine;
  return [
    "## Machine",
    "",
    table(["CPU", "cores", "memory", "OS", "Deno", "Bun", "Go", "driver"], [[
      m.cpuDetails ? `${m.cpu} (${m.cpuDetails})` : m.cpu,
      m.cores,
      `${(m.memory / 2 ** 30).toFixed(1)} GiB`,
      m.kernel,
      m.deno,
      m.bun,
      m.go ?? "not run",
      `Node ${m.node}`,
    ]]),
    `Load average (1, 5, 15 min) at the start: ${m.load.map((l) => l.toFixed(2)).join(", ")}; ` +
    `at the end: ${run.loadAfter.map((l) => l.toFixed(2)).join(", ")}. Run took ${
      Math.round(run.seconds)
    } s.`,
    "",
  ].join("\n");
}

function scanSection(f, sizes, mode, title, intro) {
  const out = [`## ${title}`, "", intro, ""];
  for (const size of sizes) {
    if (
      !f.has("deno", `scan/${mode}/${size}/memory`) && !f.has("bun", `scan/${mode}/${size}/memory`)
    ) {
      continue;
    }
    out.push(`### ${sizeName(size)}, page cache warm`, "");
    const rows = SCAN_VARIANTS.map((variant) => {
      const id = `scan/${mode}/${size}/${variant}`;
      return [
        SCAN_LABELS[variant],
        ...RUNTIMES.flatMap((rt) => [
          rateCell(f.summary(rt, id)),
          efficiencyCell(f.ratio(rt, id, `scan/${mode}/${size}/memory`)),
          ratioCell(f.ratio(rt, id, `scan/${mode}/${size}/readFile`)),
        ]),
        ...RUNTIMES.map((rt) => efficiencyCell(f.cpuRatio(rt, id, `scan/${mode}/${size}/memory`))),
      ];
    });
    out.push(table([
      "way",
      "Deno GB/s",
      "Deno efficiency",
      "Deno × readFile",
      "Bun GB/s",
      "Bun efficiency",
      "Bun × readFile",
      "Deno eff. (CPU)",
      "Bun eff. (CPU)",
    ], rows));
    const limits = f.run.limits.filter((l) => l.size === size);
    if (limits.length > 0 && mode === "absent") {
      const heap = limits.find((l) => l.command === "C: heap memchr");
      const cEfficiency = (l) =>
        heap !== undefined && l.command.startsWith("C: ")
          ? efficiencyCell(summarize(heap.times, size).ms / summarize(l.times, size).ms)
          : "";
      out.push(
        "The machine's limit in the same run: `wc -l` and `cat` as whole processes (start-up",
        "included), and C (`cc -O2 bench/harness/_limit.c`) scanning with `memchr` the file in the heap, a",
        "fresh `mmap` (faults and `munmap` included) and `read()` into one 1 MiB buffer, page-aligned and\n" +
          "16 bytes past a page boundary (where Deno may put large ArrayBuffers); *efficiency*",
        "as above, against C's heap scan:",
        "",
        table(
          ["command", "GB/s", "efficiency"],
          limits.map((l) => [
            l.command.startsWith("C: ") ? `C ${l.command.slice(3)}` : `\`${l.command}\``,
            rateCell(summarize(l.times, size)),
            cEfficiency(l),
          ]),
        ),
      );
    }
  }
  return out.join("\n");
}

function memorySection(f, sizes) {
  const rows = [];
  for (const variant of SCAN_VARIANTS) {
    for (const size of sizes) {
      const id = `scan/absent/${size}/${variant}`;
      if (!RUNTIMES.some((rt) => f.has(rt, id))) continue;
      rows.push([
        SCAN_LABELS[variant],
        sizeName(size),
        ...RUNTIMES.flatMap((rt) => {
          const memory = f.memory(rt, id);
          return [
            mib(memory?.anonGrowth),
            memory === undefined ? "n/a" : fixed(memory.anonGrowth / size),
            mib(memory?.file),
            mib(memory?.peakRss),
          ];
        }),
      ]);
    }
  }
  return [
    "## Memory",
    "",
    "Each case runs in its own process. *Anon growth*: the highest anonymous resident memory",
    "(RssAnon: heaps and ArrayBuffers, sampled from outside every 4 ms) minus the process's own at the",
    "start of the case, in MiB; *per byte*: that growth divided by the file size (the bytes a path",
    "allocates and holds per byte delivered: about 1 for whole-file reads, near 0 for paths that are O(1)",
    "in the file size). *File RSS*: the highest file-backed resident memory (a mapping's pages are the",
    "page cache's, shared, not the process's). *VmHWM*: the kernel's peak resident set, both kinds.",
    "",
    table([
      "way",
      "file",
      "Deno anon growth",
      "Deno per byte",
      "Deno file RSS",
      "Deno VmHWM",
      "Bun anon growth",
      "Bun per byte",
      "Bun file RSS",
      "Bun VmHWM",
    ], rows),
  ].join("\n");
}

function transformSection(f) {
  const out = [
    "## Streaming through transforms",
    "",
    "An in-memory source yields the text in chunks of the given size, each in its own ArrayBuffer (as",
    "file and network streams do); the consumer checks every byte (`indexOf` of an absent byte).",
    "*chunks/s*: chunks the consumer received per second (`chunks` yields what each BYOB read gave,",
    "so a 64 KiB record fed by 4 KiB input may arrive in pieces). *copied*: bytes the transform copied per byte it",
    "delivered, from its `stats` (the plain re-chunker copies every byte; the plain splitter copies",
    "each record that spans two chunks, plus the rest of the chunk it concatenates).",
    "",
  ];
  const jobs = [
    ["rechunk", "Re-chunking into 64 KiB records", RECHUNK_VARIANTS],
    ["split", "Splitting into lines (about 85 bytes each)", SPLIT_VARIANTS],
  ];
  for (const [job, title, variants] of jobs) {
    const total = f.run.results.find((r) => r.group === "transform" && r.job === job)?.total;
    out.push(`### ${title}${total === undefined ? "" : `, ${sizeName(total)} per pass`}`, "");
    const rows = [];
    for (const chunk of TRANSFORM_CHUNKS) {
      for (const variant of variants) {
        const id = `transform/${job}/${chunk}/${variant}`;
        rows.push([
          sizeName(chunk),
          TRANSFORM_LABELS[variant],
          ...RUNTIMES.flatMap((rt) => [
            rateCell(f.summary(rt, id)),
            f.chunksPerSecond(rt, id),
            ratioCell(f.ratio(rt, id, `transform/${job}/${chunk}/plain`)),
            f.copied(rt, id),
          ]),
        ]);
      }
    }
    out.push(table([
      "input chunks",
      "way",
      "Deno GB/s",
      "Deno chunks/s",
      "Deno × plain",
      "Deno copied",
      "Bun GB/s",
      "Bun chunks/s",
      "Bun × plain",
      "Bun copied",
    ], rows));
  }
  return out.join("\n");
}

function bufferSection(f) {
  const rows = [];
  for (const chunk of BUFFER_CHUNKS) {
    for (const variant of BUFFER_VARIANTS) {
      const id = `buffer/cycle/${chunk}/${variant}`;
      rows.push([
        sizeName(chunk),
        BUFFER_LABELS[variant],
        ...RUNTIMES.flatMap((rt) => [
          rateCell(f.summary(rt, id)),
          ratioCell(f.ratio(rt, id, `buffer/cycle/${chunk}/array-concat`)),
        ]),
      ]);
    }
  }
  return [
    "## ByteBuffer write/read cycles",
    "",
    `Each cycle writes ${
      sizeName(f.run.bufferTotal ?? MiB)
    } in writes of the given size, then reads it`,
    "back in views of the same size and checks each (`indexOf` of an absent byte). GB/s of bytes written.",
    "",
    table(["writes", "way", "Deno GB/s", "Deno × baseline", "Bun GB/s", "Bun × baseline"], rows),
  ].join("\n");
}

/** Writes RESULTS.md and chart.svg for `run` into `dir`; returns the README excerpt. */
export function writeReport(run, dir) {
  const f = new Figures(run);
  const sizes = [...new Set(run.results.filter((r) => r.group === "scan").map((r) => r.size))]
    .sort((a, b) => a - b);
  const largest = Math.max(
    ...sizes.filter((s) =>
      f.has("deno", `scan/absent/${s}/memory`) ||
      f.has("bun", `scan/absent/${s}/memory`)
    ),
    0,
  );
  const recordsSize = Math.max(...recordSizes(run));
  const targets = [
    ...evaluateTargets(f, largest),
    ...recordAndParallelTargets(f, recordsSize, parallelSizes(run)),
    ...scannerTargets(
      f,
      Number.isFinite(recordsSize) ? recordsSize : undefined,
      parallelSizes(run),
    ),
  ];
  const linesSizes = sizes.filter((s) =>
    RUNTIMES.some((rt) => f.has(rt, `scan/lines/${s}/memory`))
  );
  const md = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` (profile \`${run.profile}\`) on ${run.machine.date}. Every figure is`,
    "the median of the timed passes after warm-up, with the slowest and fastest pass in brackets; GB/s",
    "means 10^9 bytes per second. Ratios divide a median by the baseline's median measured in the same",
    "run, in the same runtime. *Delivery efficiency* = throughput of (the source + a full scan, `indexOf`",
    "of a byte that is absent) ÷ throughput of the same scan over bytes already in memory: 1.0 means",
    "delivery is free.",
    "",
    "![benchmark chart](chart.svg)",
    "",
    machineSection(run),
    "## Targets",
    "",
    "*Ceiling here*: the efficiency each runtime (Deno / Bun) would reach if delivering a byte cost",
    "it what it costs C on this machine in the same run (C's `mmap` or `read()` + `memchr` over",
    "C's heap `memchr`, see below), added to the runtime's own in-memory scan. A re-chunking pipe",
    "moves each byte twice (the file's read, then the copy into the reader's buffer), so its",
    "ceiling counts C's read cost twice. For records, the ceiling is the same ratio for a loop that",
    "splits bytes already in memory into one view per line with no stream at all; for the parallel",
    "scan, two whole processes each scanning half. A target above its ceiling cannot be met on this",
    "machine. A target compared with Go divides by Go's row of the same run; a row that does not",
    "exist yet (the scanner's) or a Go row that was skipped leaves its target with no data.",
    "",
    table(
      ["target", "Deno", "Bun", "ceiling here", "met"],
      targets.map((t) => [t.label, t.deno, t.bun, t.ceiling, t.met]),
    ),
    scanSection(
      f,
      sizes,
      "absent",
      "Scanning a file: delivery efficiency",
      "Each pass delivers the whole file and runs `indexOf(0)` over every chunk (the text has no NUL).\n" +
        "*eff. (CPU)*: the same ratio by the process's CPU time (user + system, all threads) instead of\n" +
        "wall time; other load on the machine inflates wall time far more than CPU time.",
    ),
    linesSizes.length > 0
      ? scanSection(
        f,
        linesSizes,
        "lines",
        "Counting newlines",
        "Each pass delivers the whole file and counts its newlines with `indexOf(10, from)` per line.",
      )
      : "",
    memorySection(f, sizes),
    transformSection(f),
    recordsAndParallelSections(f),
    bufferSection(f),
    "## Reproduce",
    "",
    "```sh",
    "npm ci",
    "npm run bench    # writes bench/RESULTS.md, bench/chart.svg and bench/results.json",
    "```",
    "",
    "The data files (64 MiB and 1 GiB of text) are made once in `bench/.data/`. Close other work first:",
    "the run takes 5-10 minutes.",
    "",
    run.problems.length > 0
      ? ["## Problems in this run", "", ...run.problems.map((p) => `- ${p.split("\n")[0]}`), ""]
        .join("\n")
      : "",
  ].join("\n");
  writeFileSync(join(dir, "RESULTS.md"), md.replace(/\n{3,}/g, "\n\n"));
  writeFileSync(join(dir, "chart.svg"), runChart(f, largest));
  return readmeExcerpt(run, f, largest);
}
