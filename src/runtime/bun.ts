// Bun: maps through libc with bun:ffi (MAP_PRIVATE copy-on-write unless writable) on a descriptor
// node:fs opened, and streams through node:fs (Bun's descriptors are the operating system's).
//
// Not Bun.mmap: it opens the file read-write (EACCES on a file the user may only read), maps
// writable by default, cannot map empty or /proc files, is unmapped only by the garbage
// collector, and aborts the process past 4 GiB.
//
// The ArrayBuffer owns the mapping: toArrayBuffer's deallocator is libc's munmap itself, called
// with (address, context) = (address, length). So transfer(0) in close() unmaps at once, a buffer
// moved elsewhere (transfer, byte-stream enqueue) keeps the mapping alive as long as it lives, and
// a forgotten mapping is unmapped when the collector frees its buffer.
import { dlopen, read, toArrayBuffer } from "bun:ffi";
import process from "node:process";
import { FileError } from "../errors.ts";
import { errnoCode } from "./_errors.ts";
import { adviseMapping, type LibcTarget, libcTarget, mapAction, mapMode } from "./_libc.ts";
import type { Mapping, MapRequest, RuntimeAdapter } from "./adapter.ts";
import { NodeMapHandle, openNodeReader, openNodeWriter, osName } from "./fallback.ts";
import { NodeRandomHandle } from "./_random.ts";

// toArrayBuffer's documented five-argument form: the deallocator gets (bytes, context).
type ToOwnedArrayBuffer = (
  address: number,
  byteOffset: number,
  byteLength: number,
  context: number,
  deallocator: number,
) => ArrayBuffer;

function openLibc(target: LibcTarget) {
  return dlopen(target.library, {
    mmap: { args: ["ptr", "u64", "i32", "i32", "i32", "i64"], returns: "ptr" },
    munmap: { args: ["ptr", "u64"], returns: "i32" },
    madvise: { args: ["ptr", "u64", "i32"], returns: "i32" },
    msync: { args: ["ptr", "u64", "i32"], returns: "i32" },
    sysconf: { args: ["i32"], returns: "i64" },
    [target.errnoSymbol]: { args: [], returns: "ptr" },
  }).symbols;
}

type Libc = ReturnType<typeof openLibc>;

interface Loaded {
  readonly libc: Libc;
  readonly target: LibcTarget;
  readonly pageSize: number;
  readonly munmapAddress: number;
}

let loaded: Loaded | string | undefined;

function load(): Loaded | string {
  if (loaded !== undefined) return loaded;
  const target = libcTarget(process.platform);
  if (target === undefined) return loaded = `mapping is not supported on ${process.platform}`;
  try {
    const libc = openLibc(target);
    const pageSize = Number(libc.sysconf(target.scPageSize));
    // The address of munmap itself, for toArrayBuffer's deallocator (bun:ffi functions carry it).
    const munmapAddress = (libc.munmap as unknown as { ptr?: unknown }).ptr;
    if (typeof munmapAddress !== "number" || munmapAddress === 0) {
      return loaded = "bun:ffi gave no address for munmap";
    }
    return loaded = { libc, target, pageSize: pageSize > 0 ? pageSize : 4096, munmapAddress };
  } catch (error) {
    return loaded = `${target.library} cannot be loaded: ${String(error)}`;
  }
}

function lastError(state: Loaded, action: string, path: string): FileError {
  const errno = read.i32(state.libc[state.target.errnoSymbol]()!, 0);
  return new FileError(action, path, errnoCode(process.platform, errno));
}

function mapDescriptor(fd: number, path: string, request: MapRequest): Mapping {
  const state = load();
  if (typeof state === "string") {
    throw new FileError("map", path, "ENOTSUP", { reason: state });
  }
  const { libc, target } = state;
  const { protection, flags } = mapMode(target, request);
  const address: unknown = libc.mmap(
    null,
    request.length,
    protection,
    flags,
    fd,
    request.offset,
  );
  // MAP_FAILED, (void*)-1, comes back as a bigint: it does not fit a double.
  if (typeof address !== "number" || address === 0) {
    throw lastError(state, mapAction(request), path);
  }
  adviseMapping(target, request, (code) => libc.madvise(address, request.length, code));
  let buffer: ArrayBuffer;
  try {
    buffer = (toArrayBuffer as unknown as ToOwnedArrayBuffer)(
      address,
      0,
      request.length,
      request.length,
      state.munmapAddress,
    );
  } catch (error) {
    libc.munmap(address, request.length);
    throw new FileError(mapAction(request), path, "ENOMEM", {
      cause: error,
      reason: String(error),
    });
  }
  return {
    buffer,
    flush(): void {
      if (buffer.detached) return;
      if (libc.msync(address, request.length, target.msSync) !== 0) {
        throw lastError(state, "flush", path);
      }
    },
    // transfer(0) already ran the deallocator (munmap); a moved buffer runs it when collected.
    release(): void {},
    abandon(): void {},
  };
}

/** The Bun adapter: maps through bun:ffi, streams through node:fs. */
export const bunRuntime: RuntimeAdapter = {
  name: "bun",
  os: osName(process.platform),
  get pageSize(): number {
    const state = load();
    return typeof state === "object" ? state.pageSize : 4096;
  },
  // JavaScriptCore's ArrayBuffer limit: toArrayBuffer of 5 GiB throws "Out of memory".
  maxMapLength: 2 ** 32,
  mapUnavailable(): string | undefined {
    const state = load();
    return typeof state === "string" ? state : undefined;
  },
  openForMap: (path, writable) => new NodeMapHandle(path, writable, mapDescriptor),
  openReader: openNodeReader,
  openWriter: openNodeWriter,
  openRandom: (path) => new NodeRandomHandle(path),
};
