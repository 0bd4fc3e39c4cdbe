#!/usr/bin/env node
// The benchmark suite of @zerocopy/streams, in Deno and in Bun, in one run:
//
//   npm run bench                       full run (5-10 min): writes bench/RESULTS.md, chart.svg,
//                                       results.json and README.md's table (when nothing failed);
//                                       a partial full run (--only, --groups, --runtimes) writes
//                                       into bench/.data/partial/ instead
//   node bench/run.mjs --profile=quick  small sizes, for a busy machine (writes bench/.data/quick/)
//   node bench/run.mjs --smoke          tiny sizes, checks every case computes the right counts
//                                       (part of `npm test`; writes nothing into the repository)
//
// Other options: --runtimes=deno,bun,go  --groups=limit,scan,transform,buffer,records,parallel
//                --out=DIR
//   --only=REGEX (case ids such as scan/absent/67108864/mapFile; see results.json)
//   --cpu-prof (a CPU profile per case in OUT/profiles/: Bun's as markdown, Deno's V8 ticks as text)
// Each case runs in its own process (so that peak memory is its own), warms up, repeats, and is
// checked against what the input must give. Data files live in bench/.data/ (git-ignored). The Go
// rows (bench/go/) are built once per run when `go` is on PATH, and skipped with the reason when not.
import { execFileSync, execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { planCases, PROFILES, STD_MISSING } from "./cases/_plan.mjs";
import { ensureTextFile, expectedCounts } from "./harness/_data.mjs";
import { buildGo, findGo, goArgs } from "./harness/_go.mjs";
import {
  describeMachine,
  runSampled,
  RUNTIMES,
  runWorker,
  summarizeProfile,
  timeCommand,
} from "./harness/_process.mjs";
import { formatRate, summarize } from "./harness/_stats.mjs";
import { updateReadme } from "./report/_readme.mjs";
import { writeReport } from "./report/_report.mjs";

const benchDir = fileURLToPath(new URL(".", import.meta.url));

function parseOptions(argv) {
  const options = {
    profile: "full",
    runtimes: ["deno", "bun", "go"],
    groups: ["limit", "scan", "transform", "buffer", "records", "parallel"],
  };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, "").split("=");
    if (key === "smoke") options.profile = "smoke";
    else if (key === "profile") options.profile = value;
    else if (key === "runtimes" || key === "groups") options[key] = value.split(",");
    else if (key === "out") options.out = value;
    else if (key === "only") options.only = new RegExp(value);
    else if (key === "cpu-prof") options.cpuProf = true;
    else if (key === "report-only") options.reportOnly = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!(options.profile in PROFILES)) throw new Error(`unknown profile ${options.profile}`);
  const unknown = options.runtimes.filter((rt) => !(rt in RUNTIMES) && rt !== "go");
  if (unknown.length > 0) throw new Error(`unknown runtime ${unknown.join(", ")}`);
  return options;
}

/** Checks a case's counts against what its input must give; returns the mismatches. */
function mismatches(expect, check) {
  return Object.entries(expect)
    .filter(([key, value]) => check?.[key] !== value)
    .map(([key, value]) => `${key} ${check?.[key]} != ${value}`);
}

/** The runtimes a planned case runs in (Go's rows declare theirs). */
const runtimesOf = (planned) => planned.runtimes ?? ["deno", "bun"];

/** Checks one result of `runtime` against its planned case, adds it to `results` and what went
 * wrong to `problems`, and prints its line. */
function record(runtime, planned, result, peak, results, problems) {
  results.push({ runtime, ...planned, ...result, peak });
  const label = `${runtime} ${planned.id}`;
  if (result.unavailable) {
    problems.push(`${label}: unavailable (${result.unavailable})`);
    console.log(`${label}: unavailable (${result.unavailable})`);
    return;
  }
  if (!result.ok) {
    problems.push(`${label}: ${result.error}`);
    console.log(`${label}: FAILED ${result.error}`);
    return;
  }
  const wrong = mismatches(planned.expect, result.check);
  if (wrong.length > 0) problems.push(`${label}: wrong counts: ${wrong.join(", ")}`);
  console.log(
    `${label}: ${formatRate(summarize(result.times, result.bytes))}${
      wrong.length > 0 ? ` WRONG: ${wrong.join(", ")}` : ""
    }`,
  );
}

/**
 * Runs the Go rows: builds their programs once into `dir` (bench/go/, see harness/_go.mjs), then
 * each case as a whole process of its own. Without `go` on PATH each row is recorded as skipped,
 * with the reason, and is no problem. Returns Go's version, or the reason it is missing.
 */
