/**
 * Copying a stream to a sink through one reused buffer (Go's `io.CopyBuffer`).
 *
 * @module
 */

import { acquireReader, checkReadableStream, checkWritableStream } from "../plumbing/_stream.ts";
import { checkBuffer, checkCopyOptions, copy, type CopyResult, defaultBuffer } from "./_copy.ts";

export type { CopyResult } from "./_copy.ts";

const action = "copy src to dst";

/** Options of {@link copyBuffer} and {@link copyN}. */
export interface CopyBufferOptions {
  /** Leave `dst` open at the end of `src` (default `false`: `dst` is closed, like `pipeTo`). */
  preventClose?: boolean;
}

/**
 * Copies `src` to `dst` through one buffer reused end to end, like Go's `io.CopyBuffer`, and
 * resolves with the number of bytes copied and the buffer, handed back for the next copy.
 *
 * A byte stream is read with a BYOB reader straight into `buf` (no copy) and each filled view is
 * written to `dst`; the next read waits until that write has finished (the sink's `write()`
 * settled), so the buffer is never refilled while the sink may still use it. Any other stream
 * hands its chunks over as they are, without touching `buf` (copying them would only add a copy,
 * as Go skips the buffer when the source implements `WriterTo`); zero-length chunks are skipped.
 *
 * Lifetime of `buf`: a BYOB read transfers it (as the Streams standard requires), so from the
 * first read of a byte stream `buf` itself is empty (detached), and the memory moves from read to
 * read under new `ArrayBuffer`s. When the copy resolves, that memory is the caller's again, as
 * `result.buffer` (same `byteOffset` and length; `buf` itself when it was never transferred): pass
 * it to the next copy, as Go reuses `buf`. Should the sink take the memory (detach it), a new
 * buffer of the same size replaces it, and that one is handed back. When the copy rejects, the
 * memory may be lost with the read that held it: use a new buffer after an error.
 *
 * Lifetime of the views written: the sink must not keep one after its `write()` settled (Go:
 * "Write must not retain p"): copy what you keep. A `TransformStream` whose readable side has a
 * `highWaterMark` above 0 does keep it (queued), and its reader would find it detached: copy before
 * such a sink. The writable side of {@link DelimiterStream} or {@link LineStream} keeps what it is
 * written (its records are views of it), and so does a {@link fanOut} of one; for such a `dst`
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
 * @returns `written`, the number of bytes written to `dst`, and `buffer`, the buffer's memory to
 * use again.
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
 * const { written } = await copyBuffer(src, dst, new Uint8Array(2));
 * assert.equal(written, 5);
 * assert.deepEqual(received, [1, 2, 3, 4, 5]);
 * ```
 *
 * @example Two copies through one buffer (Go's `ExampleCopyBuffer`)
 * ```ts
 * import { copyBuffer } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new Blob([s]).stream(); // byte streams
 * let out = "";
 * const stdout = new WritableStream<Uint8Array>({
 *   write(view) {
 *     out += new TextDecoder().decode(view); // used before write() returns, never kept
 *   },
 * });
 * const buf = new Uint8Array(8);
 * // buf is used here...
 * const first = await copyBuffer(text("first reader\n"), stdout, buf, { preventClose: true });
 * // ... reused here also: no need to allocate an extra buffer.
 * const second = await copyBuffer(text("second reader\n"), stdout, first.buffer);
 * assert.equal(out, "first reader\nsecond reader\n");
 * assert.equal(second.buffer.length, 8);
 * ```
 */
export function copyBuffer(
  src: ReadableStream<Uint8Array>,
  dst: WritableStream<Uint8Array>,
  buf?: Uint8Array,
  options?: CopyBufferOptions,
): Promise<CopyResult> {
  try {
    checkReadableStream(action, "src", src);
    checkWritableStream(action, "dst", dst);
    const buffer = buf === undefined ? defaultBuffer() : checkBuffer(action, buf);
    const preventClose = checkCopyOptions(action, options);
    return copy({
      action,
      source: acquireReader(src),
      releaseSource: true,
      dst,
      buffer,
      limit: Infinity,
      preventClose,
    });
  } catch (error) {
    return Promise.reject(error);
  }
}
