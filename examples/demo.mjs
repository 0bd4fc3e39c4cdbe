#!/usr/bin/env node
// `npm run demo [-- FILE] [--runs N]`: counts the lines of a file and its bytes three ways in Deno
// and in Bun (mapFile, openFile with one reused BYOB buffer, the runtime's usual whole-file read),
// checks that every way agrees, and prints speed and memory. Without FILE it makes (once, then
// reuses) a 256 MiB text file in the system's temp folder. The file is read once first so every
// method scans the page cache. Each measurement runs in a fresh process (examples/_demo_child.ts)
// so its peak memory is its own; this runner samples that process's /proc/PID/status and smaps while
// it holds the data. The table shows the median time of N runs (3 by default).
import { spawn } from "node:child_process";
import {
  closeSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { freemem, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const child = join(root, "examples", "_demo_child.ts");
const sampleSize = 256 * 1024 * 1024;
const sampleHeader = `# zerocopy-streams demo sample v1, ${sampleSize} bytes\n`;
const samplePath = join(tmpdir(), "zerocopy-streams-demo-256MiB.txt");
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
    } else if (file === undefined) file = argv[i];
    else fail(`unexpected argument ${JSON.stringify(argv[i])} (usage: npm run demo [-- FILE])`);
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

/** True when `path` is a complete sample from an earlier run (size, header and last byte match). */
function isSample(path) {
  try {
    if (statSync(path).size !== sampleSize) return false;
    const fd = openSync(path, "r");
    try {
      const head = Buffer.alloc(sampleHeader.length);
      readSync(fd, head, 0, head.length, 0);
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, sampleSize - 1);
      return head.toString("latin1") === sampleHeader && last[0] === 10;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Writes the sample: numbered lines of 1 to 16 words from a fixed list, chosen by a seeded
 * xorshift generator, so every run on every machine makes the same bytes. Written beside the
 * final name and renamed, so an interrupted run never leaves a half file that looks complete.
 */
function writeSample(path) {
  const words = (
    "zero copy stream buffer view byte read write file map page cache kernel reader writer " +
    "chunk slice offset length window memory detach transfer close open sync flush queue pull " +
    "push source sink pipe tee line count sum fast slow go deno bun web standard array typed"
  ).split(" ");
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, "w", 0o644);
  try {
    const block = Buffer.alloc(1 << 22);
    let used = block.write(sampleHeader, 0, "latin1");
    let written = 0;
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    for (let line = 1;; line++) {
      let text = String(line);
      for (let count = 1 + (next() % 16); count > 0; count--) {
        text += " " + words[next() % words.length];
      }
      text += "\n";
      const left = sampleSize - written - used;
      if (text.length >= left) {
        // The last line fills the file exactly and ends with a newline.
        text = (left > 1 ? text.slice(0, left - 1) : "") + "\n";
      }
      if (used + text.length > block.length) {
        writeSync(fd, block, 0, used);
        written += used;
        used = 0;
      }
      used += block.write(text, used, "latin1");
      if (written + used === sampleSize) break;
    }
    writeSync(fd, block, 0, used);
  } catch (error) {
    closeSync(fd);
    unlinkSync(partial);
    throw error;
  }
  closeSync(fd);
  renameSync(partial, path);
}

function ensureSample() {
  if (isSample(samplePath)) {
    console.log(`Using the sample ${samplePath} (256 MiB, made by an earlier run).`);
    return;
  }
  const started = Date.now();
  try {
    writeSample(samplePath);
  } catch (error) {
    fail(`cannot write the sample ${samplePath}: ${error.message}`);
  }
  if (!isSample(samplePath)) fail(`the sample ${samplePath} came out wrong`);
  console.log(`Made the sample ${samplePath} (256 MiB) in ${Date.now() - started} ms.`);
}

/** Reads the file once, so that no method pays for the disk and all of them scan the page cache. */
function warmPageCache(file) {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(1 << 20);
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** Reads a field of /proc/PID/status in bytes. */
function statusBytes(status, field) {
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Sums the resident pages of every mapping of `file` in /proc/PID/smaps. */
function mappedBytes(smaps, file) {
  let total = 0;
  let inFile = false;
  for (const line of smaps.split("\n")) {
    const header = line.match(/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/);
    if (header) inFile = header[1] === file;
    else if (inFile && line.startsWith("Rss:")) total += Number(line.match(/\d+/)[0]) * 1024;
  }
  return total;
}

/**
 * Memory of a child while it holds the data: VmHWM (its peak resident set, anonymous and file
 * pages together), RssAnon (heap and other anonymous memory now), and the resident pages of its
 * mappings of the scanned file (page cache shared with the kernel, not a copy).
 */
function sampleMemory(pid, file) {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return { peakRss: NaN, anon: NaN, mappedFile: NaN }; // no /proc (not Linux): shown as n/a
  }
  return {
    peakRss: statusBytes(status, "VmHWM"),
    anon: statusBytes(status, "RssAnon"),
    mappedFile: mappedBytes(readFileSync(`/proc/${pid}/smaps`, "utf8"), file),
  };
}

/** Runs one measurement in a fresh process and samples its memory when it says "sample". */
function measure(runtime, method, file) {
  const what = `${runtime.name} ${method}`;
  return new Promise((resolve) => {
    const child = spawn(runtime.bin, [...runtime.args(file), method, file], {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let memory;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(`${what} took longer than ${childTimeoutMs} ms`);
    }, childTimeoutMs);
    child.stderr.setEncoding("utf8").on("data", (text) => stderr += text);
    child.stdout.setEncoding("utf8").on("data", (text) => {
      stdout += text;
      if (memory === undefined && /^sample$/m.test(stdout)) {
        memory = sampleMemory(child.pid, file);
        child.stdin.end("\n");
      }
    });
    child.on("error", (error) => {
      if (error.code === "ENOENT") fail(`${runtime.bin} is missing: run \`npm ci\` first`);
      fail(`${what} did not start: ${error.message}`);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) fail(`${what} failed (exit ${code ?? signal}):\n${stderr}${stdout}`);
      try {
        const result = JSON.parse(stdout.trim().split("\n").at(-1));
        if (memory === undefined) throw new Error("no memory sample");
        resolve({ ...result, memory });
      } catch {
        fail(`${what} printed no result:\n${stderr}${stdout}`);
      }
    });
  });
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
  if (userFile === undefined) ensureSample();
  else {
    size = checkUserFile(userFile);
    file = realpathSync(userFile); // as /proc/PID/smaps names it
  }
  warmPageCache(file);
  const times = runs === 1 ? "one run per method" : `median of ${runs} runs per method`;
  console.log(`Scanning ${file} (${size} bytes), ${times}.\n`);

  const samples = new Map();
  for (const runtime of runtimes) {
    samples.set(runtime.name, await measure(runtime, "startup", file));
  }
  const results = [];
  for (let run = 0; run < runs; run++) {
    for (const runtime of runtimes) {
      for (const method of methods) results.push(await measure(runtime, method, file));
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