async function runGoCases(cases, dir, profile, results, problems) {
  const go = findGo(dir);
  if (go.missing !== undefined) {
    console.log(`Go rows skipped: ${go.missing}`);
    for (const planned of cases) {
      results.push({ runtime: "go", ...planned, ok: false, skipped: go.missing, times: [] });
    }
    return go.missing;
  }
  const programs = cases.length > 0 ? buildGo(cases.map((c) => c.program), dir) : new Map();
  for (const planned of cases) {
    const program = programs.get(planned.program);
    if (program instanceof Error) {
      record(
        "go",
        planned,
        { ok: false, error: program.message, times: [] },
        null,
        results,
        problems,
      );
      continue;
    }
    const { expect: _expect, ...spec } = planned;
    const run = await runSampled(program, goArgs(spec), profile.timeoutMs);
    const result = run.results[0] ?? {
      ok: false,
      times: [],
      error: `exited (${run.code ?? run.signal}) with no result: ${run.stderr.trim().slice(-2000)}`,
    };
    // A pass shorter than the sampler's period may leave no sample: the program's own figure at
    // its end is one more.
    const peak = { ...run.peak, anon: Math.max(run.peak.anon, result.memoryAtEnd?.anon ?? 0) };
    record("go", planned, result, peak, results, problems);
  }
  return go.version;
}

/** Compiles bench/harness/_limit.c into `dir`; returns the program's path, or undefined without a
 * C compiler (the C rows are then left out). */
function compileLimit(dir) {
  const program = join(dir, "_limit");
  try {
    execFileSync("cc", ["-O2", "-o", program, join(benchDir, "harness", "_limit.c")], {
      stdio: "pipe",
    });
    return program;
  } catch (error) {
    console.log(
      `no C limit: cc -O2 bench/harness/_limit.c failed (${String(error).split("\n")[0]})`,
    );
    return undefined;
  }
}

function measureLimits(files, profile, program, problems) {
  const limits = [];
  for (const [size, path] of files) {
    if (program !== undefined) {
      let out = "";
      try {
        out = execFileSync(program, [path, String(profile.limitReps(size))], { encoding: "utf8" });
      } catch (error) {
        // Exit status 3: memchr found a NUL, so the scans would measure nothing.
        problems.push(`C limit on ${path} failed: ${String(error).split("\n")[0]}`);
      }
      for (const line of out.trim().split("\n").filter(Boolean)) {
        const { way, times } = JSON.parse(line);
        limits.push({ size, command: `C: ${way}`, times });
        console.log(`limit ${size}: C ${way} ${formatRate(summarize(times, size))}`);
      }
    }
    const reps = profile.limitReps(size);
    const quoted = quote(path);
    const lines = timeCommand(`wc -l ${quoted} > /dev/null`, reps);
    const cat = timeCommand(`cat ${quoted} > /dev/null`, reps);
    limits.push({ size, command: "wc -l FILE", times: lines });
    limits.push({ size, command: "cat FILE > /dev/null", times: cat });
    console.log(
      `limit ${size}: wc -l ${formatRate(summarize(lines, size))}, cat ${
        formatRate(summarize(cat, size))
      }`,
    );
  }
  return limits;
}

