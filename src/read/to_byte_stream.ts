/**
 * Any stream of `Uint8Array` chunks as a byte stream that BYOB readers can use.
 *
 * @module
 */

import { ChunkReader } from "../plumbing/_chunk_reader.ts";
import { checkReadableStream } from "../plumbing/_stream.ts";

/**
 * Returns `src` as a byte stream (`type: "bytes"`), so `getReader({ mode: "byob" })`,
 * `readInto`, `readFull` and friends work on any stream of `Uint8Array` chunks.
 *
 * When `src` already is a byte stream it is returned itself (checked by taking and releasing a
 * BYOB reader, which leaves it unlocked). Otherwise `src` is locked and read on demand (nothing
 * is read ahead):
 * - A BYOB read gets the bytes copied into its own view, at the view's `byteOffset`, from the
 *   current chunk; the rest of a chunk larger than the view is kept for the next read, so nothing
 *   is lost. That copy is the one a default stream costs: its chunks live in their own memory.
 * - A default read gets a COPY of the chunk (or of its rest). Enqueueing the chunk itself would
 *   transfer (detach) its whole `ArrayBuffer`, which may be memory the source still uses (a
 *   `subarray` of a buffer or of a mapping): the copy keeps the source's memory intact.
 *
 * Zero-length chunks are skipped. Cancelling the result cancels `src` with the same reason; an
 * error of `src` errors the result.
 *
 * @param src A stream of `Uint8Array` chunks; locked unless it is returned itself.
 * @returns `src` when it is a byte stream, else a byte stream of the same bytes.
 * @throws {TypeError} When `src` is not a `ReadableStream` or is locked.
 *
 * @example BYOB reads from a TransformStream's readable
 * ```ts
 * import { readFull, toByteStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
 * const writer = writable.getWriter();
 * writer.write(new Uint8Array([1, 2, 3]));
 * writer.write(new Uint8Array([4, 5]));
 * writer.close();
 *
 * const reader = toByteStream(readable).getReader({ mode: "byob" });
 * const view = await readFull(reader, new Uint8Array(new ArrayBuffer(8), 2, 4));
 * assert.deepEqual(view, new Uint8Array([1, 2, 3, 4]));
 * assert.equal(view?.byteOffset, 2);
 * ```
 *
 * @example A byte stream is returned as it is
 * ```ts
 * import { toByteStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const bytes = new ReadableStream({ type: "bytes" });
 * assert.equal(toByteStream(bytes), bytes);
 * assert.equal(bytes.locked, false);
 * ```
 */
export function toByteStream(src: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  checkReadableStream("convert src to a byte stream", "src", src);
  try {
    src.getReader({ mode: "byob" }).releaseLock();
    return src;
  } catch {
    // Not a byte stream (an unlocked byte stream always accepts a BYOB reader).
  }
  const pieces = new ChunkReader(src.getReader());
  // No autoAllocateChunkSize: it would give a default reader a fixed-size allocation per read
  // whatever the chunk size, where an exact-size copy of the chunk costs no more.
  return new ReadableStream({
    type: "bytes",
    async pull(controller): Promise<void> {
      try {
        await fill(controller, pieces);
      } catch (error) {
        // A bad chunk: stop the source too (an errored source ignores the cancel).
        await pieces.cancel(error);
        throw error;
      }
    },
    cancel(reason): Promise<void> {
      return pieces.cancel(reason);
    },
  });
}

/** Answers one pull: into the BYOB request's view when there is one, else with a copy. */
async function fill(
  controller: ReadableByteStreamController,
  pieces: ChunkReader,
): Promise<void> {
  const request = controller.byobRequest;
  if (request !== null && request.view !== null) {
    const { buffer, byteOffset, byteLength } = request.view;
    const count = await pieces.readInto(new Uint8Array(buffer, byteOffset, byteLength));
    if (count === null) {
      pieces.release();
      controller.close();
      request.respond(0);
    } else {
      request.respond(count);
    }
    return;
  }
  const piece = await pieces.next();
  if (piece === null) {
    pieces.release();
    controller.close();
  } else {
    controller.enqueue(piece.slice());
  }
}
