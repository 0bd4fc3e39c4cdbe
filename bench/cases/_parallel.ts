// Counting the newlines of a file on every core: scanFile on two Workers against one thread
// (mapFile + indexOf, or openFile + chunks + indexOf), against two whole processes each scanning
// half (the machine's own limit for two cores, with no Workers), and the pool's start-up on a tiny
// file. Go's rows of this group are programs of their own (bench/go/).
import { spawn } from "node:child_process";
import { closeSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import process from "node:process";
import type { CaseSpec, Check, Pass } from "../harness/_case.ts";
import { need } from "./_library.ts";

const worker = new URL("./_count_newlines_worker.ts", import.meta.url);
const halfScan = new URL("./_half_scan.ts", import.meta.url).pathname;

interface Count {
  newlines: number;
  bytes: number;
}

const sum = (counts: Count[]): Check => ({
  newlines: counts.reduce((total, count) => total + count.newlines, 0),
  bytes: counts.reduce((total, count) => total + count.bytes, 0),
});

/** A started process of this runtime running `script`, once it printed "ready". */
interface Held {
  /** Lets it run; resolves to the JSON line it prints at the end. */
  go(): Promise<Count>;
}

/** Starts this runtime on `script` with `args`; resolves once it printed "ready". */
function hold(script: string, args: string[]): Promise<Held> {
  const isBun = "Bun" in globalThis;
  const argv = isBun ? [script, ...args] : ["run", "-A", "--quiet", script, ...args];
  const child = spawn(process.execPath, argv, { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  let onLine: () => void = () => {};
  child.stdout!.on("data", (data: Uint8Array) => {
    out += new TextDecoder().decode(data);
    onLine();
  });
  const done = new Promise<Count>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code: number | null) => {
      if (code === 0) resolve(JSON.parse(out.slice(out.indexOf("\n") + 1)));
      else reject(new Error(`${script} exited with ${code}`));
    });
  });
  return new Promise((resolve, reject) => {
    done.catch(reject);
    onLine = () => {
      if (!out.startsWith("ready\n")) return;
      onLine = () => {};
      resolve({
        go: () => {
          child.stdin!.end("go\n");
          return done;
        },
      });
    };
  });
}

/** The first `size` bytes of `path`, written beside it to a file of their own; returns its path. */
function prefixFile(path: string, size: number): string {
  const prefix = new Uint8Array(size);
  const fd = openSync(path, "r");
  try {
    readSync(fd, prefix, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  const file = `${path}.prefix-${size}.txt`;
  writeFileSync(file, prefix);
  return file;
}

/** Builds the timed pass of a parallel case. */
export function parallelPass(spec: CaseSpec): Promise<Pass> {
  const path = spec.file!;
  const bytes = spec.prefix ?? statSync(path).size;
  switch (spec.variant) {
    case "scanner-count": {
      const { count, openFile } = need("count", "openFile");
      return Promise.resolve({
        bytes,
        run: async () => ({ newlines: await count(await openFile(path)), bytes }),
      });
    }
    case "one-thread": {
      const { mapFile } = need("mapFile");
      return Promise.resolve({
        bytes,
        run: () => {
          const file = mapFile(path);
          try {
            const view = file.bytes;
            let newlines = 0;
            for (let at = view.indexOf(10); at !== -1; at = view.indexOf(10, at + 1)) newlines++;
            return { newlines, bytes: view.length, mapped: file.mapped ? 1 : 0 };
          } finally {
            file.close();
          }
        },
      });
    }
    case "one-thread-read": {
      // Go's way on one core (File.Read into one 1 MiB buffer, then a count), written with ours.
      const { openFile, chunks } = need("openFile", "chunks");
      return Promise.resolve({
        bytes,
        run: async () => {
          let newlines = 0;
          let total = 0;
          for await (const chunk of chunks(await openFile(path), 1 << 20)) {
            total += chunk.length;
            for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
          }
          return { newlines, bytes: total };
        },
      });
    }
    case "scanFile-2":
    case "scanFile-default": {
      const { scanFile } = need("scanFile");
      const parallelFrom = spec.variant === "scanFile-2" ? 0 : undefined;
      return Promise.resolve({
        bytes,
        run: async () =>
          sum(await scanFile<Count>(path, worker, { workers: spec.workers!, parallelFrom })),
      });
    }
    case "scanPool-2": {
      const { scanPool } = need("scanPool");
      let pool: ReturnType<typeof scanPool> | undefined;
      return Promise.resolve({
        bytes,
        // Started and warmed (one scan of a small file) before the timed part, as the two
        // processes are started beforehand: it times the scans alone.
        prepare: async () => {
          pool ??= scanPool({ workers: spec.workers! });
          await pool.scanFile<Count>(prefixFile(path, 64 << 10), worker, { parallelFrom: 0 });
        },
        run: async () => sum(await pool!.scanFile<Count>(path, worker, { parallelFrom: 0 })),
        finish: () => pool?.close(),
      });
    }
    case "startup": {
      const { scanFile } = need("scanFile");
      const tiny = prefixFile(path, bytes);
      return Promise.resolve({
        bytes,
        run: async () =>
          sum(await scanFile<Count>(tiny, worker, { workers: spec.workers!, parallelFrom: 0 })),
      });
    }
    case "two-processes": {
      const { splitFile } = need("splitFile");
      let held: Held[] = [];
      return Promise.resolve({
        bytes,
        // Started and mapped before the timed part: it times the scans, run at once.
        prepare: async () => {
          held = await Promise.all(
            splitFile(path, spec.workers!).map((range) =>
              hold(halfScan, [path, `${range.offset}`, `${range.length}`])
            ),
          );
        },
        run: async () => sum(await Promise.all(held.map((process) => process.go()))),
      });
    }
    default:
      throw new Error(`unknown parallel variant ${spec.variant}`);
  }
}
