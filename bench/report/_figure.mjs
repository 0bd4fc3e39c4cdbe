// The chart of a run: delivery efficiency, transforms and ByteBuffer against their baselines.
import { barChart } from "./_chart.mjs";
import { RECORD_CHART_LABELS, RUNTIMES, SCAN_CHART_LABELS, sizeName } from "./_labels.mjs";
import {
  BUFFER_CHUNKS,
  PARALLEL_WORKERS,
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
      title: `Line count on ${PARALLEL_WORKERS} cores ÷ one thread`,
      unit: "×",
      references: [{ value: 1, label: "one thread" }],
      groups: sizes.flatMap((size) =>
        [["scanFile-2", "scanFile, 2 Workers"], ["two-processes", "2 whole processes"]].map((
          [variant, label],
        ) => ({
          label: `${label}, ${sizeName(size)}`,
          bars: bars(id(size, variant), ratio(() => id(size, "one-thread"))),
        }))
      ),
    });
  }
  return panels;
}
