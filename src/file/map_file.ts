import { runtime } from "../runtime/adapter.ts";
import { mapWith } from "./_map.ts";

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
   *
   * When mapping is impossible and `fallback` is `"read"`, the window is read into memory instead
   * (`mapped` is false) and the file stays open read-write: `flush()` and `close()` write the
   * whole window back to the file at `offset` and wait for the device (fsync). Until then the
   * file does not see the writes, and the bytes do not see changes others make to the file.
   */
  writable?: boolean;
  /**
   * Fault every page in while mapping, so the scan takes no page faults (Linux: MADV_POPULATE_READ,
   * or MAP_POPULATE for writable maps; elsewhere a read-ahead hint). Default false.
   */
  populate?: boolean;
  /**
   * When the file cannot be mapped (no FFI, no ffi permission, a /proc file):
   * `"read"` reads it into memory (`mapped` is false), `"error"` throws a FileError. Default `"read"`.
   * A writable window read into memory is written back by `flush()` and `close()`. A /proc file,
   * or a window the file cannot fill (a sysfs file claims 4096 bytes, or the file shrank), cannot
   * be written back, so writable is refused there ("ENODEV"). A FIFO, socket or device is refused
   * either way ("ENODEV"): reading it could wait for another process without end.
   */
  fallback?: "read" | "error";
}

/**
 * A file's bytes, mapped into memory (Go's `mmap`) or read into it. Close it, or let `using`
 * close it.
 *
 * Every view it hands out (`bytes`, the views of `chunks()`) aliases the mapping (or the memory
 * the bytes were read into) and copies nothing: it is valid until `close()`, which detaches them
 * all (length 0) before unmapping, so no view can read unmapped memory. Bytes read into memory
 * follow the same rule, so code never depends on how the file was opened.
 *
 * A writable file read into memory (no mapping possible) keeps its descriptor open read-write
 * until `close()`, and writes the window back on `flush()` and on `close()`. If it is dropped
 * without `close()`, the descriptor is closed once it is garbage collected, and changes made since
 * the last `flush()` are lost.
 *
 * Truncating a mapped file from outside makes reads of the lost pages kill the process (SIGBUS),
 * in any language. For files other processes may truncate, use `openFile`.
 */
export interface MappedFile extends Disposable {
  /**
   * The file's bytes: a view of the mapping (or of the memory they were read into), no copy. It
   * may start at a non-zero `byteOffset` of its buffer (mappings start on a page boundary). After
   * `close()` it is detached (length 0).
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
   * fresh `chunkSize` chunk per read (default 65536, at most 2^30), never a view of the mapping:
   * enqueueing a view would detach the whole mapping. It errors (FileError EBADF) if the file is
   * closed first.
   */
  readable(options?: { chunkSize?: number }): ReadableStream<Uint8Array>;
  /**
   * Writes the changes of a writable map to the file and waits for them (msync MS_SYNC). A
   * writable file read into memory writes its whole window back at its offset, then waits for the
   * device (fsync). Does nothing for a read-only map (its changes are private: nothing ever
   * reaches the file), for read-only bytes read into memory, and after `close()`.
   *
   * @throws {FileError} When the operating system fails to write the bytes back, or (bytes read
   *   into memory) when `bytes`' buffer was moved to another ArrayBuffer by a transfer or a BYOB
   *   read into it ("EBADF"): the changes are where this object cannot reach them.
   */
  flush(): void;
  /**
   * Detaches every view, then unmaps. A writable file read into memory first writes its window
   * back (as `flush()` does), then detaches the views and closes its descriptor even when that
   * write failed, and throws the failure after. Calling it again does nothing.
   *
   * @throws {FileError} For a writable file read into memory, when writing it back fails.
   */
  close(): void;
}

/**
 * Maps a file, or a window of it, into memory: its bytes are read in place from the page cache,
 * with no copy (Go's `syscall.Mmap`). Synchronous, like `Bun.mmap`.
 *
 * Deno maps through libc when run with `--allow-ffi` (the permission is only queried, never
 * prompted for; a list, `--allow-ffi=<paths>`, is not enough, as Deno then refuses the pointer
 * view a mapping needs); Bun always can. Otherwise, and for files that report size 0 yet have
 * content (/proc files), the bytes are read into memory instead and `mapped` is false, unless
 * `fallback` is `"error"`. A writable window read into memory is written back to the file by
 * `flush()` and `close()`, and keeps its descriptor open until `close()`; a writable /proc file,
 * or a window the file cannot fill (sysfs), is refused ("ENODEV"). An empty window maps nothing.
 * Otherwise the file's descriptor is closed before this returns.
 *
 * Never blocks on a file that is not regular: the file is opened non-blocking and its kind read
 * from the open descriptor (Deno without `--allow-ffi`: from the path, just before it is opened),
 * and a FIFO, socket or device is refused with a FileError "ENODEV" naming its kind. Stream those
 * with `openFile`.
 *
 * A read-only map is private and copy-on-write, without reserving memory for copies
 * (MAP_NORESERVE): a file larger than memory maps, and only the pages written to get copies.
 *
 * @param path The file: a path, or a `file:` URL (not on Windows yet: pass a string there).
 * @param options The window, hints, and what to do when mapping is impossible.
 * @returns The mapped file: close it (or `using`) to unmap.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL, holds a NUL byte,
 *   `options` is neither undefined nor a plain object, or an option has the wrong type (`null`
 *   included: only `undefined` means the default).
 * @throws {RangeError} When `offset`/`length` fall outside the file, or the window is larger than
 *   one ArrayBuffer may be in this runtime (4 GiB in Bun).
 * @throws {FileError} When the file cannot be opened (`code` "ENOENT", "EACCES", "EISDIR", ...) or
 *   mapped, is a FIFO, socket or device ("ENODEV", the message names which), or with
 *   `fallback: "error"` when it would be read instead ("ENOTSUP", "ENODEV"), or is `writable` and
 *   a /proc file or a window the file cannot fill ("ENODEV").
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
 *
 * @example Changing a window of a file
 * ```ts
 * import { mapFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { readFileSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `map-file-writable-example-${Date.now()}.txt`);
 * writeFileSync(path, "hello world");
 * {
 *   using file = mapFile(path, { writable: true, offset: 6 });
 *   file.bytes.set(new TextEncoder().encode("WORLD"));
 * } // mapped: the writes are in the file already; read into memory: close() wrote them back
 * assert.equal(readFileSync(path, "utf8"), "hello WORLD");
 * ```
 */
export function mapFile(path: string | URL, options?: MapOptions): MappedFile {
  return mapWith(runtime, path, options);
}
