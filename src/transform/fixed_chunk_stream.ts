import { checkInteger, checkOptions, MAX_ALLOCATION } from "../_validate.ts";
import { ByteTransformStream } from "./byte_transform_stream.ts";
import type { ByteTransformStreamOptions } from "./byte_transformer.ts";

/**
 * Re-chunks a byte stream into chunks of exactly `size` bytes; only the last may be shorter.
 *
 * Views and copies: a BYOB reader's view is filled straight from the input chunks (no copy in
 * between, whatever the chunk sizes). A default reader gets a record as a view of the input memory
 * (no copy) when it is the last output cut from its input chunk: input of exactly `size` bytes per
 * chunk passes through untouched, and a chunk that ends on a record boundary gives its last record
 * as a view. Every other record is copied once into a fresh chunk (a chunk's buffer can be handed
 * to the reader only once), as is a record spanning two input chunks. In bytes copied per byte
 * delivered, for input chunks that span their buffers (the usual case): 0 for BYOB readers and
 * for aligned input; `1 - size / chunkSize` for a default reader of larger chunks that are a
 * multiple of `size`; 1 otherwise. An input chunk that is a partial view of its buffer adds one
 * copy of its bytes. {@link ByteTransformStream.stats} counts them.
 *
 * Writing a chunk that spans its whole ArrayBuffer hands that buffer over like a `postMessage`
 * transfer; a partial view of a larger buffer is copied (see {@link ByteTransformStream}).
 *
 * @example Fixed 4-byte records, read with a default reader
 * ```ts
 * import { FixedChunkStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const source = ReadableStream.from([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6, 7, 8, 9])]);
 * const chunks = await Array.fromAsync(source.pipeThrough(new FixedChunkStream(4)));
 * assert.deepEqual(chunks.map((chunk) => [...chunk]), [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
 * ```
 *
 * @example Aligned input passes as views
 * ```ts
 * import { FixedChunkStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const fixed = new FixedChunkStream(4);
 * const input = new Uint8Array([1, 2, 3, 4]);
 * const [output] = await Array.fromAsync(ReadableStream.from([input]).pipeThrough(fixed));
 * assert.deepEqual([...output], [1, 2, 3, 4]);
 * assert.equal(input.byteLength, 0); // its buffer moved to the reader
 * assert.deepEqual(fixed.stats, { bytesIn: 4, bytesOut: 4, bytesViewed: 4, bytesCopied: 0 });
 * ```
 */
export class FixedChunkStream extends ByteTransformStream {
  /**
   * Creates the transform.
   *
   * @param size The length of every output chunk but the last, in bytes.
   * @param options `highWaterMark` of the readable side, in bytes (see {@link ByteTransformStream}).
   * @throws {TypeError} When `size` is not a number, or `options` neither undefined nor a plain
   * object.
   * @throws {RangeError} When `size` is not an integer from 1 to 2^30 (1 GiB: a part spanning two
   * input chunks is joined in memory of that size).
   */
  constructor(size: number, options?: ByteTransformStreamOptions) {
    // A part spanning two input chunks is joined in memory of its size.
    checkInteger("construct FixedChunkStream", "size", size, 1, MAX_ALLOCATION);
    checkOptions("construct FixedChunkStream", options);
    let pending = 0; // bytes of the current record already queued
    super({
      transform(chunk, out) {
        let offset = 0;
        if (pending > 0) {
          const take = Math.min(size - pending, chunk.byteLength);
          pending = (pending + take) % size;
          out.enqueue(chunk.subarray(0, take), pending > 0);
          offset = take;
        }
        while (chunk.byteLength - offset >= size) {
          out.enqueue(chunk.subarray(offset, offset + size));
          offset += size;
        }
        if (offset < chunk.byteLength) {
          pending = chunk.byteLength - offset;
          out.enqueue(chunk.subarray(offset), true);
        }
      },
    }, options);
  }
}
