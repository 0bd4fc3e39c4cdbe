import { checkInteger, checkOptions, MAX_ALLOCATION } from "../_validate.ts";
import { runtime } from "../runtime/adapter.ts";
import { offerDirectRead } from "../plumbing/_direct.ts";
import { closeWhenCollected, release } from "./_forgotten.ts";
import { toPath } from "./_path.ts";

/** Options of {@linkcode openFile}. */
export interface OpenFileOptions {
  /**
   * The first byte to read. Default 0. At most the file's size (equal gives an empty stream);
   * needs a file that can seek (not a FIFO) when > 0.
   */
  start?: number;
  /**
   * The byte to stop before (exclusive, like `Blob.slice`), >= `start`. Default: the end of the
   * file; an `end` past it reads to the end of the file.
   */
  end?: number;
  /**
   * The largest chunk a default (non-BYOB) read gets, at most 2^30. Default 1 MiB (1048576): a read costs
   * about the same whatever its size, so large chunks stream several times faster.
   */
  chunkSize?: number;
}

const action = "open file";
const defaultChunkSize = 1 << 20;

/**
 * Opens a file as a byte stream (Go's `os.File.Read(buf)` loop on Web Streams).
 *
 * A BYOB reader's view is handed to the operating system's read as is: the bytes land in the
 * caller's buffer with no copy in between, so one buffer can be reused for a whole file
 * (`reader.read(value)` again with the view a read returned). `chunks(stream, buf)` goes further:
 * it has the file read straight into `buf`, past the stream's queue, so `buf` is never transferred
 * (in Bun, where a transfer copies the buffer, 1.7x the throughput). Default readers get a fresh
 * chunk of up to `chunkSize` bytes per read (1 MiB by default), which they own; a short read gets a
 * chunk of its own size. The stream reads until the end of file (FIFOs, /proc files: until the
 * writer closes), so the size need not be known, and the file may change while it is read: use this
 * rather than `mapFile` for files other processes may truncate.
 *
 * The descriptor is closed when the stream ends, errors, or is cancelled: cancel it (or break out
 * of a `for await`) when stopping early. A stream dropped half-read has it closed when it is
 * garbage collected, which may be much later. A read in progress on a FIFO or pipe cannot be
 * interrupted: cancelling resolves at once, but the descriptor stays open until that read
 * returns, that is until the writer writes or closes its end. Opening a FIFO waits for a writer
 * without blocking the thread (the open runs off it): the promise resolves once one opens it.
 *
 * @param path The file: a path, or a `file:` URL (not on Windows yet: pass a string there).
 * @param options The range to read and the default chunk size.
 * @returns A `type: "bytes"` ReadableStream of the file's bytes.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL or holds a NUL byte,
 *   `options` is neither undefined nor a plain object, or an option is not a number.
 * @throws {RangeError} When `start`, `end` or `chunkSize` is not an integer in range: `end` <
 *   `start`, `start` past the end of a file of known size (the message names the size), or
 *   `chunkSize` over 2^30 (1 GiB, the most a read may allocate up front).
 * @throws {FileError} When the file cannot be opened (`code` "ENOENT", "EACCES", "EISDIR", ...);
 *   read errors error the stream with a FileError.
 *
 * @example Reading a file with one reused buffer
 * ```ts
 * import { openFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `open-file-example-${Date.now()}.txt`);
 * writeFileSync(path, "one\ntwo\nthree\n");
 * const reader = (await openFile(path, { start: 4 })).getReader({ mode: "byob" });
 * let buffer = new Uint8Array(4);
 * let text = "";
 * for (;;) {
 *   const { done, value } = await reader.read(buffer); // the file's bytes land in buffer
 *   if (done) break;
 *   text += new TextDecoder().decode(value);
 *   buffer = new Uint8Array(value.buffer); // the same memory, handed back for the next read
 * }
 * assert.equal(text, "two\nthree\n");
 * ```
 */
