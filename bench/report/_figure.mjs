// The chart of a run: delivery efficiency, transforms and ByteBuffer against their baselines.
import { barChart } from "./_chart.mjs";
import {
  PARALLEL_CHART_LABELS,
  RECORD_CHART_LABELS,
  RUNTIMES,
  SCAN_CHART_LABELS,
  sizeName,
} from "./_labels.mjs";
import {
  BUFFER_CHUNKS,
  PARALLEL_ROWS,
  PARALLEL_WORKERS,
  RECORD_ROWS,
  RECORD_VARIANTS,
  SCAN_VARIANTS,
  TRANSFORM_CHUNKS,
} from "../cases/_plan.mjs";
import { parallelSizes, recordSizes } from "./_records_parallel.mjs";
import { summarize } from "../harness/_stats.mjs";

/** A reference line at C's own mmap + memchr efficiency, when the run measured it. */
function cReference(f, size) {
  const time = (command) => {
    const limit = f.run.limits.find((l) => l.size === size && l.command === command);
    return limit && summarize(limit.times, size).ms;
  };
  const heap = time("C: heap memchr");
  const mapped = time("C: mmap + memchr");
  return heap && mapped ? [{ value: heap / mapped, label: "C mmap" }] : [];
}

/** The SVG chart of run figures `f`, file scans at `largest` bytes. */
export function runChart(f, largest) {
  const scanVariants = SCAN_VARIANTS.filter((v) => v !== "memory");
  const bars = (id, value) => RUNTIMES.map((rt) => ({ series: rt, value: value(rt, id) }));
  const ratio = (base) => (rt, id) => f.ratio(rt, id, base(id)) ?? NaN;
  return barChart(
    "@zerocopy/streams benchmarks",
    `${f.run.machine.cpu}, ${f.run.machine.cores} cores · ${f.run.machine.deno} · ${f.run.machine.bun} · ${
      f.run.machine.date.slice(0, 10)
    } · npm run bench`,
    [
      {
        title: `Delivery efficiency: file scan ÷ in-memory scan, ${sizeName(largest)} warm`,
        unit: "",
        references: [{ value: 1, label: "free delivery" }, ...cReference(f, largest)],
        groups: scanVariants.map((v) => ({
          label: SCAN_CHART_LABELS[v],
          bars: bars(
            `scan/absent/${largest}/${v}`,
            ratio(() => `scan/absent/${largest}/memory`),
          ),
        })),
      },
      {
        title: "Transforms: throughput ÷ a plain TransformStream doing the same job",
        unit: "×",
        references: [{ value: 1, label: "plain" }],
        groups: TRANSFORM_CHUNKS.flatMap((chunk) =>
          [
            ["rechunk", "FixedChunkStream-chunks", "FixedChunkStream → chunks"],
            ["split", "DelimiterStream-records", "DelimiterStream → records"],
          ].map(([job, variant, label]) => ({
            label: `${label}, ${sizeName(chunk)} in`,
            bars: bars(
              `transform/${job}/${chunk}/${variant}`,
              ratio(() => `transform/${job}/${chunk}/plain`),
            ),
          }))
        ),
      },
      ...recordPanels(f, ratio, bars),
      ...goPanel(f, bars),
      {
        title: "ByteBuffer write/read cycles ÷ array of chunks + concat",
        unit: "×",
        references: [{ value: 1, label: "array + concat" }],
        groups: BUFFER_CHUNKS.map((chunk) => ({
          label: `${sizeName(chunk)} writes`,
          bars: bars(
            `buffer/cycle/${chunk}/ByteBuffer`,
            ratio(() => `buffer/cycle/${chunk}/array-concat`),
          ),
        })),
      },
    ],
  );
}

/** Each of our rows compared with Go (`compareWith` in the plan) ÷ its Go row, records at the
 * records size and newline counts at the largest parallel size; none when the run has no Go
 * figure. */
function goPanel(f, bars) {
  const records = Math.max(...recordSizes(f.run));
  const parallel = parallelSizes(f.run).at(-1);
  const id = (group, size, variant) =>
    group === "parallel"
      ? `parallel/newlines/${size}/${variant}`
      : `records/${jobOf(variant) === "words" ? "words" : "lines"}/${size}/${variant}`;
  const groups = [
    ...RECORD_ROWS.map((row) => ["records", records, row, RECORD_CHART_LABELS[row.variant]]),
    ...PARALLEL_ROWS.map((row) => ["parallel", parallel, row, PARALLEL_CHART_LABELS[row.variant]]),
  ].filter(([group, size, row]) =>
    row.compareWith !== undefined && !row.variant.startsWith("std-") && Number.isFinite(size) &&
    f.has("go", id(group, size, row.compareWith))
  ).map(([group, size, row, label]) => ({
    label: `${label} ÷ ${GO_CHART_LABELS[row.compareWith]}`,
    bars: bars(
      id(group, size, row.variant),
      (rt, rowId) => f.ratioTo(rt, rowId, "go", id(group, size, row.compareWith)) ?? NaN,
    ),
  }));
  if (groups.length === 0) return [];
  return [{
    title: `Against Go (${f.run.machine.go}): throughput ÷ Go's doing the same job`,
    unit: "×",
    references: [{ value: 1, label: "Go" }],
    groups,
  }];
}

const jobOf = (variant) => RECORD_ROWS.find((row) => row.variant === variant)?.job;

/** Go's rows in the chart's group labels (short: labels have 300 px). */
const GO_CHART_LABELS = {
  "go-scanner-bytes": "Bytes()",
  "go-scanner-text": "Text()",
  "go-scan-words": "ScanWords",
  "go-read-count": "Read+Count",
  "go-mmap-2": "mmap ×2",
};

/** Records ÷ the mapFile + indexOf loop, and the parallel scan ÷ one thread. */
function recordPanels(f, ratio, bars) {
  const panels = [];
  const records = Math.max(...recordSizes(f.run));
  if (Number.isFinite(records)) {
    const id = (variant) => `records/lines/${records}/${variant}`;
    panels.push({
      title: `Records: splitting ${sizeName(records)} into lines ÷ mapFile + indexOf loop`,
      unit: "×",
      references: [{ value: 1, label: "mapFile + indexOf" }],
      groups: RECORD_VARIANTS.filter((v) => v !== "mapFile-indexOf").map((v) => ({
        label: RECORD_CHART_LABELS[v],
        bars: bars(id(v), ratio(() => id("mapFile-indexOf"))),
      })),
    });
  }
  const sizes = parallelSizes(f.run);
  if (sizes.length > 0) {
    const id = (size, variant) => `parallel/newlines/${size}/${variant}`;
    panels.push({
      title: `Line count on ${PARALLEL_WORKERS} cores ÷ one thread (count())`,
      unit: "×",
      references: [{ value: 1, label: "one thread" }],
      groups: sizes.flatMap((size) =>
        [
          ["scanPool-2", "scanPool, 2 Workers"],
          ["scanFile-2", "scanFile, 2 Workers"],
          ["two-processes", "2 whole processes"],
        ].map(([variant, label]) => ({
          label: `${label}, ${sizeName(size)}`,
          bars: bars(id(size, variant), ratio(() => id(size, "scanner-count"))),
        }))
      ),
    });
  }
  return panels;
}
