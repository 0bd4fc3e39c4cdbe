// libc facts the FFI adapters (deno.ts, bun.ts) share: library names, constants, and the choice
// of mmap flags and madvise hints for a request.
import type { MapRequest } from "./adapter.ts";

/** libc's file name, errno accessor and constants on the systems the adapters support. */
export interface LibcTarget {
  readonly library: string;
  readonly errnoSymbol: "__errno_location" | "__error";
  readonly scPageSize: number;
  readonly oCloexec: number;
  /** O_NONBLOCK: an open that never waits (a FIFO's other end). */
  readonly oNonblock: number;
  readonly mapPopulate: number;
  readonly msSync: number;
  /** MADV_POPULATE_READ (Linux 5.14+), 0 where there is none. */
  readonly madvPopulateRead: number;
  /** MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE: flags of a zero-page placeholder. */
  readonly mapPlaceholder: number;
  /** MAP_NORESERVE where the kernel honours it (Linux), else 0. */
  readonly mapNoReserve: number;
}

/** libc facts for `os`, or undefined where mapping is not supported (the fallback reads). */
export function libcTarget(os: string): LibcTarget | undefined {
  if (os === "linux") {
    return {
      library: "libc.so.6",
      errnoSymbol: "__errno_location",
      scPageSize: 30,
      oCloexec: 0o2000000,
      oNonblock: 0o4000,
      mapPopulate: 0x8000,
      msSync: 4,
      madvPopulateRead: 22,
      mapPlaceholder: 0x20 | 0x10 | 0x4000,
      mapNoReserve: 0x4000,
    };
  }
  if (os === "darwin") {
    // Written from the macOS headers; the suite runs on Linux.
    return {
      library: "libSystem.B.dylib",
      errnoSymbol: "__error",
      scPageSize: 29,
      oCloexec: 0x1000000,
      oNonblock: 0x4,
      mapPopulate: 0,
      msSync: 0x10,
      madvPopulateRead: 0,
      mapPlaceholder: 0x1000 | 0x10,
      mapNoReserve: 0,
    };
  }
  return undefined;
}

/** Constants that are the same on Linux and macOS. */
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;
export const MAP_PRIVATE = 2;
export const O_RDONLY = 0;
export const O_RDWR = 2;
export const SEEK_END = 2;
export const madviseCodes = { normal: 0, random: 1, sequential: 2, willneed: 3 } as const;

/** The action a FileError names when mapping `request` fails: the window, for the message. */
export function mapAction(request: MapRequest): string {
  return `map ${request.length} bytes at offset ${request.offset} (page-aligned) of`;
}

/**
 * mmap's protection and flags for `request`. Read-only maps are private and writable
 * copy-on-write: a stray write to the view stays in this process instead of killing it (SIGSEGV
 * on a PROT_READ page). MAP_NORESERVE keeps such a map from being charged against the commit limit
 * for its whole length (without it, under Linux's default heuristic overcommit, a file larger than
 * RAM + swap fails with ENOMEM, where a PROT_READ map, Go's and Python's, does not): only the pages
 * actually written get private copies, each taken as any allocation is. Under strict overcommit
 * (vm.overcommit_memory=2) the kernel ignores the flag and charges the map anyway. MAP_POPULATE
 * only for shared maps: on a private writable map it would copy every page.
 */
export function mapMode(target: LibcTarget, request: MapRequest): {
  protection: number;
  flags: number;
} {
  const flags = request.writable
    ? MAP_SHARED | (request.populate ? target.mapPopulate : 0)
    : MAP_PRIVATE | target.mapNoReserve;
  return { protection: PROT_READ | PROT_WRITE, flags };
}

/**
 * Gives the pager the hints of `request` through `madvise(code)`, which returns 0 on success.
 * Hints that fail are ignored: they change speed, never results.
 */
export function adviseMapping(
  target: LibcTarget,
  request: MapRequest,
  madvise: (code: number) => number,
): void {
  if (request.advice !== "normal") madvise(madviseCodes[request.advice]);
  if (request.populate && !request.writable) {
    // Faults the pages in shared with the page cache, no copy; older kernels get a read-ahead.
    if (target.madvPopulateRead === 0 || madvise(target.madvPopulateRead) !== 0) {
      madvise(madviseCodes.willneed);
    }
  }
}
