// Deno: maps through libc with Deno.dlopen (Deno 2's FsFile exposes no descriptor, so the file is
// opened again through libc for mmap), and streams with FsFile.read(view)/write(view) in place.
// Without the ffi permission (queried, never prompted) mapFile falls back to reading.
import { FileError } from "../errors.ts";
import { errnoCode, toFileError as wrapError } from "./_errors.ts";
import {
  adviseMapping,
  type LibcTarget,
  libcTarget,
  MAP_PRIVATE,
  mapMode,
  O_RDONLY,
  O_RDWR,
  PROT_READ,
  SEEK_END,
} from "./_libc.ts";
import type {
  FileKind,
  FileReader,
  FileWriter,
  MapHandle,
  Mapping,
  MapRequest,
  RuntimeAdapter,
  WriterOptions,
} from "./adapter.ts";

const symbols = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  lseek: { parameters: ["i32", "i64", "i32"], result: "i64" },
  mmap: { parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"], result: "pointer" },
  munmap: { parameters: ["pointer", "usize"], result: "i32" },
  madvise: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  msync: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  sysconf: { parameters: ["i32"], result: "i64" },
  errno: { name: "", parameters: [], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof symbols>["symbols"];

interface Loaded {
  readonly libc: Libc;
  readonly target: LibcTarget;
  readonly pageSize: number;
  readonly registry: FinalizationRegistry<Unmap>;
}

interface Unmap {
  readonly address: Deno.PointerObject;
  readonly length: number;
}

let loaded: Loaded | string | undefined;

// Opens libc once, on the first map; a string says why it cannot.
function load(): Loaded | string {
  if (loaded !== undefined) return loaded;
  const target = libcTarget(Deno.build.os);
  if (target === undefined) {
    return loaded = `mapping is not supported on ${Deno.build.os}`;
  }
  try {
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
    return loaded = { libc, target, pageSize: pageSize > 0 ? pageSize : 4096, registry };
  } catch (error) {
    return loaded = `${target.library} cannot be loaded: ${String(error)}`;
  }
}

/** Wraps what Deno threw into a FileError; Deno's messages carry the errno of this system. */
function fileError(action: string, path: string, error: unknown): FileError {
  return wrapError(action, path, error, Deno.build.os);
}

function ffiGranted(): boolean {
  return Deno.permissions.querySync({ name: "ffi" }).state === "granted";
}

function lastError(state: Loaded, action: string, path: string): FileError {
  const errno = new Deno.UnsafePointerView(state.libc.errno()!).getInt32();
  return new FileError(action, path, errnoCode(Deno.build.os, errno));
}

function mapWindow(state: Loaded, path: string, request: MapRequest): Mapping {
  const { libc, target } = state;
  const fd = libc.open(
    new TextEncoder().encode(`${path}\0`),
    (request.writable ? O_RDWR : O_RDONLY) | target.oCloexec,
  );
  if (fd < 0) throw lastError(state, "map", path);
  let address: Deno.PointerValue;
  try {
    // The file may have shrunk since it was measured: pages past its end would raise SIGBUS.
    const size = Number(libc.lseek(fd, 0n, SEEK_END));
    if (size < request.offset + request.length) {
      throw new FileError("map", path, "EINVAL", {
        reason: `the file shrank to ${size} bytes while it was being mapped`,
      });
    }
    const { protection, flags } = mapMode(target, request);
    address = libc.mmap(
      null,
      BigInt(request.length),
      protection,
      flags,
      fd,
      BigInt(request.offset),
    );
    if (address === null || Deno.UnsafePointer.value(address) === 0xffffffffffffffffn) {
      throw lastError(state, "map", path);
    }
  } finally {
    libc.close(fd);
  }
  const mapped = address;
  adviseMapping(target, request, (code) => libc.madvise(mapped, BigInt(request.length), code));
  let buffer: ArrayBuffer;
  try {
    buffer = Deno.UnsafePointerView.getArrayBuffer(mapped, request.length);
  } catch (error) {
    libc.munmap(mapped, BigInt(request.length));
    throw new FileError("map", path, "ENOMEM", { cause: error, reason: String(error) });
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

class DenoMapHandle implements MapHandle {
  readonly size: number;
  readonly kind: FileKind;
  #file: Deno.FsFile;
  #path: string;
  #closed = false;

  constructor(path: string, writable: boolean) {
    this.#path = path;
    try {
      this.#file = Deno.openSync(path, { read: true, write: writable });
    } catch (error) {
      throw fileError("map", path, error);
    }
    try {
      const stat = this.#file.statSync();
      if (stat.isDirectory) throw new FileError("map", path, "EISDIR");
      // A device has no end to read to (/dev/zero) and no size to map.
      if (stat.isCharDevice || stat.isBlockDevice) {
        throw new FileError("map", path, "ENODEV", { reason: "it is a device" });
      }
      this.size = stat.isFile ? stat.size : 0;
      this.kind = stat.isFile && (stat.size > 0 || !this.#hasContent()) ? "regular" : "special";
    } catch (error) {
      this.close();
      throw fileError("map", path, error);
    }
  }

  // A regular file of size 0 may still have content (/proc, /sys): one byte tells.
  #hasContent(): boolean {
    const count = this.#file.readSync(new Uint8Array(1));
    this.#file.seekSync(0, Deno.SeekMode.Start);
    return count !== null && count > 0;
  }

  read(offset: number, length: number | undefined): Uint8Array {
    try {
      if (length === undefined) return this.#readToEnd();
      this.#file.seekSync(offset, Deno.SeekMode.Start);
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const count = this.#file.readSync(bytes.subarray(done));
        if (count === null || count === 0) return bytes.slice(0, done);
        done += count;
      }
      return bytes;
    } catch (error) {
      throw fileError("read", this.#path, error);
    }
  }

  #readToEnd(): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const part = new Uint8Array(65536);
      const count = this.#file.readSync(part);
      if (count === null || count === 0) break;
      parts.push(part.subarray(0, count));
      total += count;
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  }

  map(request: MapRequest): Mapping {
    const state = load();
    if (typeof state === "string") {
      throw new FileError("map", this.#path, "ENOTSUP", { reason: state });
    }
    return mapWindow(state, this.#path, request);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
  }
}

async function openDenoFile(
  path: string,
  options: Deno.OpenOptions,
): Promise<Deno.FsFile> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, options);
  } catch (error) {
    throw fileError("open", path, error);
  }
  try {
    if ((await file.stat()).isDirectory) throw new FileError("open", path, "EISDIR");
    return file;
  } catch (error) {
    file.close();
    throw fileError("open", path, error);
  }
}

function closer(file: Deno.FsFile): () => Promise<void> {
  let closed = false;
  return (): Promise<void> => {
    if (!closed) {
      closed = true;
      file.close();
    }
    return Promise.resolve();
  };
}

async function openReader(path: string, start: number): Promise<FileReader> {
  const file = await openDenoFile(path, { read: true });
  const close = closer(file);
  if (start > 0) {
    try {
      await file.seek(start, Deno.SeekMode.Start);
    } catch (error) {
      await close();
      throw fileError("open", path, error);
    }
  }
  return {
    async read(view: Uint8Array): Promise<number> {
      try {
        return (await file.read(view)) ?? 0;
      } catch (error) {
        throw fileError("read", path, error);
      }
    },
    close,
  };
}

async function openWriter(path: string, options: WriterOptions): Promise<FileWriter> {
  const file = await openDenoFile(path, {
    write: true,
    create: options.create,
    append: options.append,
    truncate: !options.append,
  });
  return {
    async write(view: Uint8Array): Promise<number> {
      try {
        return await file.write(view);
      } catch (error) {
        throw fileError("write", path, error);
      }
    },
    async sync(): Promise<void> {
      try {
        await file.syncData();
      } catch (error) {
        throw fileError("sync", path, error);
      }
    },
    close: closer(file),
  };
}

/** The Deno adapter: maps through libc when the ffi permission is granted. */
export const denoRuntime: RuntimeAdapter = {
  name: "deno",
  get pageSize(): number {
    const state = ffiGranted() ? load() : undefined;
    return typeof state === "object" ? state.pageSize : 4096;
  },
  maxMapLength: Number.MAX_SAFE_INTEGER,
  mapUnavailable(): string | undefined {
    if (!ffiGranted()) {
      return "the ffi permission is not granted (run Deno with --allow-ffi)";
    }
    const state = load();
    return typeof state === "string" ? state : undefined;
  },
  openForMap: (path, writable) => new DenoMapHandle(path, writable),
  openReader,
  openWriter,
};
