// What the worker needs from the runtime it runs in: its name and version, garbage collection
// between runs, and the process's memory figures from /proc. The runtimes' own ways of reading a
// file, which the scans measure, are in ../cases/_runtime_reads.ts.
import { readFileSync } from "node:fs";

interface BunGlobal {
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
