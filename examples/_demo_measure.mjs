// One measurement of the demo: a fresh runtime process (examples/_demo_child.ts) scans the file one
// way; while it holds the data it says "sample" and this module reads its /proc/PID/status and
// smaps (Deno would need --allow-all to read /proc/self itself), then lets it finish.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";

/** Reads the file once, so that no method pays for the disk and all of them scan the page cache. */
export function warmPageCache(file) {
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

/**
 * Runs one measurement in a fresh process and samples its memory when it says "sample". Resolves
 * with the child's result and that sample; rejects with a message naming the runtime and method.
 */
export function measure(runtime, method, file, timeoutMs) {
  const what = `${runtime.name} ${method}`;
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.bin, [...runtime.args(file), method, file], {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let memory;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stderr.setEncoding("utf8").on("data", (text) => stderr += text);
    child.stdout.setEncoding("utf8").on("data", (text) => {
      stdout += text;
      if (memory === undefined && /^sample$/m.test(stdout)) {
        memory = sampleMemory(child.pid, file);
        child.stdin.end("\n");
      }
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          error.code === "ENOENT"
            ? `${runtime.bin} is missing: run \`npm ci\` first`
            : `${what} did not start: ${error.message}`,
        ),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`${what} took longer than ${timeoutMs} ms`));
      if (code !== 0) {
        return reject(new Error(`${what} failed (exit ${code ?? signal}):\n${stderr}${stdout}`));
      }
      try {
        const result = JSON.parse(stdout.trim().split("\n").at(-1));
        if (memory === undefined) throw new Error("no memory sample");
        resolve({ ...result, memory });
      } catch {
        reject(new Error(`${what} printed no result:\n${stderr}${stdout}`));
      }
    });
  });
}
