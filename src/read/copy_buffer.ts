/**
 * Copying a stream to a sink through one reused buffer (Go's `io.CopyBuffer`).
 *
 * @module
 */

import { allocateAligned } from "../_aligned.ts";
import { checkBytes, checkFlag, checkOptions, isDetached } from "../_validate.ts";
import { ChunkReader } from "../plumbing/_chunk_reader.ts";
import { retainsChunks } from "../plumbing/_record_source.ts";
import {
  acquireReader,
  cancelQuietly,
  checkReadableStream,
  checkTransferable,
  checkWritableStream,
} from "../plumbing/_stream.ts";

const action = "copy src to dst";

/** Options of {@link copyBuffer}. */
export interface CopyBufferOptions {
  /** Leave `dst` open at the end of `src` (default `false`: `dst` is closed, like `pipeTo`). */
  preventClose?: boolean;
}

/**
 * Copies `src` to `dst` through one buffer reused end to end, like Go's `io.CopyBuffer`, and
 * resolves to the number of bytes copied.
 *
 * A byte stream is read with a BYOB reader straight into `buf` (no copy) and each filled view is
 * written to `dst`; the next read waits until that write has finished (the sink's `write()`
 * settled), so the buffer is never refilled while the sink may still use it. Any other stream
 * hands its chunks over as they are, without touching `buf` (copying them would only add a copy,
 * as Go skips the buffer when the source implements `WriterTo`); zero-length chunks are skipped.
 *
 * Lifetime: the sink must not keep a view after its `write()` settled (Go: "Write must not retain
 * p"): copy what you keep. A `TransformStream` whose readable side has a `highWaterMark` above 0
 * does keep it (queued), and its reader would find it detached: copy before such a sink. `buf` is
 * transferred at the first read (it becomes empty); should the sink take the memory (detach it), a
 * new buffer of the same size replaces it. The writable side of {@link DelimiterStream} or
 * {@link LineStream} keeps what it is written (its records are views of it), so for such a `dst`
 * each read gets a new buffer of the same size instead of the reused one.
 *
 * Errors, as `pipeTo`: when `src` errors, `dst` is aborted with the error; when `dst` errors,
 * `src` is cancelled with the error; the promise rejects with that error. Both locks are released
 * on every path. At the end of `src`, `dst` is closed unless `options.preventClose`.
 *
 * @param src The stream to copy; locked until the copy ends.
 * @param dst The sink; locked until the copy ends.
 * @param buf The buffer to reuse (not empty; default: a new 32 KiB buffer, Go's default size,
 * placed so that the kernel's copy into it runs at full speed: 48 bytes into its ArrayBuffer).
 * @param options `preventClose` to leave `dst` open.
 * @returns The number of bytes written to `dst`.
 * @throws {TypeError} When `src` or `dst` is not a stream or is locked, `buf` is not a
 * `Uint8Array`, is detached, or is shared memory while `src` is a byte stream, `options` is
 * neither undefined nor a plain object, or `preventClose` is not a boolean.
 * @throws {RangeError} When `buf` is empty.
 * @throws When a stream errors: its error.
 *
 * @example Copying a byte stream into a sink that copies what it keeps
 * ```ts
 * import { copyBuffer } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const src = new ReadableStream({
 *   type: "bytes",
 *   start(controller) {
 *     controller.enqueue(new Uint8Array([1, 2, 3, 4, 5]));
 *     controller.close();
 *   },
 * });
 * const received: number[] = [];
 * const dst = new WritableStream<Uint8Array>({
 *   write(view) {
 *     received.push(...view); // copies: the view is reused after write() returns
 *   },
 * });
 * assert.equal(await copyBuffer(src, dst, new Uint8Array(2)), 5);
 * assert.deepEqual(received, [1, 2, 3, 4, 5]);
 * ```
 */
export async function copyBuffer(
  src: ReadableStream<Uint8Array>,
  dst: WritableStream<Uint8Array>,
  buf?: Uint8Array,
  options?: CopyBufferOptions,
): Promise<number> {
  checkReadableStream(action, "src", src);
  checkWritableStream(action, "dst", dst);
  const buffer = buf === undefined ? allocateAligned(32 * 1024) : checkBuffer(buf);
  const preventClose = checkFlag(
    action,
    "preventClose",
    checkOptions(action, options).preventClose,
    false,
  );

  const acquired = acquireReader(src);
  let pieces: Pieces;
  try {
    pieces = acquired.byob
      ? byobPieces(acquired.reader, checkTransferable(action, "buf", buffer), retainsChunks(dst))
      : passPieces(acquired.reader);
  } catch (error) {
    acquired.reader.releaseLock();
    throw error;
  }
  const writer = dst.getWriter();
  let finished = false;
  const sink: { failed: boolean; error?: unknown } = { failed: false };
  // A sink that errors while the source is idle must not leave the copy waiting on a read.
  writer.closed.catch((error) => {
    if (finished) return;
    sink.failed = true;
    sink.error = error;
    return pieces.cancel(error);
  });

  let total = 0;
  try {
    while (true) {
      let piece: Uint8Array | null;
      try {
        piece = await pieces.next();
      } catch (error) {
        await Promise.all([pieces.cancel(error), writer.abort(error).catch(ignore)]);
        throw error;
      }
      if (piece === null) break;
      // Counted before the write: a sink that takes the memory leaves the view empty.
      const count = piece.length;
      try {
        await writer.write(piece);
      } catch (error) {
        await pieces.cancel(error);
        throw error;
      }
      total += count;
      pieces.written(piece);
    }
    // The source also ends when it was cancelled because the sink errored.
    if (sink.failed) throw sink.error;
    if (!preventClose) await writer.close();
    return total;
  } finally {
    finished = true;
    pieces.release();
    writer.releaseLock();
  }
}

function checkBuffer(buf: unknown): Uint8Array {
  checkBytes(action, "buf", buf);
  const bytes = buf as Uint8Array;
  if (bytes.length === 0) {
    throw new RangeError(`Cannot ${action} as buf must not be empty: received Uint8Array(0)`);
  }
  return bytes;
}

/** Where the copy gets its pieces: the next one, then word that the sink is done with it. */
interface Pieces {
  next(): Promise<Uint8Array | null>;
  written(piece: Uint8Array): void;
  cancel(reason: unknown): Promise<void>;
  release(): void;
}

function byobPieces(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array<ArrayBuffer>,
  sinkKeeps: boolean,
): Pieces {
  const { byteOffset, length } = buf;
  let view = buf;
  return {
    async next() {
      const { done, value } = await reader.read(view);
      return done || value === undefined ? null : value;
    },
    written(piece) {
      // The piece is the last read's view: its buffer is the reused memory, an ArrayBuffer.
      const memory = piece.buffer as ArrayBuffer;
      view = sinkKeeps || isDetached(memory)
        ? allocateAligned(length)
        : new Uint8Array(memory, byteOffset, length);
    },
    cancel: (reason) => cancelQuietly(reader, reason),
    release: () => reader.releaseLock(),
  };
}

function passPieces(reader: ReadableStreamDefaultReader<Uint8Array>): Pieces {
  const chunks = new ChunkReader(reader);
  return {
    next: () => chunks.next(),
    written: ignore,
    cancel: (reason) => chunks.cancel(reason),
    release: () => chunks.release(),
  };
}

function ignore(): void {}
