// The README's benchmark table: written between two markers in README.md's `## Benchmarks`
// section by a full run, so the README always shows the figures of bench/RESULTS.md.
import { readFileSync, writeFileSync } from "node:fs";
import {
  efficiencyCell,
  rateCell,
  ratioCell,
  RUNTIMES,
  SCAN_LABELS,
  sizeName,
  table,
} from "./_labels.mjs";
import { SCAN_VARIANTS } from "../cases/_plan.mjs";
import { summarize } from "../harness/_stats.mjs";
import { evaluateTargets, scannerTargets } from "./_targets.mjs";
import {
  parallelSizes,
  parallelTable,
  recordAndParallelTargets,
  recordSizes,
  recordsTable,
} from "./_records_parallel.mjs";

export const START = "<!-- bench:start: written by `npm run bench` from bench/RESULTS.md -->";
export const END = "<!-- bench:end -->";

/** The excerpt: the machine, the file-scan table at the largest size, and the targets. */
export function readmeExcerpt(run, f, largest) {
  const m = run.machine;
  const id = (variant) => `scan/absent/${largest}/${variant}`;
  const rows = SCAN_VARIANTS.map((variant) => [
    SCAN_LABELS[variant],
    ...RUNTIMES.flatMap((rt) => [
      rateCell(f.summary(rt, id(variant))),
      efficiencyCell(f.ratio(rt, id(variant), id("memory"))),
      ratioCell(f.ratio(rt, id(variant), id("readFile"))),
    ]),
  ]);
  const limits = run.limits.filter((l) => l.size === largest);
  const heap = limits.find((l) => l.command === "C: heap memchr");
  for (const limit of limits) {
    const cell = rateCell(summarize(limit.times, largest));
    if (limit.command.startsWith("C: ")) {
      const efficiency = heap === undefined
        ? ""
        : efficiencyCell(summarize(heap.times, largest).ms / summarize(limit.times, largest).ms);
      const label = `C, for the machine's limit: ${limit.command.slice(3)}`;
      rows.push([label, cell, efficiency, "", cell, efficiency, ""]);
    } else {
      rows.push([`\`${limit.command}\` (whole process)`, cell, "", "", cell, "", ""]);
    }
  }
  return [
    START,
    "",
    `Measured ${m.date.slice(0, 10)} on ${m.cpu}${
      m.cpuDetails ? `, ${m.cpuDetails}` : ""
    } (${m.cores} cores, ${
      (m.memory / 2 ** 30).toFixed(0)
    } GiB, ${m.kernel}) with ${m.deno}, ${m.bun}${
      /^go\d/.test(m.go ?? "") ? ` and Go ${m.go.slice(2)}` : ""
    }; load average ${m.load[0].toFixed(2)} at the start. Scanning a ${
      sizeName(largest)
    } file in the page cache (\`indexOf\` of an absent`,
    "byte over every chunk); GB/s medians with (slowest–fastest) pass; efficiency is the throughput",
    "divided by the same scan over bytes already in memory:",
    "",
    table([
      "way",
      "Deno GB/s",
      "Deno efficiency",
      "Deno × readFile",
      "Bun GB/s",
      "Bun efficiency",
      "Bun × readFile",
    ], rows),
    table(
      ["target", "Deno", "Bun", "ceiling here (Deno / Bun)"],
      evaluateTargets(f, largest).map((t) => [t.label, t.deno, t.bun, t.ceiling]),
    ),
    ...recordsAndParallel(run, f),
    END,
  ].join("\n");
}

/** The records table at the largest size, the parallel table, and their targets. */
function recordsAndParallel(run, f) {
  const records = Math.max(...recordSizes(run));
  const parallel = parallelSizes(run);
  const out = [];
  if (Number.isFinite(records)) {
    out.push(
      `Splitting the ${
        sizeName(records)
      } file into its lines (8 to 160 bytes, about 85 on average),`,
      "counting records and their bytes; ratios to the `mapFile` + `indexOf` loop, to",
      "@std/streams 1.1.2 and to Go doing the same job, same run; peak anonymous memory above start:",
      "",
      recordsTable(f, records),
    );
  }
  if (parallel.length > 0) {
    out.push(
      "Counting the newlines of a file on every core (2 here); ratios to one thread and to Go, same run:",
      "",
      parallelTable(f, parallel),
    );
  }
  const recordsSize = Number.isFinite(records) ? records : undefined;
  const targets = [
    ...recordAndParallelTargets(f, recordsSize, parallel),
    ...scannerTargets(f, recordsSize, parallel),
  ];
  if (targets.length > 0) {
    out.push(table(
      ["target", "Deno", "Bun", "ceiling here (Deno / Bun)"],
      targets.map((t) => [t.label, t.deno, t.bun, t.ceiling]),
    ));
  }
  return out;
}

/** Replaces the text between the markers in `path`; returns false when the markers are missing. */
export function updateReadme(path, excerpt) {
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) return false;
  writeFileSync(path, text.slice(0, start) + excerpt + text.slice(end + END.length));
  return true;
}
