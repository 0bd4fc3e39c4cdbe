import { runtime } from "../runtime/adapter.ts";
import { toPath } from "../file/_path.ts";
import { RandomAccess } from "./_random_access_file.ts";

/** Options of {@linkcode RandomAccessFile.stream}. */
export interface SectionStreamOptions {
  /**
   * The largest chunk a default (non-BYOB) read gets. Default 1 MiB (1048576), as `openFile`'s:
   * no chunk is larger than what is left of the section or of the file.
   */
  chunkSize?: number;
}

/**
 * A regular file opened for random access (Go's `os.File` as an `io.ReaderAt`, and
 * `io.SectionReader` as streams): reads at any offset into the caller's memory, each one a
 * positional read (`pread`) that moves no shared file offset, so reads may overlap freely.
 *
 * Nothing it returns is a copy: `readAt` and `readFullAt` resolve with a view of the caller's own
 * buffer (`buffer.subarray(0, n)`), which is never transferred or detached, and a section stream
 * reads into each reader's memory. The reads are synchronous system calls on a regular file (from
 * the page cache, or the disk when the bytes are not cached, which holds the thread that long, as
 * `openFile`'s reads do); the promises settle at once.
 *
 * Close it (or let `using` / `await using` close it) when done: `close()` releases the descriptor.
 * A file dropped without `close()` has its descriptor closed when it is garbage collected, which
 * may be much later; a section stream keeps its file from being collected while the stream lives.
 */
export interface RandomAccessFile extends Disposable, AsyncDisposable {
  /** The path as the caller named it (a `file:` URL as its path). */
  readonly path: string;
  /**
   * The file's size in bytes when it was opened (Go's `Size`). Reads go to the file's real end,
   * so a file that grew since is read past `size`, and one that shrank ends sooner.
   */
  readonly size: number;
  /** Whether `close()` was called. */
  readonly closed: boolean;
  /**
   * Reads from byte `offset` of the file into `buffer` until it is full or the file ends (Go's
   * `ReaderAt.ReadAt`), and resolves with the view of `buffer` that was filled:
   * `buffer.subarray(0, n)`, the same memory, no copy. It is shorter than `buffer` only at the end
   * of the file (Go's `io.EOF`): empty when `offset` is at or past the end. An empty `buffer`
   * reads nothing. Any number of reads may be in progress on one file at once.
   *
   * @param buffer Where the bytes go: any `Uint8Array` (a window of a larger buffer, shared memory).
   * @param offset The file offset of the first byte, an integer >= 0.
   * @returns The filled start of `buffer`.
   * @throws {TypeError} When `buffer` is not a `Uint8Array` or is detached, or `offset` not a number.
   * @throws {RangeError} When `offset` is not an integer >= 0.
   * @throws {FileError} When the file was closed ("EBADF") or the read fails; the message names
   *   the path and the offset.
   */
  readAt(buffer: Uint8Array, offset: number): Promise<Uint8Array>;
  /**
   * Fills all of `buffer` from byte `offset` of the file, like `readAt`, and resolves with
   * `buffer` itself; when the file ends first it rejects with an {@linkcode UnexpectedEofError}
   * (Go's `io.ErrUnexpectedEOF`) whose `partial` is the view of `buffer` that was filled (empty
   * when `offset` is at or past the end) and whose message names the path and offsets.
   *
   * @param buffer Where the bytes go.
   * @param offset The file offset of the first byte, an integer >= 0.
   * @returns `buffer`, full.
   * @throws {TypeError} When `buffer` is not a `Uint8Array` or is detached, or `offset` not a number.
   * @throws {RangeError} When `offset` is not an integer >= 0.
   * @throws {UnexpectedEofError} When the file ends before `buffer` is full.
   * @throws {FileError} When the file was closed ("EBADF") or the read fails.
   */
  readFullAt(buffer: Uint8Array, offset: number): Promise<Uint8Array>;
  /**
   * Bytes `[offset, offset + length)` of the file as a byte stream (`type: "bytes"`; Go's
   * `io.NewSectionReader(f, offset, length)` read to its end). `length` left out: to the end of
   * the file. The section ends early where the file does; an `offset` past the end gives an empty
   * stream. Each read is one positional read straight into the reader's memory: a BYOB reader's
   * view (no copy), the buffer of `chunks()` or `ByteBuffer.readFrom()` (which read past the
   * stream's queue, as from `openFile`, so their buffer is never transferred), or a fresh chunk of
   * up to `chunkSize` bytes that a default reader owns. Streams of one file are independent and
   * may be read at the same time as each other and as `readAt`.
   *
   * Ending or cancelling the stream leaves the file open; closing the file first errors the
   * stream's next read with the FileError "EBADF".
   *
   * @param offset The first byte (default 0), an integer >= 0.
   * @param length How many bytes at most (default: to the end of the file), an integer >= 0.
   * @param options `chunkSize` of default reads.
   * @returns A byte stream of the section.
   * @throws {TypeError} When an argument is not a number, or `options` not an object.
   * @throws {RangeError} When `offset`, `length` or `chunkSize` is not an integer in range.
   * @throws {FileError} When the file was closed ("EBADF").
   */
  stream(
    offset?: number,
    length?: number,
    options?: SectionStreamOptions,
  ): ReadableStream<Uint8Array<ArrayBuffer>>;
  /**
   * Closes the descriptor. Calling it again does nothing. Reads after it reject with the
   * FileError "EBADF".
   *
   * @throws {FileError} When the operating system fails to close the descriptor (it counts as
   *   closed all the same).
   */
  close(): void;
}

