// Deno's libc binding for mapFile: the ffi permission (queried, never prompted), libc's symbol
// table, and the mapping of one window of a descriptor. Deno 2's FsFile exposes no descriptor, so
// files to map are opened through libc (_deno_libc_handle.ts).
import { FileError } from "../errors.ts";
import { errnoCode } from "./_errors.ts";
import {
  adviseMapping,
  type LibcTarget,
  libcTarget,
  MAP_PRIVATE,
  mapAction,
  mapMode,
  O_RDONLY,
  O_RDWR,
  PROT_READ,
  SEEK_END,
} from "./_libc.ts";
import type { Mapping, MapRequest } from "./adapter.ts";

const symbols = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  lseek: { parameters: ["i32", "i64", "i32"], result: "i64" },
  pread: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  pwrite: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  fsync: { parameters: ["i32"], result: "i32" },
  // Linux only (glibc 2.28+): the kind, size and identity of an open descriptor, in a layout that
  // is the same on every architecture (struct stat's is not).
  statx: {
    parameters: ["i32", "buffer", "i32", "u32", "buffer"],
    result: "i32",
    optional: true,
  },
  mmap: { parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"], result: "pointer" },
  munmap: { parameters: ["pointer", "usize"], result: "i32" },
  madvise: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  msync: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  sysconf: { parameters: ["i32"], result: "i64" },
  errno: { name: "", parameters: [], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** libc, loaded: what mapping needs. */
export interface DenoLibc {
  readonly libc: Libc;
  readonly target: LibcTarget;
  readonly pageSize: number;
  readonly registry: FinalizationRegistry<Unmap>;
}

interface Unmap {
  readonly address: Deno.PointerObject;
  readonly length: number;
}

// libc once loaded, or why it cannot be (the reason is kept: dlopen fails the same way again).
let loaded: DenoLibc | string | undefined;

/**
 * libc, when the ffi permission is granted for everything (`--allow-ffi`), else why not. A grant
 * limited to paths (`--allow-ffi=/usr/lib/x86_64-linux-gnu/libc.so.6`) loads libc, but Deno then
 * refuses every pointer operation (`UnsafePointerView.getArrayBuffer`, `UnsafePointer.value`:
 * "Requires ffi access"), without which a mapping cannot be read: it counts as not granted.
 */
export function denoLibc(): DenoLibc | string {
  const target = libcTarget(Deno.build.os);
  if (target === undefined) return `mapping is not supported on ${Deno.build.os}`;
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return "the ffi permission is not granted (run Deno with --allow-ffi; a list of libraries, " +
      "--allow-ffi=<paths>, is not enough: Deno's pointer views need all of ffi)";
  }
  if (loaded === undefined) {
    try {
      loaded = load(target);
    } catch (error) {
      loaded = `${target.library} cannot be loaded: ${String(error)}`;
    }
  }
  return loaded;
}

function load(target: LibcTarget): DenoLibc {
  const libc = Deno.dlopen(target.library, {
    ...symbols,
    errno: { ...symbols.errno, name: target.errnoSymbol },
  }).symbols;
  const pageSize = Number(libc.sysconf(target.scPageSize));
  // Releases a mapping whose ArrayBuffer was collected without close(). V8 may have moved its
  // memory to another, live ArrayBuffer first (transfer(), a byte stream's enqueue), which no
  // one can see from here: unmapping could let that buffer read unmapped memory and crash. So
  // the file's pages are swapped for zero pages in place (MAP_FIXED): the file and its page
  // cache are let go, the address range stays readable (zeros) and costs no memory.
  const registry = new FinalizationRegistry<Unmap>(({ address, length }) => {
    const placeholder = MAP_PRIVATE | target.mapPlaceholder;
    libc.mmap(address, BigInt(length), PROT_READ, placeholder, -1, 0n);
  });
  return { libc, target, pageSize: pageSize > 0 ? pageSize : 4096, registry };
}

/** The FileError for what libc's last failed call left in errno. */
export function lastError(state: DenoLibc, action: string, path: string): FileError {
  const errno = new Deno.UnsafePointerView(state.libc.errno()!).getInt32();
  return new FileError(action, path, errnoCode(Deno.build.os, errno));
}

/**
 * libc's pread(2), for random access (the descriptor comes from node:fs, which hands out the
 * system's descriptors): one call, no Deno op around it. Throws an error whose `code` names the
 * errno; an interrupted call (EINTR) is made again.
 */
export function libcPread(
  state: DenoLibc,
): (fd: number, view: Uint8Array, position: number) => number {
  const { libc } = state;
  return (fd, view, position) => {
    for (;;) {
      const count = Number(libc.pread(fd, view, BigInt(view.byteLength), BigInt(position)));
      if (count >= 0) return count;
      const errno = new Deno.UnsafePointerView(libc.errno()!).getInt32();
      if (errno === EINTR) continue;
      const code = errnoCode(Deno.build.os, errno);
      throw Object.assign(new Error(`pread failed (${code})`), { code });
    }
  };
}

const EINTR = 4;

/**
 * Maps the page-aligned window `request` of `path`, opened for it and closed before this returns
 * (where there is no statx to open it non-blocking and keep it: see _deno_libc_handle.ts).
 */
export function mapWindow(state: DenoLibc, path: string, request: MapRequest): Mapping {
  const { libc, target } = state;
  const fd = libc.open(
    new TextEncoder().encode(`${path}\0`),
    (request.writable ? O_RDWR : O_RDONLY) | target.oCloexec,
  );
  if (fd < 0) throw lastError(state, "map", path);
  try {
    return mapDescriptor(state, fd, path, request);
  } finally {
    libc.close(fd);
  }
}

/** Maps the page-aligned window `request` of the open descriptor `fd` of `path`. */
export function mapDescriptor(
  state: DenoLibc,
  fd: number,
  path: string,
  request: MapRequest,
): Mapping {
  const { libc, target } = state;
  // The file may have shrunk since it was measured: pages past its end would raise SIGBUS.
  const size = Number(libc.lseek(fd, 0n, SEEK_END));
  if (size < request.offset + request.length) {
    throw new FileError(mapAction(request), path, "EINVAL", {
      reason: `the file shrank to ${size} bytes while it was being mapped`,
    });
  }
  const { protection, flags } = mapMode(target, request);
  const address = libc.mmap(
    null,
    BigInt(request.length),
    protection,
    flags,
    fd,
    BigInt(request.offset),
  );
  if (address === null || Deno.UnsafePointer.value(address) === 0xffffffffffffffffn) {
    throw lastError(state, mapAction(request), path);
  }
  const mapped = address;
  adviseMapping(target, request, (code) => libc.madvise(mapped, BigInt(request.length), code));
  let buffer: ArrayBuffer;
  try {
    buffer = Deno.UnsafePointerView.getArrayBuffer(mapped, request.length);
  } catch (error) {
    libc.munmap(mapped, BigInt(request.length));
    throw new FileError(mapAction(request), path, "ENOMEM", {
      cause: error,
      reason: String(error),
    });
  }
  const token = {};
  state.registry.register(buffer, { address: mapped, length: request.length }, token);
  return {
    buffer,
    flush(): void {
      if (libc.msync(mapped, BigInt(request.length), target.msSync) !== 0) {
        throw lastError(state, "flush", path);
      }
    },
    release(): void {
      state.registry.unregister(token);
      libc.munmap(mapped, BigInt(request.length));
    },
    abandon(): void {
      // Another ArrayBuffer may point at this memory now: leave it mapped, never unmap under it.
      state.registry.unregister(token);
    },
  };
}