function quote(path) {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/** Times `wc -l` and `cat` on each file, and checks that wc counts what the scans must count. */
function measureLimitsChecked(files, profile, problems, dataDir) {
  const limits = measureLimits(files, profile, compileLimit(dataDir), problems);
  for (const [size, path] of files) {
    const out = execSync(`wc -l < ${quote(path)}`, { encoding: "utf8" }).trim();
    if (Number(out) !== expectedCounts(size).newlines) {
      problems.push(`wc -l ${path} gave ${out}, expected ${expectedCounts(size).newlines}`);
    }
  }
  return limits;
}

/** Formats results.json and chart.svg in `dir`, and the `markdown` text, the way `deno fmt` wants
 * (`npm test` checks it); returns the formatted markdown. */
function formatMarkdown(dir, markdown) {
  const scratch = join(dir, "excerpt.md");
  writeFileSync(scratch, markdown + "\n");
  execFileSync(RUNTIMES.deno.bin, [
    "fmt",
    "--quiet",
    "--config",
    join(benchDir, "..", "deno.json"),
    scratch,
    join(dir, "results.json"),
    join(dir, "chart.svg"),
  ]);
  const formatted = readFileSync(scratch, "utf8").trimEnd();
  rmSync(scratch);
  return formatted;
}

/**
 * Writes RESULTS.md, chart.svg and (for a complete run without problems) the README's table again
 * from bench/results.json, measuring nothing: for a change of the report code or of a label.
 */
function reportAgain() {
  const run = JSON.parse(readFileSync(join(benchDir, "results.json"), "utf8"));
  const formatted = formatMarkdown(benchDir, writeReport(run, benchDir));
  if (run.problems.length === 0 && updateReadme(join(benchDir, "..", "README.md"), formatted)) {
    console.log("updated README.md's benchmark table");
  }
  console.log(`wrote ${benchDir}: RESULTS.md, chart.svg from results.json`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportOnly) return reportAgain();
  const profile = PROFILES[options.profile];
  const smoke = options.profile === "smoke";
  const started = Date.now();
  const scratch = smoke ? mkdtempSync(join(tmpdir(), "zerocopy-bench-smoke-")) : undefined;
  try {
    const full = options.profile === "full";
    // Only a run of every case in both runtimes (and Go's rows, built or skipped) replaces
    // bench/RESULTS.md and the README's table.
    const complete = full && options.only === undefined &&
      ["deno", "bun", "go"].every((rt) => options.runtimes.includes(rt)) &&
      options.groups.length === 6;
    const dataDir = scratch ?? join(benchDir, ".data", full ? "" : "quick");
    const outDir = options.out ?? scratch ??
      (complete ? benchDir : join(benchDir, ".data", full ? "partial" : "quick"));
    mkdirSync(outDir, { recursive: true });
    const sizes = [
      ...new Set([
        ...profile.sizes,
        profile.linesSize,
        profile.recordsSize,
        ...profile.parallelSizes,
      ]),
    ].sort((a, b) => a - b);
    const files = new Map(sizes.map((size) => [size, ensureTextFile(dataDir, size)]));
    // Page cache warm: read each file once before anything is timed.
    for (const path of files.values()) timeCommand(`cat ${quote(path)} > /dev/null`, 0);

    if (STD_MISSING) console.log(STD_MISSING);
    const machine = describeMachine();
    console.log(`${machine.cpu}, ${machine.cores} cores; ${machine.deno}; ${machine.bun}`);
    const problems = [];
    const limits = options.groups.includes("limit")
      ? measureLimitsChecked(files, profile, problems, dataDir)
      : [];

    const cases = planCases(profile, files)
      .filter((c) => options.groups.includes(c.group) && (options.only?.test(c.id) ?? true));
    const results = [];
    for (const runtime of options.runtimes) {
      const own = cases.filter((c) => runtimesOf(c).includes(runtime));
      if (runtime === "go") {
        machine.go = await runGoCases(own, join(dataDir, "go"), profile, results, problems);
        continue;
      }
      if (own.length === 0) continue;
      const batches = profile.batch ? [own] : own.map((c) => [c]);
      for (const batch of batches) {
        const specs = batch.map((
          { expect: _expect, size: _size, runtimes: _runtimes, program: _program, ...spec },
        ) => spec);
        const cpuProfile = options.cpuProf
          ? join(outDir, "profiles", `${runtime}-${batch[0].id.replaceAll("/", "_")}`)
          : undefined;
        if (cpuProfile !== undefined) mkdirSync(dirname(cpuProfile), { recursive: true });
        const run = await runWorker(runtime, specs, {
          timeoutMs: profile.timeoutMs,
          profile: cpuProfile,
        });
        if (cpuProfile !== undefined) {
          console.log(`profile: ${summarizeProfile(runtime, cpuProfile)}`);
        }
        if (run.results.length !== batch.length) {
          problems.push(
            `${runtime}: worker exited (${run.code ?? run.signal}) after ${run.results.length}` +
              ` of ${batch.length} cases: ${run.stderr.trim().slice(-2000)}`,
          );
        }
        for (const [index, result] of run.results.entries()) {
          record(runtime, batch[index], result, profile.batch ? null : run.peak, results, problems);
        }
      }
    }
    const run = {
      profile: options.profile,
      machine,
      loadAfter: describeMachine().load,
      seconds: (Date.now() - started) / 1000,
      bufferTotal: profile.bufferTotal,
      limits,
      results,
      problems,
    };
    // Data files are named relative to the repository: the record must not carry this machine's paths.
    const relative = (key, value) =>
      key === "file" && typeof value === "string" ? value.replace(`${process.cwd()}/`, "") : value;
    writeFileSync(join(outDir, "results.json"), JSON.stringify(run, relative, 2) + "\n");
    const excerpt = writeReport(run, outDir);
    const formatted = formatMarkdown(outDir, excerpt);
    if (complete && options.out === undefined) {
      const readme = join(benchDir, "..", "README.md");
      if (problems.length > 0) console.log("README.md left as it was: this run had problems");
      else if (updateReadme(readme, formatted)) console.log("updated README.md's benchmark table");
      else console.log("README.md has no benchmark markers: table not written");
    }
    console.log(`\nwrote ${outDir}: results.json, RESULTS.md, chart.svg (${run.seconds} s)`);
    if (problems.length > 0) {
      console.log(`\n${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
      process.exitCode = 1;
    } else {
      const skipped = results.filter((r) => r.skipped !== undefined);
      console.log(
        `all ${results.length - skipped.length} cases computed the right counts${
          skipped.length > 0 ? `; ${skipped.length} skipped: ${skipped[0].skipped}` : ""
        }`,
      );
    }
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