export async function openFile(
  path: string | URL,
  options?: OpenFileOptions,
): Promise<ReadableStream<Uint8Array>> {
  const filePath = toPath(action, path);
  options = checkOptions(action, options) as OpenFileOptions;
  const start = options.start === undefined ? 0 : checkInteger(action, "start", options.start);
  const end = options.end === undefined ? undefined : checkInteger(action, "end", options.end);
  if (end !== undefined && end < start) {
    throw new RangeError(
      `Cannot ${action} as end must be >= start (${start}): received end ${end} for ${
        JSON.stringify(filePath)
      }`,
    );
  }
  const chunkSize = options.chunkSize === undefined
    ? defaultChunkSize
    : checkInteger(action, "chunkSize", options.chunkSize, 1, MAX_ALLOCATION);
  const reader = await runtime.openReader(filePath, start);
  if (reader.size !== undefined && start > reader.size) {
    await reader.close();
    throw new RangeError(
      `Cannot ${action} as start must be at most the file size (${reader.size} bytes) of ${
        JSON.stringify(filePath)
      }: received ${start}`,
    );
  }
  let remaining = end === undefined ? Infinity : end - start;
  let position = start;
  let reading = false;
  let ended = false; // closed, errored or cancelled
  // A default-read chunk whose few bytes were copied out: memory for the next default read.
  let spare: Uint8Array<ArrayBuffer> | undefined;
  /** Memory for a default read: `chunkSize`, but no more than the range or the file has left. */
  function chunk(): Uint8Array<ArrayBuffer> {
    const left = reader.size === undefined ? 0 : reader.size - position;
    const size = Math.min(chunkSize, remaining, left > 0 ? left : chunkSize);
    const reused = spare?.length === size ? spare : new Uint8Array(size);
    spare = undefined;
    return reused;
  }
  /** Reads into `target` (at most `remaining` bytes long); closes the file on a failed read. */
  async function readSome(target: Uint8Array): Promise<number> {
    let count = 0;
    try {
      reading = true;
      if (target.length > 0) count = await reader.read(target);
    } catch (error) {
      ended = true;
      await release(reader);
      throw error;
    } finally {
      reading = false;
    }
    remaining -= count;
    position += count;
    return count;
  }
  /** Closes the file and the stream, at the end of the file or of the range. */
  async function finish(): Promise<void> {
    ended = true;
    await release(reader);
    streamController.close();
  }
  let streamController: ReadableByteStreamController;
  const stream = new ReadableStream({
    type: "bytes",
    start(controller): void {
      streamController = controller;
    },
    async pull(controller): Promise<void> {
      const request = controller.byobRequest;
      const view = request?.view;
      // A BYOB read lands in the reader's view; a default read in a fresh chunk that owns its whole
      // ArrayBuffer, so byte transforms take it over instead of copying it. (An aligned chunk,
      // allocateAligned's view 48 bytes in, was measured slower: 0.97 against 1.48 GB/s through
      // FixedChunkStream in Deno, 1.18 against 1.59 in Bun, as every transform copied it.)
      const target = view
        ? new Uint8Array(view.buffer, view.byteOffset, Math.min(view.byteLength, remaining))
        : chunk();
      const count = await readSome(target);
      if (count === 0) {
        await finish();
        request?.respond(0);
        return;
      }
      if (request) {
        request.respond(count);
      } else if (count * 2 < target.length) {
        // A short read (a pipe, a growing file): a chunk of its own size, not a mostly empty one.
        controller.enqueue(target.slice(0, count));
        spare = target as Uint8Array<ArrayBuffer>;
      } else {
        controller.enqueue(target.subarray(0, count));
      }
      if (remaining === 0) {
        await finish();
        // A BYOB read that arrived meanwhile waits on a request only respond(0) settles.
        controller.byobRequest?.respond(0);
      }
    },
    async cancel(): Promise<void> {
      ended = true;
      const closing = release(reader);
      // A read blocked on a FIFO or pipe cannot be interrupted, and Bun's close waits for it: the
      // cancel must not wait for a writer that may never write. The descriptor is closed once that
      // read returns (Deno behaves so on its own).
      if (reading) closing.catch(() => {});
      else await closing;
    },
  }) as ReadableStream<Uint8Array>;
  // chunks() and ByteBuffer.readFrom() read straight into their memory while they hold the
  // stream's lock, as long as the queue is empty (a byte stream with highWaterMark 0 queues only
  // what a read left over) and no pull is in flight.
  offerDirectRead(stream, () => {
    if (ended || reading || streamController.desiredSize !== 0) return undefined;
    const read = async (view: Uint8Array): Promise<number> => {
      if (ended) return 0;
      let count: number;
      try {
        count = await readSome(view.length > remaining ? view.subarray(0, remaining) : view);
      } catch (error) {
        streamController.error(error);
        throw error;
      }
      if (count === 0 || remaining === 0) await finish();
      return count;
    };
    // A regular file is read synchronously anyway: while its reads give bytes, they are taken
    // without a promise (chunks() and scan() then step with no promise of their own). The end of
    // the file or range, and a failed read, are left to `read`, which reads again and closes the
    // file and the stream.
    const readSync = reader.readSync;
    const readReady = readSync === undefined
      ? undefined
      : (view: Uint8Array): number | undefined => {
        if (ended || remaining === 0) return undefined;
        let count: number;
        try {
          count = readSync(view.length > remaining ? view.subarray(0, remaining) : view);
        } catch {
          return undefined;
        }
        if (count === 0) return undefined;
        remaining -= count;
        position += count;
        return count;
      };
    return { read, readReady };
  });
  closeWhenCollected(stream, reader);
  return stream;
}
