/**
 * Reads that must fill a buffer, or a given part of it (Go's `io.ReadFull`, `io.ReadAtLeast`).
 *
 * @module
 */

import { checkBytes, checkInteger } from "../_validate.ts";
import { UnexpectedEofError } from "../errors.ts";
import { fillAtLeast } from "./_fill.ts";
import { checkByobReader, checkTransferable } from "../plumbing/_stream.ts";

/**
 * Reads through a BYOB reader until at least `min` bytes are in `buf` (Go's `io.ReadAtLeast`).
 * The stream writes straight into `buf`'s memory, no copy.
 *
 * Lifetime: the reads TRANSFER `buf.buffer`, so `buf` becomes empty (detached) at once; the
 * returned view (and an error's `partial`) is at `buf`'s offset on the same memory under a new
 * `ArrayBuffer`: continue with its `.buffer`. Nothing outside `buf`'s window is written.
 *
 * @param reader A BYOB reader of a byte stream.
 * @param buf The memory to read into; transferred.
 * @param min The fewest bytes needed, an integer in `[0, buf.length]` (Go's `ErrShortBuffer` is a
 * `RangeError` here). With 0 it resolves to an empty view of `buf` without reading.
 * @returns A view of `min` to `buf.length` bytes at `buf`'s offset; `null` when the stream ended
 * cleanly before any byte (Go's `io.EOF`).
 * @throws {UnexpectedEofError} When the stream ended after some but fewer than `min` bytes; its
 * `partial` is the view of the bytes that arrived.
 * @throws {TypeError} When `reader` is not a `ReadableStreamBYOBReader`, or `buf` is not a
 * `Uint8Array`, is detached or is shared memory (a `SharedArrayBuffer` cannot be transferred).
 * @throws {RangeError} When `min` is not an integer in `[0, buf.length]`.
 * @throws When the stream errors: its error.
 *
 * @example Reading a header of at least 4 bytes
 * ```ts
 * import { readAtLeast } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const stream = new ReadableStream({
 *   type: "bytes",
 *   start(controller) {
 *     controller.enqueue(new Uint8Array([1, 2]));
 *     controller.enqueue(new Uint8Array([3, 4, 5]));
 *     controller.close();
 *   },
 * });
 * const reader = stream.getReader({ mode: "byob" });
 * const view = await readAtLeast(reader, new Uint8Array(8), 4);
 * assert.deepEqual(view, new Uint8Array([1, 2, 3, 4, 5]));
 * ```
 */
export async function readAtLeast(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array,
  min: number,
): Promise<Uint8Array | null> {
  const action = "read at least min bytes";
  checkByobReader(action, "reader", reader);
  checkTransferable(action, "buf", checkBytes(action, "buf", buf));
  checkInteger(action, "min", min, 0, buf.length);
  return await fill(reader, buf, min);
}

/**
 * Reads through a BYOB reader until `buf` is full (Go's `io.ReadFull`). The stream writes straight
 * into `buf`'s memory, no copy.
 *
 * Lifetime: as {@link readAtLeast}: `buf` is transferred (detached) at once; the returned view
 * (and an error's `partial`) is at `buf`'s offset on the same memory: continue with its `.buffer`.
 *
 * @param reader A BYOB reader of a byte stream.
 * @param buf The memory to fill; transferred. An empty `buf` resolves to an empty view without reading.
 * @returns A view of exactly `buf.length` bytes at `buf`'s offset; `null` when the stream ended
 * cleanly before any byte (Go's `io.EOF`).
 * @throws {UnexpectedEofError} When the stream ended part-way; its `partial` is the view of the
 * bytes that arrived.
 * @throws {TypeError} When `reader` is not a `ReadableStreamBYOBReader`, or `buf` is not a
 * `Uint8Array`, is detached or is shared memory (a `SharedArrayBuffer` cannot be transferred).
 * @throws When the stream errors: its error.
 *
 * @example Reading fixed-size records
 * ```ts
 * import { readFull, UnexpectedEofError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const stream = new ReadableStream({
 *   type: "bytes",
 *   start(controller) {
 *     controller.enqueue(new Uint8Array([1, 2, 3, 4, 5]));
 *     controller.close();
 *   },
 * });
 * const reader = stream.getReader({ mode: "byob" });
 * const record = await readFull(reader, new Uint8Array(4));
 * assert.deepEqual(record, new Uint8Array([1, 2, 3, 4]));
 * await assert.rejects(
 *   readFull(reader, new Uint8Array(record!.buffer)),
 *   (error: unknown) =>
 *     error instanceof UnexpectedEofError && error.partial.length === 1 && error.partial[0] === 5,
 * );
 * ```
 */
export async function readFull(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array,
): Promise<Uint8Array | null> {
  const action = "read full";
  checkByobReader(action, "reader", reader);
  checkTransferable(action, "buf", checkBytes(action, "buf", buf));
  return await fill(reader, buf, buf.length);
}

async function fill(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array,
  min: number,
): Promise<Uint8Array | null> {
  if (min === 0) return buf.subarray(0, 0);
  const view = await fillAtLeast(reader, buf as Uint8Array<ArrayBuffer>, min);
  if (view !== null && view.length < min) throw new UnexpectedEofError(view, min);
  return view;
}
