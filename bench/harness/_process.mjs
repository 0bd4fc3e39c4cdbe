// Starting the worker in each runtime, watching its memory from outside, and timing whole
// commands (the machine's own limit: `wc -l`, `cat`).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { cpus, freemem, loadavg, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const worker = fileURLToPath(new URL("./_worker.ts", import.meta.url));
const RESULT_PREFIX = "@@result ";

export const RUNTIMES = {
  deno: {
    bin: `${root}node_modules/.bin/deno`,
    args: ["run", "-A", "--quiet", "--v8-flags=--expose-gc", worker],
  },
  bun: { bin: `${root}node_modules/.bin/bun`, args: [worker] },
};

function statusOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
    return { anon: kib("RssAnon") * 1024, file: kib("RssFile") * 1024 };
  } catch {
    return undefined;
  }
}

/** The worker's command line; with `profile` (a path without extension) it also writes a CPU
 * profile: Bun's own as `profile.md`, V8's tick log for Deno (summarised by `summarizeProfile`). */
function commandLine(runtime, specs, profile) {
  const { bin, args } = RUNTIMES[runtime];
  const extra = profile === undefined
    ? []
    : runtime === "deno"
    ? [`--v8-flags=--expose-gc,--prof,--logfile=${profile}.v8.log,--no-logfile-per-isolate`]
    : [
      "--cpu-prof-md",
      `--cpu-prof-dir=${dirname(profile)}`,
      `--cpu-prof-name=${basename(profile)}.md`,
    ];
  const flags = args.slice(0, -1).filter((arg) =>
    !(extra.length > 0 && arg.startsWith("--v8-flags"))
  );
  return [bin, [...flags, ...extra, args.at(-1), JSON.stringify(specs)]];
}

/** Turns Deno's V8 tick log into a text summary beside it (`profile.txt`); Bun's is ready. */
export function summarizeProfile(runtime, profile) {
  if (runtime !== "deno") return `${profile}.md`;
  const run = spawnSync(process.execPath, ["--prof-process", `${profile}.v8.log`], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  writeFileSync(`${profile}.txt`, run.stdout);
  return `${profile}.txt`;
}

/** Runs the worker on `specs` in `runtime`, sampling its resident memory every few milliseconds;
 * resolves with the parsed result lines and the sampled peaks. */
export function runWorker(runtime, specs, { timeoutMs = 600_000, profile } = {}) {
  const [bin, argv] = commandLine(runtime, specs, profile);
  return runSampled(bin, argv, timeoutMs);
}

/** Runs `bin` with `argv` (a worker, or a Go program of bench/go/: both print a header line and
 * one line per case after RESULT_PREFIX), sampling its resident memory every few milliseconds;
 * resolves with the parsed result lines, the sampled peaks, and how it ended. */
export function runSampled(bin, argv, timeoutMs = 600_000) {
  const child = spawn(bin, argv, {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const peak = { anon: 0, file: 0 };
  const sample = () => {
    const status = statusOf(child.pid);
    if (status === undefined) return;
    peak.anon = Math.max(peak.anon, status.anon);
    peak.file = Math.max(peak.file, status.file);
  };
  const sampler = setInterval(sample, 4);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data) => stdout += data);
  child.stderr.on("data", (data) => stderr += data);
  // A program that cannot start (ENOENT, EACCES) still ends with "close", with no results.
  child.on("error", (error) => stderr += `${error}\n`);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const lines = stdout.split("\n").filter((line) => line.startsWith(RESULT_PREFIX));
      const [header, ...results] = lines.map((line) =>
        JSON.parse(line.slice(RESULT_PREFIX.length))
      );
      resolve({ header, results, peak, code, signal, stderr });
    });
  });
}

/** Times `sh -c command` as a whole process, `reps` times after one warm-up; milliseconds. */
export function timeCommand(command, reps) {
  const times = [];
  for (let i = 0; i <= reps; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync("sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
    if (i > 0) times.push(elapsed);
  }
  return times;
}

function versionOf(runtime) {
  const { bin } = RUNTIMES[runtime];
  try {
    // "deno 2.9.6 (stable, release, ...)" -> "2.9.6"; "1.4.5" -> "1.4.5"
    const line = execFileSync(bin, ["--version"], { encoding: "utf8" }).split("\n")[0];
    return line.replace(/^deno /, "").split(" ")[0].trim();
  } catch {
    return "unavailable";
  }
}

/** The machine the run happens on. */
export function describeMachine() {
  const cpuInfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return "";
    }
  })();
  const model = cpuInfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? "unknown";
  const family = cpuInfo.match(/^cpu family\s*:\s*(\d+)$/m)?.[1];
  const mhz = cpuInfo.match(/^cpu MHz\s*:\s*([\d.]+)$/m)?.[1];
  const cache = cpuInfo.match(/^cache size\s*:\s*(.+)$/m)?.[1];
  const details = [
    family && `family ${family}`,
    mhz && `${Math.round(Number(mhz))} MHz`,
    cache && `${cache.replace("KB", "KiB")} L2/core`,
  ].filter(Boolean).join(", ");
  return {
    cpu: model.trim(),
    cpuDetails: details,
    cores: cpus().length,
    memory: totalmem(),
    freeMemory: freemem(),
    kernel: `${process.platform} ${release()}`,
    node: process.version,
    deno: `Deno ${versionOf("deno")}`,
    bun: `Bun ${versionOf("bun")}`,
    load: loadavg(),
    date: new Date().toISOString(),
  };
}
