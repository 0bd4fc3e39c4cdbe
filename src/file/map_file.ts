import { checkInteger, describeValue } from "../_validate.ts";
import { FileError } from "../errors.ts";
import { type MapHandle, type Mapping, runtime } from "../runtime/adapter.ts";
import { MappedBytes } from "./_mapped_file.ts";
import { toPath } from "./_path.ts";

/** Options of {@linkcode mapFile}. */
export interface MapOptions {
  /** Where the window starts in the file, in bytes; any value (page alignment is done for you). Default 0. */
  offset?: number;
  /** How many bytes the window holds. Default: from `offset` to the end of the file. */
  length?: number;
  /** A hint for the pager (madvise): `"sequential"` reads ahead, `"random"` does not. Default `"normal"`. */
  advice?: "normal" | "sequential" | "random" | "willneed";
  /**
   * Map shared and writable: writes to `bytes` reach the file (`flush()` waits for them). Default
   * false: the file is opened read-only and mapped private, so a write to `bytes` stays in this
   * process (copy-on-write) and never reaches the file.
   */
  writable?: boolean;
  /**
   * Fault every page in while mapping, so the scan takes no page faults (Linux: MADV_POPULATE_READ,
   * or MAP_POPULATE for writable maps; elsewhere a read-ahead hint). Default false.
   */
  populate?: boolean;
  /**
   * When the file cannot be mapped (no FFI, no ffi permission, a FIFO or /proc file):
   * `"read"` reads it into memory (`mapped` is false), `"error"` throws a FileError. Default `"read"`.
   */
  fallback?: "read" | "error";
}

/**
 * A file's bytes, mapped into memory (Go's `mmap`) or read into it. Close it, or let `using`
 * close it.
 *
 * Every view it hands out (`bytes`, the views of `chunks()`) aliases the mapping and copies
 * nothing: it is valid until `close()`, which detaches them all (length 0) before unmapping, so
 * no view can read unmapped memory.
 *
 * Truncating a mapped file from outside makes reads of the lost pages kill the process (SIGBUS),
 * in any language. For files other processes may truncate, use `openFile`.
 */
export interface MappedFile extends Disposable {
  /**
   * The file's bytes: a view of the mapping, no copy. It may start at a non-zero `byteOffset`
   * of its buffer (mappings start on a page boundary). After `close()` it is detached (length 0).
   */
  readonly bytes: Uint8Array;
  /** True when the bytes are mapped; false when they were read into memory or the window is empty. */
  readonly mapped: boolean;
  /** The length of `bytes` (0 after `close()`). */
  readonly byteLength: number;
  /**
   * Iterates over `bytes` in views of `size` bytes (the last may be shorter). Views, no copies:
   * valid until `close()`; the iteration stops once the file is closed.
   *
   * @throws {RangeError} When `size` is not an integer >= 1.
   */
  chunks(size: number): IterableIterator<Uint8Array>;
  /**
   * A byte stream of the bytes. It COPIES into each BYOB reader's view, and default readers get a
   * fresh `chunkSize` chunk per read (default 65536), never a view of the mapping: enqueueing a
   * view would detach the whole mapping. It errors (FileError EBADF) if the file is closed first.
   */
  readable(options?: { chunkSize?: number }): ReadableStream<Uint8Array>;
  /**
   * Writes the changes of a writable map to the file and waits for them (msync MS_SYNC). Does
   * nothing for a read-only map (its changes are private: nothing ever reaches the file), for
   * bytes read into memory, and after `close()`.
   *
   * @throws {FileError} When the operating system fails to write the pages back.
   */
  flush(): void;
  /** Detaches every view, then unmaps. Calling it again does nothing. */
  close(): void;
}

const action = "map file";
const advices = ["normal", "sequential", "random", "willneed"];

/**
 * Maps a file, or a window of it, into memory: its bytes are read in place from the page cache,
 * with no copy (Go's `syscall.Mmap`). Synchronous, like `Bun.mmap`.
 *
 * Deno maps through libc when run with `--allow-ffi` (the permission is only queried, never
 * prompted for; a list, `--allow-ffi=<paths>`, is not enough, as Deno then refuses the pointer
 * view a mapping needs); Bun always can. Otherwise, and for files with no fixed size (FIFOs, /proc files),
 * the bytes are read into memory instead and `mapped` is false, unless `fallback` is `"error"`.
 * An empty window maps nothing. The file's descriptor is closed before this returns.
 *
 * @param path The file: a path, or a `file:` URL (not on Windows yet: pass a string there).
 * @param options The window, hints, and what to do when mapping is impossible.
 * @returns The mapped file: close it (or `using`) to unmap.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL, holds a NUL byte, or
 *   an option has the wrong type.
 * @throws {RangeError} When `offset`/`length` fall outside the file, or the window is larger than
 *   one ArrayBuffer may be in this runtime (4 GiB in Bun).
 * @throws {FileError} When the file cannot be opened (`code` "ENOENT", "EACCES", "EISDIR", ...) or
 *   mapped, is a device ("ENODEV"), or with `fallback: "error"` when it would be read instead
 *   ("ENOTSUP", "ENODEV"). A writable map that cannot be mapped is "ENOTSUP", never a copy.
 *
 * @example Scanning a file in place
 * ```ts
 * import { mapFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `map-file-example-${Date.now()}.txt`);
 * writeFileSync(path, "one\ntwo\nthree\n");
 * {
 *   using file = mapFile(path, { offset: 4 });
 *   assert.equal(new TextDecoder().decode(file.bytes), "two\nthree\n");
 *   let lines = 0;
 *   for (const view of file.chunks(4)) lines += view.filter((byte) => byte === 10).length;
 *   assert.equal(lines, 2);
 * } // unmapped here: file.bytes is now empty
 * ```
 */
