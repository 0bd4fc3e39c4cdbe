import { checkFlag, checkMaxLength, checkOptions } from "../_validate.ts";
import { RecordSplitter } from "./_record_splitter.ts";
import { recordPair } from "./_record_stream.ts";

/** Options of {@link LineStream}. */
export interface LineStreamOptions {
  /**
   * The longest line allowed, in bytes, not counting its `\n` or the `\r` before it (default
   * `Infinity`). A longer line errors the stream with a `RecordTooLongError` as soon as it is
   * seen, so memory stays bounded on untrusted input.
   */
  maxLength?: number;
  /**
   * A `\r` not followed by `\n` ends a line too, and a final line loses a `\r` at its end, as
   * `TextLineStream`'s `allowCR` (default `false`).
   */
  allowCR?: boolean;
}

const ACTION = "construct LineStream";
const LINE_FEED = new Uint8Array([10]);

/**
 * Splits a byte stream into lines, as bytes: @std/streams' `TextLineStream` rules on bytes (and Go's
 * `bufio.ScanLines`'). A line ends at `\n`; one `\r` before the `\n` is dropped (also when a chunk
 * boundary falls between them); empty lines are delivered; the bytes after the last `\n` are a
 * final line when there are any (a final `\r` there is kept, as `TextLineStream` keeps it, where
 * Go's `ScanLines` drops it). With `allowCR`, a lone `\r` ends a line too. For strings, use
 * {@link lines}; for lines as ranges of one reused buffer (no object per line), {@link scan}.
 *
 * Views, copies, lifetime and backpressure are {@link DelimiterStream}'s: a line inside one input
 * chunk is a view of it, a line spanning chunks one copy; a line is the caller's to keep, aliases
 * its input chunk, and shares its ArrayBuffer with the other lines of that chunk. Iterate with
 * {@link records} for whole batches per step, or with `for await` on the readable.
 *
 * @example Counting the lines of a stream, and the longest
 * ```ts
 * import { LineStream, records } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = ["GET / HTTP/1.1\r\nHost: a\r", "\n\r\nbody"];
 * const source = ReadableStream.from(text.map((s) => new TextEncoder().encode(s)));
 * let count = 0;
 * let longest = 0;
 * for await (const batch of records(source.pipeThrough(new LineStream()))) {
 *   for (const line of batch) {
 *     count++;
 *     longest = Math.max(longest, line.length);
 *   }
 * }
 * assert.equal(count, 4); // the request line, the header, the empty line, "body"
 * assert.equal(longest, 14);
 * ```
 */
export class LineStream implements TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> {
  /** The lines, one chunk each, in order, without their line endings. */
  readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
  /** Where the bytes to split are written. */
  readonly writable: WritableStream<Uint8Array>;

  /**
   * Creates the transform.
   *
   * @param options `maxLength`, `allowCR`.
   * @throws {TypeError} When `options` is neither undefined nor a plain object, `maxLength` is not
   * a number, or `allowCR` not a boolean.
   * @throws {RangeError} When `maxLength` is neither `Infinity` nor an integer >= 1.
   */
  constructor(options?: LineStreamOptions) {
    const checked = checkOptions(ACTION, options);
    const maxLength = checkMaxLength(ACTION, checked.maxLength);
    const allowCR = checkFlag(ACTION, "allowCR", checked.allowCR, false);
    const splitter = new RecordSplitter({
      delimiter: LINE_FEED,
      disposition: "discard",
      maxLength,
      lines: true,
      allowCR,
    });
    ({ readable: this.readable, writable: this.writable } = recordPair(splitter));
  }
}
