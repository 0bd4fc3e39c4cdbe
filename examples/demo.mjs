#!/usr/bin/env node
// `npm run demo [-- FILE] [--runs N]`: counts the lines of a file and its bytes three ways in Deno
// and in Bun (mapFile, openFile with one reused BYOB buffer, the runtime's usual whole-file read),
// checks that every way agrees, and prints speed and memory. Without FILE it makes (once, then
// reuses) a 256 MiB text file in the system's temp folder. The file is read once first so every
// method scans the page cache. Each measurement runs in a fresh process (examples/_demo_child.ts)
// so its peak memory is its own; this runner samples that process's /proc/PID/status and smaps while
// it holds the data. The table shows the median time of N runs (3 by default).
import { realpathSync, statSync } from "node:fs";
import { freemem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measure, warmPageCache } from "./_demo_measure.mjs";
import { ensureSample, samplePath, sampleSize } from "./_demo_sample.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const child = join(root, "examples", "_demo_child.ts");
const childTimeoutMs = 300_000;

const runtimes = [
  {
    name: "deno",
    bin: join(root, "node_modules", ".bin", "deno"),
    // Reads only the scanned file; --allow-ffi lets mapFile map it (without it, mapFile reads).
    // (A comma would split Deno's list of paths: such a path gets the plain --allow-read.)
    args: (file) => [
      "run",
      "--quiet",
      "--no-lock",
      file.includes(",") ? "--allow-read" : `--allow-read=${file}`,
      "--allow-ffi",
      child,
    ],
    usual: "Deno.readFile",
  },
  {
    name: "bun",
    bin: join(root, "node_modules", ".bin", "bun"),
    args: () => [child],
    usual: "Bun.file().arrayBuffer()",
  },
];
const methods = ["mapFile", "openFile", "usual"];

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function parseArguments(argv) {
  let file;
  let runs = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
        fail(`--runs must be an integer in [1, 20]: received ${argv[i]}`);
      }
    } else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log("usage: npm run demo [-- FILE] [--runs N]");
      process.exit(0);
    } else if (file === undefined) {
      // npm runs scripts from the package's folder; a relative FILE means the caller's folder.
      file = resolve(process.env.INIT_CWD ?? process.cwd(), argv[i]);
    } else fail(`unexpected argument ${JSON.stringify(argv[i])} (usage: npm run demo [-- FILE])`);
  }
  return { file, runs };
}

/** Checks the user's file before any runtime starts, so a bad path fails once and clearly. */
function checkUserFile(file) {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    if (error.code === "ENOENT") fail(`no such file: ${file}`);
    fail(`cannot read ${file}: ${error.message}`);
  }
  if (stat.isDirectory()) fail(`${file} is a directory, not a file`);
  if (!stat.isFile()) fail(`${file} is not a regular file (the demo reads it several times)`);
  if (stat.size > 4 * 1024 ** 3) {
    fail(
      `${file} has ${stat.size} bytes: the demo maps and reads whole files, and Bun's ArrayBuffers` +
        " stop at 4 GiB (mapFile maps bigger files in windows: see its offset and length options)",
    );
  }
  if (stat.size * 2 > freemem()) {
    fail(
      `${file} has ${stat.size} bytes: the runtimes' usual way holds the whole file in memory, and` +
        ` only ${freemem()} bytes are free`,
    );
  }
  return stat.size;
}

