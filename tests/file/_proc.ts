// Counts this process's open descriptors and memory mappings from /proc/self (Linux), so tests can
// show that mapping and streaming files leaks neither.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Why /proc-based checks cannot run here, or false when they can. */
export const noProcReason: string | false = (() => {
  try {
    readdirSync("/proc/self/fd");
    readFileSync("/proc/self/maps", "utf8");
    return false;
  } catch {
    return "needs /proc/self/fd and /proc/self/maps (Linux)";
  }
})();

/**
 * What each open descriptor of a process points at (the targets of /proc/PID/fd/*); this process
 * when `pid` is left out.
 */
export function openDescriptors(pid: number | "self" = "self"): string[] {
  const targets: string[] = [];
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    try {
      targets.push(readlinkSync(`/proc/${pid}/fd/${name}`));
    } catch {
      // The descriptor readdir itself used is gone by now.
    }
  }
  return targets;
}

/**
 * How each descriptor of this process that points at `path` was opened: "read", "write" or
 * "read-write" (the access mode in the `flags` line of /proc/self/fdinfo/N, in octal).
 */
export function accessModes(path: string): string[] {
  const modes: string[] = [];
  for (const name of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) !== path) continue;
      const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${name}`, "utf8"));
      if (flags === null) continue;
      modes.push(["read", "write", "read-write"][parseInt(flags[1], 8) & 3] ?? "unknown");
    } catch {
      // Closed meanwhile.
    }
  }
  return modes;
}

/** Open descriptors of a process (this one by default); only those pointing at `path` if given. */
export function countDescriptors(path?: string, pid: number | "self" = "self"): number {
  const targets = openDescriptors(pid);
  return path === undefined ? targets.length : targets.filter((t) => t === path).length;
}

/** The lines of /proc/PID/maps (this process by default): one per mapping. */
export function mappings(pid: number | "self" = "self"): string[] {
  return readFileSync(`/proc/${pid}/maps`, "utf8").split("\n").filter((line) => line !== "");
}

/** Mappings of a process (this one by default); only those of `path` when it is given. */
export function countMappings(path?: string, pid: number | "self" = "self"): number {
  const lines = mappings(pid);
  if (path === undefined) return lines.length;
  return lines.filter((line) => mappedPath(line) === path).length;
}

/** The file name of one /proc/self/maps line ("" for anonymous memory). */
function mappedPath(line: string): string {
  const match = line.match(/^\S+ \S+ \S+ \S+ \S+\s*(.*)$/);
  return match ? match[1] : "";
}

/** Asserts that no descriptor and no mapping of `path` is left (where /proc can tell). */
export function assertReleased(path: string): void {
  if (noProcReason) return;
  assert.equal(countDescriptors(path), 0, "descriptors of the file are left open");
  assert.equal(countMappings(path), 0, "mappings of the file are left");
}
