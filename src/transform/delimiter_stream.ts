import { checkInteger, describeValue } from "../_validate.ts";
import { ByteTransformStream } from "./byte_transform_stream.ts";
import type { ByteTransformStreamOptions } from "./byte_transformer.ts";
import { type DelimiterDisposition, Splitter } from "./_splitter.ts";

export type { DelimiterDisposition } from "./_splitter.ts";

/** Options of {@link DelimiterStream}. */
export interface DelimiterStreamOptions extends ByteTransformStreamOptions {
  /**
   * Where the delimiter goes: `"discard"` drops it (the default), `"suffix"` keeps it at the end
   * of its record, `"prefix"` at the start of the next one.
   */
  disposition?: DelimiterDisposition;
  /**
   * The longest record allowed, in bytes, counting a kept delimiter (default `Infinity`). A
   * longer record errors the stream with a `RecordTooLongError` as soon as it is seen, so memory
   * stays bounded on untrusted input.
   */
  maxLength?: number;
}

const ACTION = "construct DelimiterStream";
const DISPOSITIONS = ["discard", "prefix", "suffix"];

/**
 * Splits a byte stream into records at a delimiter: one byte (`10` for lines) or a byte sequence
 * (`"\r\n"` as bytes), found also when a chunk boundary splits it. A default reader gets one chunk
 * per record; empty records are skipped, as a byte stream cannot carry a zero-length chunk. A BYOB
 * reader gets the records' bytes one after another, filling its view.
 *
 * Views and copies: a BYOB reader's view is filled straight from the input chunks (no copy in
 * between; only delimiter bytes held across a chunk boundary that turn out to be record bytes are
 * copied). A default reader gets a record as a view of the input memory only when it is the last
 * output of its input chunk (a chunk holding one record, or ending right after a delimiter); every
 * other record is copied once into a fresh chunk, since a chunk's buffer can be handed to the
 * reader only once, and a record spanning two chunks is joined by one copy. So, for input chunks
 * that span their buffers (the usual case), a default reader costs about one copy per byte
 * delivered, a BYOB reader none; an input chunk that is a partial view of its buffer adds one
 * copy of its bytes. {@link ByteTransformStream.stats} counts them.
 *
 * Writing a chunk that spans its whole ArrayBuffer hands that buffer over like a `postMessage`
 * transfer; a partial view of a larger buffer is copied (see {@link ByteTransformStream}).
 *
 * @example Lines, with a limit on their length
 * ```ts
 * import { DelimiterStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const source = ReadableStream.from(["one\ntw", "o\nthree"].map((s) => new TextEncoder().encode(s)));
 * const lines = source.pipeThrough(new DelimiterStream(10, { maxLength: 1024 }))
 *   .pipeThrough(new TextDecoderStream());
 * assert.deepEqual(await Array.fromAsync(lines), ["one", "two", "three"]);
 * ```
 *
 * @example A two-byte delimiter split across chunks, kept at the end of each record
 * ```ts
 * import { DelimiterStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const encoder = new TextEncoder();
 * const source = ReadableStream.from(["a\r", "\nb\r\n"].map((s) => encoder.encode(s)));
 * const records = source.pipeThrough(
 *   new DelimiterStream(encoder.encode("\r\n"), { disposition: "suffix" }),
 * );
 * const text = (await Array.fromAsync(records)).map((r) => new TextDecoder().decode(r));
 * assert.deepEqual(text, ["a\r\n", "b\r\n"]);
 * ```
 */
export class DelimiterStream extends ByteTransformStream {
  /**
   * Creates the transform.
   *
   * @param delimiter A byte value (0 to 255) or a non-empty byte sequence (copied).
   * @param options `disposition`, `maxLength`, and `highWaterMark` of the readable side.
   * @throws {TypeError} When `delimiter` is neither a number nor a Uint8Array, `disposition` not
   * one of `"discard"`, `"prefix"`, `"suffix"`, or `maxLength` not a number.
   * @throws {RangeError} When `delimiter` is not an integer in [0, 255] or is empty, or
   * `maxLength` neither `Infinity` nor an integer >= 1.
   */
  constructor(delimiter: number | Uint8Array, options: DelimiterStreamOptions = {}) {
    let bytes: Uint8Array;
    if (typeof delimiter === "number") {
      bytes = new Uint8Array([checkInteger(ACTION, "delimiter", delimiter, 0, 255)]);
    } else if (delimiter instanceof Uint8Array) {
      if (delimiter.byteLength === 0) {
        throw new RangeError(
          `Cannot ${ACTION} as delimiter must not be empty: received Uint8Array(0)`,
        );
      }
      bytes = delimiter.slice();
    } else {
      throw new TypeError(
        `Cannot ${ACTION} as delimiter must be a number or a Uint8Array: received ${
          describeValue(delimiter)
        }`,
      );
    }
    const disposition = options.disposition ?? "discard";
    if (!DISPOSITIONS.includes(disposition)) {
      throw new TypeError(
        `Cannot ${ACTION} as disposition must be "discard", "prefix" or "suffix": received ${
          describeValue(disposition)
        }`,
      );
    }
    const maxLength = options.maxLength ?? Infinity;
    if (maxLength !== Infinity) checkInteger(ACTION, "maxLength", maxLength, 1);
    const splitter = new Splitter(bytes, disposition, maxLength);
    super({
      transform: (chunk, out) => splitter.transform(chunk, out),
      flush: (out) => splitter.flush(out),
    }, options);
  }
}
