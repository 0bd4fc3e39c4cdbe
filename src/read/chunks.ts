/**
 * Iterating a stream through one reused caller-owned buffer (Go's `for { n, err := r.Read(buf) }`).
 *
 * @module
 */

import { allocateAligned } from "../_aligned.ts";
import { checkBytes, checkInteger, describeValue, MAX_ALLOCATION } from "../_validate.ts";
import { ChunkReader } from "../plumbing/_chunk_reader.ts";
import { type DirectSource, directSource } from "../plumbing/_direct.ts";
import { ChunkIterator, readerEnding, type Steps } from "../plumbing/_steps.ts";
import { acquireReader, checkReadableStream, checkTransferable } from "../plumbing/_stream.ts";

const action = "iterate chunks";

/**
 * Iterates `src` through ONE reused buffer, like Go's `for { n, err := r.Read(buf) ... }` loop.
 *
 * Each step yields what one read gave: between 1 and `buf.length` bytes (Go's `Read`
 * semantics, whatever is available), never an empty view; use `readFull` to fill a buffer.
 * - A byte stream is read with a BYOB reader straight into the buffer (no copy): the first step
 *   TRANSFERS `buf.buffer` (`buf` becomes empty), each yielded view lies at `buf`'s offset on that
 *   same memory, and the memory goes back to the stream for the next step.
 * - A stream from `openFile`, or the readable side of one of this package's byte transforms
 *   (`ByteTransformStream` and its subclasses), fills `buf` itself, past the stream's queue (as
 *   Go's `io.Copy` uses a source's `WriterTo`): the file's read or the transform's pending output
 *   writes straight into `buf`, which is never transferred; each yielded view is
 *   `buf.subarray(0, n)`. This skips the two buffer transfers of a BYOB read, which in Bun copy
 *   the whole buffer. (A read some earlier reader left in flight sends the iteration through the
 *   BYOB reader instead.)
 * - Any other stream (a `TransformStream`'s readable, Bun's `Bun.file().stream()`) is copied into
 *   `buf`: each yielded view is `buf.subarray(0, n)`. A chunk larger than `buf` is delivered over
 *   several steps, without loss; zero-length chunks are skipped.
 *
 * Lifetime: a yielded view is valid until the next step. Then a byte stream's view becomes empty
 * (its memory is transferred again) and a copied or directly filled view is overwritten. Copy
 * what you keep.
 *
 * Leaving the loop early (`break`, `return`, a throw: the iterator's `return()`) cancels `src`
 * with an `AbortError` `DOMException` and releases the lock. An error of the stream rejects the
 * step and releases the lock. The stream is locked from the call on.
 *
 * @param src The stream to read; locked until the iteration ends.
 * @param buf The buffer to reuse, or its size to allocate one (an integer from 1 to 2^30). An allocated
 * buffer is placed so that the kernel's copy into it runs at full speed (from 4096 bytes on, its
 * views lie 48 bytes into an ArrayBuffer 64 bytes larger).
 * @returns An iterator of views of the buffer, each valid until the next step.
 * @throws {TypeError} When `src` is not a `ReadableStream` or is locked, or `buf` is neither a
 * `Uint8Array` nor a number, is detached, or is shared memory while `src` is a byte stream.
 * @throws {RangeError} When `buf` is empty, or a size that is not an integer from 1 to 2^30 (1
 * GiB: a size is allocated up front).
 *
 * @example Summing the bytes of a stream through a 4-byte buffer
 * ```ts
 * import { chunks } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const stream = ReadableStream.from([new Uint8Array([1, 2, 3, 4, 5, 6]), new Uint8Array([7])]);
 * const sizes: number[] = [];
 * let sum = 0;
 * for await (const view of chunks(stream, new Uint8Array(4))) {
 *   sizes.push(view.length);
 *   for (const byte of view) sum += byte;
 * }
 * assert.deepEqual(sizes, [4, 2, 1]);
 * assert.equal(sum, 28);
 * ```
 *
 * @example Stopping early cancels the stream
 * ```ts
 * import { chunks } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * let reason: unknown;
 * const stream = new ReadableStream<Uint8Array>({
 *   pull(controller) {
 *     controller.enqueue(new Uint8Array([1, 2, 3]));
 *   },
 *   cancel(why) {
 *     reason = why;
 *   },
 * });
 * for await (const view of chunks(stream, 2)) {
 *   assert.deepEqual(view, new Uint8Array([1, 2]));
 *   break;
 * }
 * assert.equal((reason as DOMException).name, "AbortError");
 * assert.equal(stream.locked, false);
 * ```
 */
export function chunks(
  src: ReadableStream<Uint8Array>,
  buf: Uint8Array | number,
): AsyncIterableIterator<Uint8Array> {
  checkReadableStream(action, "src", src);
  const buffer = checkBuffer(buf);
  const acquired = acquireReader(src);
  if (!acquired.byob) return new ChunkIterator(copySteps(acquired.reader, buffer));
  try {
    const checked = checkTransferable(action, "buf", buffer);
    const direct = directSource(src);
    return new ChunkIterator(
      direct ? directSteps(acquired.reader, direct, checked) : byobSteps(acquired.reader, checked),
    );
  } catch (error) {
    acquired.reader.releaseLock();
    throw error;
  }
}

function checkBuffer(buf: unknown): Uint8Array {
  if (typeof buf === "number") {
    return allocateAligned(checkInteger(action, "buf", buf, 1, MAX_ALLOCATION));
  }
  if (!(buf instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot ${action} as buf must be a Uint8Array or a number: received ${describeValue(buf)}`,
    );
  }
  checkBytes(action, "buf", buf);
  if (buf.length === 0) {
    throw new RangeError(
      `Cannot ${action} as buf must not be empty: received ${describeValue(buf)}`,
    );
  }
  return buf;
}

function byobSteps(reader: ReadableStreamBYOBReader, buf: Uint8Array<ArrayBuffer>): Steps {
  const { byteOffset, length } = buf;
  let view = buf;
  return {
    async step() {
      const { done, value } = await reader.read(view);
      if (done || value === undefined) return null;
      // The read handed the memory back under a new ArrayBuffer: the next read goes there.
      view = new Uint8Array(value.buffer, byteOffset, length);
      return value;
    },
    ...readerEnding(reader),
  };
}

function directSteps(
  reader: ReadableStreamBYOBReader,
  direct: DirectSource,
  buf: Uint8Array,
): Steps {
  const { read, readReady } = direct;
  return {
    async step() {
      const count = await read(buf);
      return count === 0 ? null : buf.subarray(0, count);
    },
    ready() {
      const count = readReady?.(buf);
      return count === undefined ? undefined : buf.subarray(0, count);
    },
    ...readerEnding(reader),
  };
}

function copySteps(reader: ReadableStreamDefaultReader<Uint8Array>, buf: Uint8Array): Steps {
  const pieces = new ChunkReader(reader);
  return {
    async step() {
      const count = await pieces.readInto(buf);
      return count === null ? null : buf.subarray(0, count);
    },
    cancel: (reason) => pieces.cancel(reason),
    release: () => pieces.release(),
  };
}
