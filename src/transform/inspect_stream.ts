import { checkInteger, checkOptions, describeValue } from "../_validate.ts";
import { ByteTransformStream } from "./byte_transform_stream.ts";
import type { ByteTransformStreamOptions } from "./byte_transformer.ts";

/**
 * Calls `inspect(view)` for every chunk and passes the same bytes on untouched: hashing, counting,
 * progress. `inspect` may return a promise, which is awaited before the chunk moves on.
 *
 * Views and copies: no copy for input chunks that span their buffers (the usual case); a partial
 * view of a larger buffer is copied once on input. `inspect` receives a view of the chunk's
 * memory, valid only during the call (the chunk is then handed to the reader: do not keep or
 * change it). A default reader gets that same memory as its chunk; a BYOB reader's view is filled
 * straight from it.
 *
 * Writing a chunk that spans its whole ArrayBuffer hands that buffer over like a `postMessage`
 * transfer; a partial view of a larger buffer is copied (see {@link ByteTransformStream}).
 *
 * @example Counting bytes on the way through
 * ```ts
 * import { InspectStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * let seen = 0;
 * const inspect = new InspectStream((view) => {
 *   seen += view.byteLength;
 * });
 * const source = ReadableStream.from([new Uint8Array(3), new Uint8Array(5)]);
 * const chunks = await Array.fromAsync(source.pipeThrough(inspect));
 * assert.equal(seen, 8);
 * assert.equal(chunks.length, 2);
 * assert.deepEqual(inspect.stats, { bytesIn: 8, bytesOut: 8, bytesViewed: 8, bytesCopied: 0 });
 * ```
 */
export class InspectStream extends ByteTransformStream {
  /**
   * Creates the transform.
   *
   * @param inspect Called with a view of each chunk, in order; a throw errors the stream.
   * @param options `highWaterMark` of the readable side, in bytes (see {@link ByteTransformStream}).
   * @throws {TypeError} When `inspect` is not a function, or `options` neither undefined nor a
   * plain object.
   */
  constructor(
    inspect: (view: Uint8Array) => void | PromiseLike<void>,
    options?: ByteTransformStreamOptions,
  ) {
    if (typeof inspect !== "function") {
      throw new TypeError(
        `Cannot construct InspectStream as inspect must be a function: received ${
          describeValue(inspect)
        }`,
      );
    }
    checkOptions("construct InspectStream", options);
    super({
      transform(chunk, out) {
        const pending = inspect(chunk);
        if (typeof pending?.then !== "function") return out.enqueue(chunk);
        return Promise.resolve(pending).then(() => out.enqueue(chunk));
      },
    }, options);
  }
}

/**
 * Reports progress as bytes flow through: returns an {@link InspectStream} that calls
 * `onProgress(done, total)` after each chunk, `done` being the bytes passed so far.
 *
 * @param onProgress Called per chunk with the running byte count and `total`.
 * @param total The expected byte count, passed back to `onProgress` as is (e.g. a file size).
 * @returns The transform to put in the pipe; it copies only input chunks that are partial views.
 * @throws {TypeError} When `onProgress` is not a function or `total` not a number.
 * @throws {RangeError} When `total` is not an integer >= 0.
 *
 * @example A percentage
 * ```ts
 * import { progress } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const seen: string[] = [];
 * const source = ReadableStream.from([new Uint8Array(25), new Uint8Array(75)]);
 * await source.pipeThrough(progress((done, total) => seen.push(`${(done / total!) * 100}%`), 100))
 *   .pipeTo(new WritableStream());
 * assert.deepEqual(seen, ["25%", "100%"]);
 * ```
 */
export function progress(
  onProgress: (done: number, total?: number) => void,
  total?: number,
): InspectStream {
  const action = "create progress stream";
  if (typeof onProgress !== "function") {
    throw new TypeError(
      `Cannot ${action} as onProgress must be a function: received ${describeValue(onProgress)}`,
    );
  }
  if (total !== undefined) checkInteger(action, "total", total);
  let done = 0;
  return new InspectStream((view) => {
    done += view.byteLength;
    onProgress(done, total);
  });
}