/**
 * Opens a regular file for random access: `readAt` into your own buffer at any offset (Go's
 * `os.File.ReadAt`), and any section of it as a byte stream (Go's `io.SectionReader`).
 *
 * Reads are positional (`pread`) in every runtime: in Bun and Node through `node:fs`'s
 * `readSync(fd, view, 0, length, position)`; in Deno through libc's `pread` when FFI is allowed
 * (`--allow-ffi`), else through `node:fs` as well, which since Deno 2.7 is `pread` on a real
 * descriptor too (older Deno seeks and reads, made safe by the reads being synchronous). No read
 * moves a file offset another read depends on, and none copies between the system and your
 * buffer.
 *
 * The file is opened read-only and without blocking, so a path naming a FIFO cannot hold the
 * thread waiting for a writer; only a regular file is accepted.
 *
 * @param path The file: a path, or a `file:` URL (not on Windows yet: pass a string there).
 * @returns The open file: close it (or `using`) to release its descriptor.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL, or holds a NUL byte.
 * @throws {FileError} When the file cannot be opened (`code` "ENOENT", "EACCES", ...) or is not a
 *   regular file: a directory ("EISDIR"), a FIFO or socket ("ESPIPE"), a device ("ENODEV"), with
 *   the path and what it is in the message.
 *
 * @example Reading a record at an offset into your own buffer
 * ```ts
 * import { openRandomAccess } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `random-access-example-${Date.now()}.txt`);
 * writeFileSync(path, "some io.Reader stream to be read\n");
 * const file = await openRandomAccess(path);
 * try {
 *   assert.equal(file.size, 33);
 *   const buffer = new Uint8Array(6);
 *   const view = await file.readAt(buffer, 15); // Go: f.ReadAt(buf, 15)
 *   assert.equal(new TextDecoder().decode(view), "stream");
 *   assert.equal(view.buffer, buffer.buffer); // your memory, filled in place
 *   const tail = await file.readAt(new Uint8Array(8), 30); // the end of the file: a short view
 *   assert.equal(new TextDecoder().decode(tail), "ad\n");
 * } finally {
 *   file.close();
 * }
 * ```
 *
 * @example A section as a byte stream (Go's `io.NewSectionReader(f, 5, 17)`)
 * ```ts
 * import { openRandomAccess } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `random-access-section-${Date.now()}.txt`);
 * writeFileSync(path, "some io.Reader stream to be read\n");
 * await using file = await openRandomAccess(path);
 * const text = await new Response(file.stream(5, 17)).text();
 * assert.equal(text, "io.Reader stream ");
 * ```
 */
export function openRandomAccess(path: string | URL): Promise<RandomAccessFile> {
  try {
    const filePath = toPath("open for random access", path);
    return Promise.resolve(new RandomAccess(filePath, runtime.openRandom(filePath)));
  } catch (error) {
    return Promise.reject(error);
  }
}
