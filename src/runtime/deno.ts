// Deno: maps through libc with Deno.dlopen (src/runtime/_deno_libc.ts), and streams with FsFile
// reads and writes in place (regular files read synchronously). Without the ffi permission
// (queried, never prompted) mapFile falls back to reading. Files to map are opened through libc
// where it can (_deno_libc_handle.ts: non-blocking, with a descriptor number), else with
// Deno.openSync after a stat of the path.
import { FileError } from "../errors.ts";
import { toFileError as wrapError } from "./_errors.ts";
import { writeAll } from "./_write_all.ts";
import { denoLibc, libcPread, mapWindow } from "./_deno_libc.ts";
import { canOpenThroughLibc, LibcMapHandle } from "./_deno_libc_handle.ts";
import { type NodeKind, refuseKind } from "./_kind.ts";
import { NodeRandomHandle } from "./_random.ts";
import { readToEnd } from "./_read_to_end.ts";
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

/** Wraps what Deno threw into a FileError; Deno's messages carry the errno of this system. */
function fileError(action: string, path: string, error: unknown): FileError {
  return wrapError(action, path, error, Deno.build.os);
}

/** The kind of file `stat` describes. */
function kindOf(stat: Deno.FileInfo): NodeKind {
  if (stat.isFile) return "file";
  if (stat.isDirectory) return "directory";
  if (stat.isCharDevice || stat.isBlockDevice) return "device";
  if (stat.isFifo) return "fifo";
  if (stat.isSocket) return "socket";
  return "other";
}

/**
 * A file opened with Deno.openSync, where libc cannot open it (no ffi permission, or no statx).
 * FsFile has no non-blocking open: the path is looked at first (stat), and a FIFO, socket or
 * device is refused before any open. What remains is a race: a FIFO put at the path between that
 * stat and the open still blocks the thread until a writer opens it.
 */
class DenoMapHandle implements MapHandle {
  readonly size: number;
  readonly kind: FileKind;
  readonly descriptor: undefined;
  readonly identity: string;
  #file: Deno.FsFile;
  #path: string;
  #closed = false;

  constructor(path: string, writable: boolean) {
    this.#path = path;
    try {
      refuseKind(path, kindOf(Deno.statSync(path)));
      this.#file = Deno.openSync(path, { read: true, write: writable });
    } catch (error) {
      throw fileError("map", path, error);
    }
    try {
      const stat = this.#file.statSync();
      refuseKind(path, kindOf(stat));
      this.identity = `${stat.dev}:${stat.ino}`;
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

  readAt(view: Uint8Array, position: number): number {
    this.#checkOpen("read");
    try {
      this.#file.seekSync(position, Deno.SeekMode.Start);
      return this.#file.readSync(view) ?? 0;
    } catch (error) {
      throw fileError("read", this.#path, error);
    }
  }

  #readToEnd(): Uint8Array {
    return readToEnd((view) => this.#file.readSync(view) ?? 0);
  }

  map(request: MapRequest): Mapping {
    const state = denoLibc();
    if (typeof state === "string") {
      throw new FileError("map", this.#path, "ENOTSUP", { reason: state });
    }
    return mapWindow(state, this.#path, request);
  }

  write(offset: number, bytes: Uint8Array): void {
    this.#checkOpen("write");
    try {
      this.#file.seekSync(offset, Deno.SeekMode.Start);
      writeAll(this.#path, bytes.length, (done) => this.#file.writeSync(bytes.subarray(done)));
    } catch (error) {
      throw fileError("write", this.#path, error);
    }
  }

  sync(): void {
    this.#checkOpen("sync");
    try {
      this.#file.syncSync();
    } catch (error) {
      throw fileError("sync", this.#path, error);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#file.close();
    } catch (error) {
      throw fileError("close", this.#path, error);
    }
  }

  #checkOpen(action: string): void {
    if (this.#closed) throw new FileError(action, this.#path, "EBADF");
  }
}

async function openDenoFile(
  path: string,
  options: Deno.OpenOptions,
): Promise<{ file: Deno.FsFile; size: number | undefined; regular: boolean }> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, options);
  } catch (error) {
    throw fileError("open", path, error);
  }
  try {
    const stat = await file.stat();
    if (stat.isDirectory) throw new FileError("open", path, "EISDIR");
    return {
      file,
      size: stat.isFile && stat.size > 0 ? stat.size : undefined,
      regular: stat.isFile,
    };
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
  const { file, size, regular } = await openDenoFile(path, { read: true });
  const close = closer(file);
  if (start > 0) {
    try {
      await file.seek(start, Deno.SeekMode.Start);
    } catch (error) {
      await close();
      throw fileError("open", path, error);
    }
  }
  // A regular file is read synchronously, as the Bun adapter does: an async read is a trip
  // through Deno's blocking-thread pool, measured at about 50 us per read (1 MiB reads of a
  // cached file: 1.6 GB/s async against 10.7 sync; 64 KiB: 1.2 against 9.5). Anything else
  // (a FIFO may wait for its writer) reads async, so the event loop never blocks on it.
  const readSync = (view: Uint8Array): number => {
    try {
      return file.readSync(view) ?? 0;
    } catch (error) {
      throw fileError("read", path, error);
    }
  };
  return {
    size,
    async read(view: Uint8Array): Promise<number> {
      if (regular) return readSync(view);
      try {
        return (await file.read(view)) ?? 0;
      } catch (error) {
        throw fileError("read", path, error);
      }
    },
    readSync: regular ? readSync : undefined,
    close,
  };
}

async function openWriter(path: string, options: WriterOptions): Promise<FileWriter> {
  const { file } = await openDenoFile(path, {
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

/**
 * Whether Deno's node:fs hands out the system's descriptors (Deno 2.7.12 and later; before, the
 * numbers were Deno's own resource ids, which libc must never be given).
 */
export function nodeFsDescriptorsAreReal(version: string = Deno.version.deno): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.+-]/).map(Number);
  return major !== 2 ? major > 2 : minor !== 7 ? minor > 7 : patch >= 12;
}

/**
 * Random access: node:fs opens the file; reads are libc's pread when libc is loaded (the ffi
 * permission), else node:fs readSync, which is pread too in Deno 2.7 and later.
 */
function openRandom(path: string): NodeRandomHandle {
  const state = denoLibc();
  const pread = typeof state === "object" && nodeFsDescriptorsAreReal()
    ? libcPread(state)
    : undefined;
  return new NodeRandomHandle(path, pread);
}

/** The Deno adapter: maps through libc when the ffi permission is granted (for libc, or all). */
export const denoRuntime: RuntimeAdapter = {
  name: "deno",
  os: Deno.build.os,
  get pageSize(): number {
    const state = denoLibc();
    return typeof state === "object" ? state.pageSize : 4096;
  },
  maxMapLength: Number.MAX_SAFE_INTEGER,
  mapUnavailable(): string | undefined {
    const state = denoLibc();
    return typeof state === "string" ? state : undefined;
  },
  openForMap(path: string, writable: boolean): MapHandle {
    const state = denoLibc();
    return typeof state === "object" && canOpenThroughLibc(state)
      ? new LibcMapHandle(state, path, writable)
      : new DenoMapHandle(path, writable);
  },
  openReader,
  openWriter,
  openRandom,
};
