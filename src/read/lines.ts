/**
 * The lines of a byte stream as strings, in whole batches per step.
 *
 * @module
 */

import { checkMaxLength, checkOptions } from "../_validate.ts";
import { chunks } from "./chunks.ts";
import { ChunkIterator } from "../plumbing/_steps.ts";
import { checkReadableStream } from "../plumbing/_stream.ts";
import { TextLineSplitter } from "./_text_lines.ts";

const action = "iterate lines";
/** Bytes decoded per step; a file is read straight into one buffer of this size. */
const READ_SIZE = 256 * 1024;

/** Options of {@link lines}. */
export interface LinesOptions {
  /**
   * The longest line allowed, in UTF-16 code units (a string's `length`), not counting its line
   * ending (default `Infinity`). A longer line rejects the step with a `RecordTooLongError` as
   * soon as it is seen, and cancels the stream, so memory stays bounded on untrusted input.
   */
  maxLength?: number;
}

/**
 * Iterates the lines of a UTF-8 byte stream as strings, in batches: each step yields an array of
 * the lines that one read completed, for a plain synchronous loop. The lines are exactly what
 * `src.pipeThrough(new TextDecoderStream()).pipeThrough(new TextLineStream())` (@std/streams)
 * gives: decoded as `TextDecoderStream` decodes (a leading byte order mark dropped, invalid bytes
 * replaced by U+FFFD), split at `\n` with one `\r` before it dropped (also across chunk
 * boundaries), empty lines included, and the text after the last `\n` a final line when there is
 * any. For the lines as bytes (views of the input), use {@link LineStream}.
 *
 * The stream is read through one reused buffer (as {@link chunks} reads it: an `openFile`
 * stream straight into it) and each read is decoded once; the lines are slices of that text, so
 * a line costs no stream operation and no promise of its own.
 *
 * Leaving the loop early (`break`, `return`, a throw) cancels `src` with an `AbortError`
 * `DOMException`; an error of the stream rejects the step. The stream is locked from the call on.
 *
 * @param src The UTF-8 bytes to read; locked until the iteration ends.
 * @param options `maxLength`.
 * @returns An iterator of batches of lines; a batch is never empty.
 * @throws {TypeError} When `src` is not a `ReadableStream` or is locked, `options` is neither
 *   undefined nor a plain object, or `maxLength` is not a number; a chunk that is not a
 *   `Uint8Array` rejects the step with a TypeError.
 * @throws {RangeError} When `maxLength` is neither `Infinity` nor an integer >= 1.
 *
 * @example The lines of a stream, a CRLF split across chunks
 * ```ts
 * import { lines } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = ["id,name\r", "\n1,ada\n\n2,", "grace"];
 * const source = ReadableStream.from(text.map((s) => new TextEncoder().encode(s)));
 * const seen: string[] = [];
 * for await (const batch of lines(source)) seen.push(...batch);
 * assert.deepEqual(seen, ["id,name", "1,ada", "", "2,grace"]);
 * ```
 */
export function lines(
  src: ReadableStream<Uint8Array>,
  options?: LinesOptions,
): AsyncIterableIterator<string[]> {
  checkReadableStream(action, "src", src);
  const { maxLength } = checkOptions(action, options);
  const splitter = new TextLineSplitter(checkMaxLength(action, maxLength));
  const decoder = new TextDecoder();
  const views = chunks(src, READ_SIZE);
  let ended = false;
  return new ChunkIterator<string[]>({
    async step() {
      while (!ended) {
        const out: string[] = [];
        const { done, value } = await views.next();
        if (done) {
          ended = true;
          splitter.split(decoder.decode(), out);
          splitter.flush(out);
        } else {
          splitter.split(decoder.decode(value, { stream: true }), out);
        }
        if (out.length > 0) return out;
      }
      return null;
    },
    async cancel() {
      await views.return?.();
    },
    release() {},
  });
}
