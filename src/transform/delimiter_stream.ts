import { checkDelimiter, checkDisposition, checkMaxLength, checkOptions } from "../_validate.ts";
import { type DelimiterDisposition, RecordSplitter } from "./_record_splitter.ts";
import { recordPair } from "./_record_stream.ts";

export type { DelimiterDisposition } from "./_record_splitter.ts";

/** Options of {@link DelimiterStream}. */
export interface DelimiterStreamOptions {
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

/**
 * Splits a byte stream into records at a delimiter: one byte (`10` for lines) or a byte sequence
 * (`"\r\n"` as bytes), found also when a chunk boundary splits it. The readable side is a stream
 * of records, one chunk per record, every record delivered: empty ones too, and, as with
 * @std/streams' `DelimiterStream` and Go's `bytes.Split`, the bytes after the last delimiter, so
 * input ending with a delimiter ends with an empty record (use {@link LineStream} or
 * {@link lines} for `bufio.ScanLines`' rules).
 *
 * Views and copies: a record lying inside one input chunk is a view of that chunk (no copy); a
 * record spanning chunks is joined by one copy. Iterate with {@link records} for whole batches
 * of records per step (the fastest way), or with `for await` on the readable, which takes them
 * one by one without a stream operation each; any other reader works too.
 *
 * Lifetime: a record is the caller's to keep; nothing here overwrites or detaches it. It aliases
 * the input chunk, so a writer must not change a chunk after writing it (as with any stream), and
 * a kept record keeps its whole chunk alive: `slice()` small records kept for long. Records of one
 * chunk share its ArrayBuffer: transferring one (into a byte stream, a `postMessage` transfer
 * list) empties the others, so `slice()` a record first. Records of a `mapFile` view become empty
 * when the mapping is closed.
 *
 * Backpressure: a write resolves once every record it completed has been taken by the reader, so
 * a slow reader stops the source with at most about one input chunk's records waiting. Cancelling
 * the readable errors the writable (a pipe then cancels its source with the same reason),
 * aborting the writable errors the readable, and a bad chunk or a record too long errors both.
 *
 * @example Lines, with a limit on their length; the empty line is a record too
 * ```ts
 * import { DelimiterStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const source = ReadableStream.from(["one\n\ntw", "o\nthree"].map((s) => new TextEncoder().encode(s)));
 * const lines: string[] = [];
 * for await (const line of source.pipeThrough(new DelimiterStream(10, { maxLength: 1024 }))) {
 *   lines.push(new TextDecoder().decode(line));
 * }
 * assert.deepEqual(lines, ["one", "", "two", "three"]);
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
 * const text: string[] = [];
 * for await (const record of records) text.push(new TextDecoder().decode(record));
 * assert.deepEqual(text, ["a\r\n", "b\r\n", ""]);
 * ```
 */
export class DelimiterStream implements TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> {
  /** The records, one chunk each, in order. */
  readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
  /** Where the bytes to split are written. */
  readonly writable: WritableStream<Uint8Array>;

  /**
   * Creates the transform.
   *
   * @param delimiter A byte value (0 to 255) or a non-empty byte sequence (copied).
   * @param options `disposition` and `maxLength`.
   * @throws {TypeError} When `delimiter` is neither a number nor a Uint8Array, `options` neither
   * undefined nor a plain object, `disposition` not one of `"discard"`, `"prefix"`, `"suffix"`,
   * or `maxLength` not a number.
   * @throws {RangeError} When `delimiter` is not an integer in [0, 255] or is empty, or
   * `maxLength` neither `Infinity` nor an integer >= 1.
   */
  constructor(delimiter: number | Uint8Array, options?: DelimiterStreamOptions) {
    const bytes = checkDelimiter(ACTION, delimiter);
    const given = checkOptions(ACTION, options) as DelimiterStreamOptions;
    const disposition = checkDisposition(ACTION, given.disposition);
    const maxLength = checkMaxLength(ACTION, given.maxLength);
    const splitter = new RecordSplitter({ delimiter: bytes, disposition, maxLength, lines: false });
    ({ readable: this.readable, writable: this.writable } = recordPair(splitter));
  }
}
