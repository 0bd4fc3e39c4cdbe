/**
 * Copying exactly `n` bytes of a stream to a sink through one reused buffer (Go's `io.CopyN`).
 *
 * @module
 */

import { checkInteger, describeValue } from "../_validate.ts";
import {
  acquireReader,
  type AnyReader,
  checkReadableStream,
  checkWritableStream,
} from "../plumbing/_stream.ts";
import { checkBuffer, checkCopyOptions, copy, type CopyResult, defaultBuffer } from "./_copy.ts";
import type { CopyBufferOptions } from "./copy_buffer.ts";

const action = "copy n bytes of src to dst";

/**
 * Copies the next `n` bytes of `src` to `dst` through one reused buffer, like Go's `io.CopyN`,
 * and resolves with the count (`n`) and the buffer, handed back as by {@link copyBuffer}.
 *
 * No byte past `n` is read from a byte stream or a BYOB reader: each read asks for at most what is
 * left, so the source can be read on after the copy, from byte `n` (a stream is unlocked, not
 * cancelled; a reader passed in stays the caller's, locked). This is how a length-prefixed body is
 * handed to a sink between two `readFull`s of headers. A default stream's chunks go to `dst` as
 * they are, the last one cut at `n`; the rest of that chunk cannot be put back into the stream, so
 * the stream is cancelled once `n` bytes are copied: to read on after, pass `toByteStream(src)`
 * (which keeps the rest of a chunk for the next read) and go on with that.
 *
 * When `src` ends before `n` bytes (Go: `io.EOF` with the count), the promise rejects with an
 * {@link UnexpectedEofError} whose `received` is the count written to `dst` and whose `partial`
 * is an empty view of the buffer (its `buffer` is the memory, to use again), and `dst` is aborted
 * with it. Otherwise errors follow `copyBuffer`'s rules (`pipeTo`'s), and `dst` is closed at the
 * end unless `options.preventClose`. The lifetime of the buffer and of the views written is
 * `copyBuffer`'s.
 *
 * @param src The stream to copy from (locked until the copy ends), or a BYOB reader of a byte
 * stream (left locked to it).
 * @param dst The sink; locked until the copy ends.
 * @param n How many bytes to copy: an integer >= 0 (Go copies nothing for a negative `n`; here it
 * is a `RangeError`). 0 reads nothing.
 * @param buf The buffer to reuse (not empty; default a new 32 KiB buffer, as `copyBuffer`).
 * @param options `preventClose` to leave `dst` open (to copy more into it).
 * @returns `written` (`n`) and `buffer`, the buffer's memory to use again.
 * @throws {TypeError} When `src` is neither a stream nor a BYOB reader or is locked, `dst` is not
 * a stream or is locked, `n` is not a number, `buf` is not a `Uint8Array`, is detached, or is shared
 * memory while `src` is a byte stream, or `options` is not an object.
 * @throws {RangeError} When `n` is not an integer >= 0, or `buf` is empty.
 * @throws {UnexpectedEofError} When `src` ends before `n` bytes.
 * @throws When a stream errors: its error.
 *
 * @example Go's `ExampleCopyN`: the first 4 bytes, and the rest read on
 * ```ts
 * import { copyN } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const src = new ReadableStream({
 *   type: "bytes",
 *   start(controller) {
 *     controller.enqueue(new TextEncoder().encode("some io.Reader stream to be read"));
 *     controller.close();
 *   },
 * });
 * let out = "";
 * const stdout = new WritableStream<Uint8Array>({
 *   write(view) {
 *     out += new TextDecoder().decode(view);
 *   },
 * });
 * const reader = src.getReader({ mode: "byob" });
 * const { written } = await copyN(reader, stdout, 4);
 * assert.equal(written, 4);
 * assert.equal(out, "some");
 * const { value } = await reader.read(new Uint8Array(3), { min: 3 }); // src goes on at byte 4
 * assert.equal(new TextDecoder().decode(value), " io");
 * ```
 */
export function copyN(
  src: ReadableStream<Uint8Array> | ReadableStreamBYOBReader,
  dst: WritableStream<Uint8Array>,
  n: number,
  buf?: Uint8Array,
  options?: CopyBufferOptions,
): Promise<CopyResult> {
  try {
    const ownReader = src instanceof ReadableStreamBYOBReader;
    if (!ownReader && !(src instanceof ReadableStream)) {
      throw new TypeError(
        `Cannot ${action} as src must be a ReadableStream or a ReadableStreamBYOBReader: received ${
          describeValue(src)
        }`,
      );
    }
    if (!ownReader) checkReadableStream(action, "src", src);
    checkWritableStream(action, "dst", dst);
    const limit = checkInteger(action, "n", n);
    const buffer = buf === undefined ? defaultBuffer() : checkBuffer(action, buf);
    const preventClose = checkCopyOptions(action, options);
    const source: AnyReader = ownReader ? { byob: true, reader: src } : acquireReader(src);
    return copy({ action, source, releaseSource: !ownReader, dst, buffer, limit, preventClose });
  } catch (error) {
    return Promise.reject(error);
  }
}