async function measureOrFail(runtime, method, file) {
  try {
    return await measure(runtime, method, file, childTimeoutMs);
  } catch (error) {
    fail(error.message);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function formatSize(bytes) {
  if (Number.isNaN(bytes)) return "n/a";
  if (bytes >= 10 * 1048576) return `${(bytes / 1048576).toFixed(0)} MiB`;
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function formatSpeed(bytes, seconds) {
  if (bytes === 0 || !(seconds > 0)) return "n/a";
  const gigabytesPerSecond = bytes / seconds / 1e9;
  return gigabytesPerSecond >= 0.1
    ? gigabytesPerSecond.toFixed(2)
    : gigabytesPerSecond.toPrecision(2);
}

function label(runtime, method) {
  if (method === "mapFile") return "mapFile (no copy)";
  if (method === "openFile") return "openFile + chunks (1 MiB BYOB buffer)";
  if (method === "usual") return runtime.usual;
  return "(runtime at start, no scan)";
}

function printTable(rows) {
  const header = ["runtime", "method", "GB/s", "peak RSS", "anon", "file pages mapped"];
  const cells = rows.map((row) => [
    row.runtime,
    row.method,
    row.speed,
    row.peakRss,
    row.anon,
    row.mappedFile,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
  const format = (cols) => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of cells) console.log(format(row));
}

async function main() {
  const { file: userFile, runs } = parseArguments(process.argv.slice(2));
  let file = samplePath;
  let size = sampleSize;
  if (userFile === undefined) {
    try {
      console.log(ensureSample());
    } catch (error) {
      fail(error.message);
    }
  } else {
    size = checkUserFile(userFile);
    file = realpathSync(userFile); // as /proc/PID/smaps names it
  }
  warmPageCache(file);
  const times = runs === 1 ? "one run per method" : `median of ${runs} runs per method`;
  console.log(`Scanning ${file} (${size} bytes), ${times}.\n`);

  const samples = new Map();
  for (const runtime of runtimes) {
    samples.set(runtime.name, await measureOrFail(runtime, "startup", file));
  }
  const results = [];
  for (let run = 0; run < runs; run++) {
    for (const runtime of runtimes) {
      for (const method of methods) results.push(await measureOrFail(runtime, method, file));
    }
  }

  // Every method in every runtime must find the same counts, and the file's size in bytes.
  const expected = JSON.stringify(results[0].result);
  const wrong = results.filter((r) => JSON.stringify(r.result) !== expected);
  if (wrong.length > 0 || results[0].result.bytes !== size) {
    console.error("demo: the methods disagree (lines, bytes, sum of newline offsets):");
    for (const r of results) {
      const mark = JSON.stringify(r.result) === expected ? "" : "   <- differs";
      console.error(`  ${r.runtime} ${r.method}: ${JSON.stringify(r.result)}${mark}`);
    }
    console.error(`  the file has ${size} bytes`);
    process.exit(1);
  }
  const { lines, bytes } = results[0].result;
  console.log(`All ${results.length} runs agree: ${lines} lines, ${bytes} bytes.\n`);

  const rows = [];
  for (const runtime of runtimes) {
    const start = samples.get(runtime.name);
    rows.push({
      runtime: runtime.name,
      method: label(runtime, "startup"),
      speed: "",
      peakRss: formatSize(start.memory.peakRss),
      anon: formatSize(start.memory.anon),
      mappedFile: formatSize(start.memory.mappedFile),
    });
    for (const method of methods) {
      const mine = results.filter((r) => r.runtime === runtime.name && r.method === method);
      const seconds = median(mine.map((r) => r.seconds));
      rows.push({
        runtime: runtime.name,
        method: label(runtime, method),
        speed: formatSpeed(bytes, seconds),
        peakRss: formatSize(Math.max(...mine.map((r) => r.memory.peakRss))),
        anon: formatSize(Math.max(...mine.map((r) => r.memory.anon))),
        mappedFile: formatSize(Math.max(...mine.map((r) => r.memory.mappedFile))),
      });
    }
  }
  printTable(rows);
  if (size < 64 * 1048576) {
    console.log(
      "\nThis file is small: fixed costs (loading libc through FFI, compiling on first use) weigh" +
        " more in its times than reading does.",
    );
  }
  console.log(`
GB/s: the file's bytes / the median time to open, scan and close it (each run in a fresh process).
peak RSS: the process's VmHWM, anonymous and file pages together.
anon: RssAnon while the data is held (heap, buffers, the runtime itself).
file pages mapped: resident pages of the file's own mapping: the page cache, shared, not a copy.`);
}

await main();
