// The chart of a run: delivery efficiency, transforms and ByteBuffer against their baselines.
import { barChart } from "./_chart.mjs";
import { RUNTIMES, SCAN_CHART_LABELS, sizeName } from "./_labels.mjs";
import { BUFFER_CHUNKS, SCAN_VARIANTS, TRANSFORM_CHUNKS } from "../cases/_plan.mjs";
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
