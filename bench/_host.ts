// What the benchmarks need from the runtime they run in: its name and version, its usual ways of
// reading a file (the baselines users would otherwise write), garbage collection between runs, and
// the process's memory figures from /proc. The library itself keeps runtime code in src/runtime/;
// the benchmarks call the runtimes directly because those calls ARE the baselines.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";

interface BunFile {
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}

interface BunGlobal {
  file(path: string): BunFile;
  gc(force: boolean): void;
  version: string;
}

const bun = (globalThis as { Bun?: BunGlobal }).Bun;

/** The runtime running this process. */
export const runtimeName: "deno" | "bun" = bun === undefined ? "deno" : "bun";

/** The runtime's version, e.g. "2.9.6". */
export function runtimeVersion(): string {
  return bun === undefined ? Deno.version.deno : bun.version;
}

/** The usual whole-file read: `Deno.readFile` or `Bun.file().arrayBuffer()`. */
export async function readWholeFile(path: string): Promise<Uint8Array> {
  if (bun === undefined) return await Deno.readFile(path);
  return new Uint8Array(await bun.file(path).arrayBuffer());
}

/** The runtime's default file stream: `FsFile.readable` or `Bun.file().stream()`. */
export async function defaultFileStream(path: string): Promise<ReadableStream<Uint8Array>> {
  if (bun === undefined) return (await Deno.open(path)).readable;
  return bun.file(path).stream();
}

/**
 * A read loop written by hand, with no stream at all: the runtime's synchronous read
 * (`FsFile.readSync` in Deno, `node:fs` `readSync` in Bun) into one reused buffer, calling
 * `onChunk` with each filled view; returns once the whole file is read.
 */
export function readSyncLoop(
  path: string,
  buffer: Uint8Array,
  onChunk: (view: Uint8Array) => void,
): void {
  if (bun === undefined) {
    using file = Deno.openSync(path);
    for (let count = file.readSync(buffer); count; count = file.readSync(buffer)) {
      onChunk(buffer.subarray(0, count));
    }
    return;
  }
  const fd = openSync(path, "r");
  try {
    let position = 0;
    for (;;) {
      const count = readSync(fd, buffer, 0, buffer.length, position);
      if (count === 0) return;
      position += count;
      onChunk(buffer.subarray(0, count));
    }
  } finally {
    closeSync(fd);
  }
}

/** Collects garbage when the runtime lets us (Deno needs `--v8-flags=--expose-gc`). */
export function collectGarbage(): void {
  if (bun !== undefined) {
    bun.gc(true);
    return;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/** Memory figures of this process, in bytes, from /proc/self/status (Linux). */
export interface MemoryStatus {
  /** Peak resident set size so far (VmHWM). */
  peakRss: number;
  /** Resident anonymous memory now (RssAnon): heaps, ArrayBuffers. */
  anon: number;
  /** Resident file-backed memory now (RssFile): code, mapped files (page cache pages). */
  file: number;
}

/** Reads this process's memory figures; zeros where /proc is missing. */
export function memoryStatus(): MemoryStatus {
  let text = "";
  try {
    text = readFileSync("/proc/self/status", "utf8");
  } catch {
    return { peakRss: 0, anon: 0, file: 0 };
  }
  const kib = (key: string): number => {
    const match = text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
    return match === null ? 0 : Number(match[1]) * 1024;
  };
  return { peakRss: kib("VmHWM"), anon: kib("RssAnon"), file: kib("RssFile") };
}