export function mapFile(path: string | URL, options: MapOptions = {}): MappedFile {
  const filePath = toPath(action, path);
  const settings = checkOptions(options);
  const handle = runtime.openForMap(filePath, settings.writable);
  try {
    return handle.kind === "special"
      ? readSpecial(filePath, handle, settings)
      : mapRegular(filePath, handle, settings);
  } finally {
    handle.close();
  }
}

type Settings = Required<Omit<MapOptions, "length">> & { length: number | undefined };

function mapRegular(path: string, handle: MapHandle, settings: Settings): MappedFile {
  const { offset, length } = checkWindow(path, handle.size, settings);
  if (length === 0) return new MappedBytes(path, new Uint8Array(0));
  const unavailable = runtime.mapUnavailable();
  if (unavailable !== undefined) {
    if (settings.fallback === "error" || settings.writable) {
      const wanted = settings.writable ? "a writable map needs a mapping, but " : "";
      throw new FileError("map", path, "ENOTSUP", { reason: wanted + unavailable });
    }
    return new MappedBytes(path, handle.read(offset, length));
  }
  const alignedOffset = offset - (offset % runtime.pageSize);
  const delta = offset - alignedOffset;
  if (delta + length > runtime.maxMapLength) {
    throw new RangeError(
      `Cannot ${action} as length must be at most ${
        runtime.maxMapLength - delta
      } bytes in this runtime (map smaller windows with offset and length): received ${length} at offset ${offset} for ${
        JSON.stringify(path)
      }`,
    );
  }
  let mapping: Mapping;
  try {
    mapping = handle.map({
      offset: alignedOffset,
      length: delta + length,
      writable: settings.writable,
      populate: settings.populate,
      advice: settings.advice,
    });
  } catch (error) {
    // A regular file on a file system that cannot map (sysfs, some FUSE): read it instead.
    if (error instanceof FileError && error.code === "ENODEV" && settings.fallback === "read") {
      return readSpecial(path, handle, settings);
    }
    throw error;
  }
  const bytes = new Uint8Array(mapping.buffer, delta, length);
  return new MappedBytes(path, bytes, mapping, settings.writable);
}

function readSpecial(path: string, handle: MapHandle, settings: Settings): MappedFile {
  if (settings.fallback === "error" || settings.writable) {
    throw new FileError("map", path, "ENODEV", {
      reason:
        "it is not a regular file of known size (a FIFO, device or /proc file): it can only be read",
    });
  }
  const all = handle.read(0, undefined);
  const { offset, length } = checkWindow(path, all.length, settings);
  const bytes = offset === 0 && length === all.length ? all : all.slice(offset, offset + length);
  return new MappedBytes(path, bytes);
}

function checkWindow(
  path: string,
  size: number,
  settings: Settings,
): { offset: number; length: number } {
  const { offset } = settings;
  if (offset > size) {
    throw new RangeError(
      `Cannot ${action} as offset must be at most the file size (${size} bytes) of ${
        JSON.stringify(path)
      }: received ${offset}`,
    );
  }
  const length = settings.length ?? size - offset;
  if (offset + length > size) {
    throw new RangeError(
      `Cannot ${action} as offset + length must be at most the file size (${size} bytes) of ${
        JSON.stringify(path)
      }: received offset ${offset} + length ${length}`,
    );
  }
  return { offset, length };
}

function checkOptions(options: MapOptions): Settings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot ${action} as options must be an object: received ${describeValue(options)}`,
    );
  }
  const { advice = "normal", fallback = "read" } = options;
  if (!advices.includes(advice)) {
    throw new TypeError(
      `Cannot ${action} as advice must be "normal", "sequential", "random" or "willneed": received ${
        describeValue(advice)
      }`,
    );
  }
  if (fallback !== "read" && fallback !== "error") {
    throw new TypeError(
      `Cannot ${action} as fallback must be "read" or "error": received ${describeValue(fallback)}`,
    );
  }
  return {
    offset: options.offset === undefined ? 0 : checkInteger(action, "offset", options.offset),
    length: options.length === undefined
      ? undefined
      : checkInteger(action, "length", options.length),
    advice,
    fallback,
    writable: checkFlag("writable", options.writable),
    populate: checkFlag("populate", options.populate),
  };
}

function checkFlag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a boolean: received ${describeValue(value)}`,
    );
  }
  return value;
}
