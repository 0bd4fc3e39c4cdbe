// The one interface every runtime implements for the file sources, and the choice of runtime.
// Each runtime is one file loaded once by a literal dynamic import() (Deno cannot even load a module
// graph that statically names `bun:ffi`); the core in src/file/ only ever talks to `runtime`.

/** The kinds of file `openForMap` tells apart. */
export type FileKind =
  /** A regular file whose size is known: it can be mapped. */
  | "regular"
  /** Not mappable: a FIFO, a device, or a file that reports size 0 yet has content (/proc). */
  | "special";

/**
 * A file opened by `openForMap`: its size, the two ways to get at its bytes, and (opened writable)
 * the way to put bytes read into memory back.
 */
export interface MapHandle {
  /** The size the file reports (0 for a "special" file, whose real size is only known by reading). */
  readonly size: number;
  /** Whether the bytes can be mapped at all. */
  readonly kind: FileKind;
  /**
   * The descriptor's number, which every thread of this process may use: on Linux,
   * `/proc/self/fd/N` opens this same file, whatever has become of its path since. Undefined where
   * the runtime does not give it (Deno without the ffi permission).
   */
  readonly descriptor: number | undefined;
  /** Which file this is, whatever its path: its device and inode (`"dev:ino"`). */
  readonly identity: string;
  /** Reads `length` bytes from `offset` into fresh memory; `length` undefined reads to the end. */
  read(offset: number, length: number | undefined): Uint8Array;
  /**
   * One positional read into the caller's memory: fills the start of `view` from byte `position`
   * and returns the count, 0 at the end of the file (a short count is not the end). Throws a
   * FileError naming the path, "EBADF" once closed.
   */
  readAt(view: Uint8Array, position: number): number;
  /** Maps the window; `offset` is a multiple of the page size. Only when `mapUnavailable()` is undefined. */
  map(request: MapRequest): Mapping;
  /**
   * Writes all of `bytes` to the file at `offset` (positioned writes, looping over short ones);
   * only on a handle opened writable. Throws FileError "EBADF" once closed.
   */
  write(offset: number, bytes: Uint8Array): void;
  /** Waits until the file's data reaches the device (fsync). Throws FileError "EBADF" once closed. */
  sync(): void;
  /**
   * Closes the descriptor; the mapping (if any) stays valid until released. Calling it again does
   * nothing; the descriptor counts as closed even when closing it throws (a FileError).
   */
  close(): void;
}

/** What to map: a page-aligned window of the file. */
export interface MapRequest {
  /** Start of the window in the file; a multiple of `pageSize`. */
  readonly offset: number;
  /** Bytes from `offset`; > 0 and within the file. */
  readonly length: number;
  /** Map shared and writable, so changes reach the file. */
  readonly writable: boolean;
  /** Pre-fault the pages where the operating system can. */
  readonly populate: boolean;
  /** The madvise hint. */
  readonly advice: "normal" | "sequential" | "random" | "willneed";
}

/** A live mapping. The core detaches `buffer` before it calls `release()`. */
export interface Mapping {
  /** An ArrayBuffer over exactly the mapped window (`MapRequest.length` bytes). */
  readonly buffer: ArrayBuffer;
  /** Writes changed pages back to the file and waits (msync MS_SYNC). */
  flush(): void;
  /** Unmaps. Called once, after `buffer` was detached by the core. */
  release(): void;
  /**
   * Called instead of `release()` when `buffer` was found detached by someone else (a transfer or
   * a byte-stream enqueue moved the memory to another ArrayBuffer): the adapter must not unmap
   * memory that another ArrayBuffer may still point at.
   */
  abandon(): void;
}

/** Reads a file front to back into the caller's views. */
export interface FileReader {
  /**
   * The file's size when it says one: a regular file of more than 0 bytes. Undefined for FIFOs,
   * devices and empty-looking files (/proc files report 0 yet have content).
   */
  readonly size: number | undefined;
  /** Fills the start of `view` in place; resolves with the count of bytes, 0 at the end of file. */
  read(view: Uint8Array): Promise<number>;
  /**
   * Regular files only (undefined for FIFOs, pipes, devices, whose reads may wait): the same read
   * as `read`, made synchronously, without a promise; the count, 0 at the end of file.
   */
  readonly readSync?: (view: Uint8Array) => number;
  /** Closes the descriptor; safe to call more than once (later calls share the first's promise). */
  close(): Promise<void>;
}

/** Writes to a file from the caller's views. */
export interface FileWriter {
  /** Writes from `view` in place; resolves with the count the OS took (may be short). */
  write(view: Uint8Array): Promise<number>;
  /** Flushes the file's data to the device (fdatasync). */
  sync(): Promise<void>;
  /** Closes the descriptor; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * A regular file opened by `openRandom` for positional reads (pread): no file offset is shared
 * between reads, so any number of them may be in progress on one handle.
 */
export interface RandomHandle {
  /** The file's size when it was opened (what fstat said). */
  readonly size: number;
  /**
   * One positional read: fills the start of `view` in place from byte `position` of the file, and
   * returns the count of bytes, 0 at the end of the file (a count short of `view.length` is not
   * the end). Throws a FileError naming the path and offset, "EBADF" once closed.
   */
  readAt(view: Uint8Array, position: number): number;
  /** Closes the descriptor; calling it again does nothing. */
  close(): void;
}

/** Options for `openWriter`. */
export interface WriterOptions {
  /** Write at the end of the file; otherwise the file is truncated. */
  readonly append: boolean;
  /** Create the file when missing; otherwise a missing file is ENOENT. */
  readonly create: boolean;
}

/** What the file sources need from a runtime. Errors are `FileError`s naming the path. */
export interface RuntimeAdapter {
  /** "deno", "bun" or "fallback". */
  readonly name: string;
  /** The operating system, in Deno's words: "linux", "darwin", "windows", ... */
  readonly os: string;
  /** The memory page size: mapped windows start at a multiple of it. */
  readonly pageSize: number;
  /** The largest mapped window one ArrayBuffer can hold in this runtime. */
  readonly maxMapLength: number;
  /** Why mapping is impossible right now (never prompts), or undefined when it works. */
  mapUnavailable(): string | undefined;
  /**
   * Opens `path` to map or read it; `writable` opens it read-write. Never blocks on a file that is
   * not regular: a FIFO, a socket or a device is a FileError "ENODEV" naming its kind, a directory
   * "EISDIR".
   */
  openForMap(path: string, writable: boolean): MapHandle;
  /** Opens `path` for reading from byte `start` on. */
  openReader(path: string, start: number): Promise<FileReader>;
  /** Opens `path` for writing. */
  openWriter(path: string, options: WriterOptions): Promise<FileWriter>;
  /**
   * Opens `path` for positional reads, without blocking on a FIFO (a non-blocking open, then
   * fstat). Only a regular file is kept: a directory is "EISDIR", a FIFO or socket "ESPIPE", a
   * device "ENODEV", each named in the message.
   */
  openRandom(path: string): RandomHandle;
}

async function loadRuntime(): Promise<RuntimeAdapter> {
  const global = globalThis as { Deno?: { version?: unknown }; Bun?: unknown };
  if (typeof global.Bun === "object" && global.Bun !== null) {
    return (await import("./bun.ts")).bunRuntime;
  }
  if (typeof global.Deno === "object" && global.Deno?.version !== undefined) {
    return (await import("./deno.ts")).denoRuntime;
  }
  return (await import("./fallback.ts")).fallbackRuntime;
}

/** The adapter of the runtime this code runs in, chosen once when the module loads. */
export const runtime: RuntimeAdapter = await loadRuntime();
