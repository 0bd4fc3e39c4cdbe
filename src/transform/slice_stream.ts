import { checkInteger, checkOptions, describeValue } from "../_validate.ts";
import { ByteTransformStream } from "./byte_transform_stream.ts";
import type { ByteTransformStreamOptions } from "./byte_transformer.ts";

const ACTION = "construct SliceStream";

/**
 * Passes on bytes `[start, end)` of a byte stream and drops the rest. Once `end` is reached the
 * output closes and the input side stops: a `pipeThrough` feeding it cancels its source, so no
 * byte past `end` is read.
 *
 * Views and copies: no copy in the usual case, input chunks that span their buffers. A default
 * reader gets each input chunk (or the part of it inside the slice) as a view of the input memory;
 * a BYOB reader's view is filled straight from the input chunks. An input chunk that is a partial
 * view of its buffer is copied once.
 *
 * Writing a chunk that spans its whole ArrayBuffer hands that buffer over like a `postMessage`
 * transfer; a partial view of a larger buffer is copied (see {@link ByteTransformStream}).
 *
 * @example Bytes 2 to 5, and the source is cancelled after them
 * ```ts
 * import { SliceStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * let cancelled = false;
 * let next = 0;
 * const source = new ReadableStream<Uint8Array>({
 *   pull(controller) {
 *     controller.enqueue(new Uint8Array([next++, next++]));
 *   },
 *   cancel() {
 *     cancelled = true;
 *   },
 * });
 * const chunks = await Array.fromAsync(source.pipeThrough(new SliceStream(2, 5)));
 * assert.deepEqual(chunks.map((chunk) => [...chunk]), [[2, 3], [4]]);
 * assert.ok(cancelled);
 * ```
 */
export class SliceStream extends ByteTransformStream {
  /**
   * Creates the transform.
   *
   * @param start The offset of the first byte passed on (default 0).
   * @param end The offset just past the last byte passed on (default: the end of the stream).
   * @param options `highWaterMark` of the readable side, in bytes (see {@link ByteTransformStream}).
   * @throws {TypeError} When `start` or `end` is not a number, or `options` neither undefined nor a
   * plain object.
   * @throws {RangeError} When `start` is not an integer >= 0, or `end` neither `Infinity` nor an
   * integer >= `start`.
   */
  constructor(start = 0, end: number = Infinity, options?: ByteTransformStreamOptions) {
    checkInteger(ACTION, "start", start);
    if (end !== Infinity) {
      if (typeof end !== "number") {
        throw new TypeError(
          `Cannot ${ACTION} as end must be a number: received ${describeValue(end)}`,
        );
      }
      checkInteger(ACTION, "end", end, start);
    }
    checkOptions(ACTION, options);
    let position = 0; // stream offset of the next input byte
    super({
      start(out) {
        if (end === start) out.terminate();
      },
      transform(chunk, out) {
        const from = Math.max(start - position, 0);
        const to = Math.min(end - position, chunk.byteLength);
        position += chunk.byteLength;
        if (from < to) {
          out.enqueue(from === 0 && to === chunk.byteLength ? chunk : chunk.subarray(from, to));
        }
        if (position >= end) out.terminate();
      },
    }, options);
  }
}
