/**
 * One BYOB read into caller-owned memory (Go's `Read(p)`).
 *
 * @module
 */

import { checkBytes, checkInteger, describeValue } from "../_validate.ts";
import { fillAtLeast } from "./_fill.ts";
import { checkByobReader, checkTransferable } from "../plumbing/_stream.ts";

const action = "read into buf";

/**
 * Reads into `buf` through a BYOB reader: the stream writes straight into `buf`'s memory, no copy.
 *
 * Go's `n, err := r.Read(p)`, with the view standing for `p[:n]`: it resolves as soon as at least
 * `min` bytes (default 1) are in, with whatever one read gave, up to `buf.length` bytes.
 *
 * Lifetime: the read TRANSFERS `buf.buffer`, so `buf` becomes empty (detached) at once. The
 * returned view covers the filled bytes at `buf`'s offset, on the same memory under a new
 * `ArrayBuffer`: continue with `value.buffer` (for the same window again:
 * `new Uint8Array(value.buffer, buf.byteOffset, buf.length)`, with the offset and length saved
 * before the call). Nothing outside `buf`'s window is written. At the end of the stream the
 * memory is not handed back: read another stream into a new buffer.
 *
 * An empty `buf` resolves to `buf` itself without reading (Go: a `Read` with an empty `p`
 * returns 0), where a BYOB read of a zero-length view would throw.
 *
 * @param reader A BYOB reader of a byte stream.
 * @param buf The memory to read into; transferred.
 * @param min The fewest bytes to wait for, an integer in `[1, buf.length]` (default 1). The view
 * holds fewer only when the stream ended first.
 * @returns A view of the bytes read, at `buf`'s offset on `buf`'s (transferred) memory; `null`
 * when the stream ended before any byte.
 * @throws {TypeError} When `reader` is not a `ReadableStreamBYOBReader`, or `buf` is not a
 * `Uint8Array`, is detached or is shared memory (a `SharedArrayBuffer` cannot be transferred).
 * @throws {RangeError} When `min` is not an integer in `[1, buf.length]` (or is given with an
 * empty `buf`).
 * @throws When the stream errors: its error.
 *
 * @example Reading into a window of a larger buffer
 * ```ts
 * import { readInto } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const stream = new ReadableStream({
 *   type: "bytes",
 *   start(controller) {
 *     controller.enqueue(new Uint8Array([1, 2, 3]));
 *     controller.close();
 *   },
 * });
 * const reader = stream.getReader({ mode: "byob" });
 * const memory = new ArrayBuffer(16);
 * const view = await readInto(reader, new Uint8Array(memory, 4, 8));
 * assert.deepEqual(view, new Uint8Array([1, 2, 3]));
 * assert.equal(view?.byteOffset, 4);
 * assert.equal(memory.byteLength, 0); // transferred: continue with view.buffer
 * assert.equal(await readInto(reader, new Uint8Array(view!.buffer, 4, 8)), null);
 * ```
 */
export async function readInto(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array,
  min?: number,
): Promise<Uint8Array | null> {
  checkByobReader(action, "reader", reader);
  checkTransferable(action, "buf", checkBytes(action, "buf", buf));
  if (buf.length === 0) {
    if (min !== undefined) {
      throw new RangeError(
        `Cannot ${action} as min must be omitted for an empty buf: received ${describeValue(min)}`,
      );
    }
    return buf;
  }
  const least = min === undefined ? 1 : checkInteger(action, "min", min, 1, buf.length);
  return await fillAtLeast(reader, buf as Uint8Array<ArrayBuffer>, least);
}
