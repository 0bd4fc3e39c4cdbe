/**
 * The lines of a byte stream as strings, in whole batches per step.
 *
 * @module
 */

import { checkFlag, checkMaxLength, checkOptions } from "../_validate.ts";
import { RecordTooLongError } from "../errors.ts";
import { ChunkIterator } from "../plumbing/_steps.ts";
import { checkReadableStream } from "../plumbing/_stream.ts";
import { ScanEngine, ScanState } from "./_engine.ts";
import { simdAvailable } from "../search/_kernel.ts";
import { lineRule } from "./_line_rule.ts";
import { scanSource } from "./_source.ts";
import { splitWholeLines, UNIT } from "./_text_lines.ts";

const action = "iterate lines";
/** The scanner's buffer: a file is read straight into it, a batch per read. */
const READ_SIZE = 256 * 1024;
/** The most UTF-8 bytes one UTF-16 code unit takes (a character of three bytes is one unit). */
const BYTES_PER_UNIT = 3;
const BOM = 3;

/** Options of {@link lines}. */
export interface LinesOptions {
  /**
   * The longest line allowed, in UTF-16 code units (a string's `length`), not counting its line
   * ending (default `Infinity`). A longer line rejects the step with a `RecordTooLongError` and
   * cancels the stream; a line is refused once it is complete, or once its bytes are more than
   * three times `maxLength` (no such line can fit), so memory stays bounded on untrusted input.
   */
  maxLength?: number;
  /**
   * A `\r` not followed by `\n` ends a line too, and a final line loses a `\r` at its end, as
   * `TextLineStream`'s `allowCR` (default `false`).
   */
  allowCR?: boolean;
}

/**
 * Iterates the lines of a UTF-8 byte stream as strings, in batches: each step yields an array of
 * the lines that one read completed, for a plain synchronous loop. The lines are exactly what
 * `src.pipeThrough(new TextDecoderStream()).pipeThrough(new TextLineStream({ allowCR }))`
 * (@std/streams) gives: decoded as `TextDecoderStream` decodes (a leading byte order mark dropped,
 * invalid bytes replaced by U+FFFD), split at `\n` with one `\r` before it dropped (also across
 * chunk boundaries; with `allowCR`, at a lone `\r` too), empty lines included, and the text after
 * the last line ending a final line when there is any. For the lines as bytes, see {@link scan}
 * (ranges of one reused buffer) and {@link LineStream} (views you keep).
 *
 * The stream is read by a scanner (as {@link scan} reads it: an `openFile` stream straight into
 * its buffer, its line endings found by a WebAssembly SIMD search); each read's whole lines are
 * decoded at once, and the lines are slices of that text, so a line costs its string and nothing
 * else: no stream operation, no promise, no decode call of its own.
 *
 * Leaving the loop early (`break`, `return`, a throw) cancels `src` with an `AbortError`
 * `DOMException`; an error of the stream rejects the step. The stream is locked from the call on.
 *
 * @param src The UTF-8 bytes to read; locked until the iteration ends.
 * @param options `maxLength`, `allowCR`.
 * @returns An iterator of batches of lines; a batch is never empty.
 * @throws {TypeError} When `src` is not a `ReadableStream` or is locked, `options` is neither
 *   undefined nor a plain object, or an option has the wrong type; a chunk that is not a
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
  const checked = checkOptions(action, options);
  const maxLength = checkMaxLength(action, checked.maxLength);
  const allowCR = checkFlag(action, "allowCR", checked.allowCR, false);
  const byteLimit = maxLength === Infinity ? Infinity : BYTES_PER_UNIT * maxLength + BOM;
  const source = scanSource(action, src, READ_SIZE);
  const state = new ScanState(READ_SIZE, byteLimit, simdAvailable);
  const engine = new ScanEngine(state, lineRule(allowCR), source);
  const decoder = new TextDecoder();
  const decodeLines = (count: number): string[] => {
    const words = state.memory.words;
    const regionStart = words[state.starts >> 2];
    if (engine.final) {
      // The text after the last line ending: one line, decoded to the end.
      const line = decoder.decode(state.memory.bytes.subarray(
        state.data + regionStart,
        state.data + words[state.ends >> 2],
      ));
      if (line.length > maxLength) throw new RecordTooLongError(maxLength, line.length, UNIT);
      // Only a lone byte order mark decodes to nothing: TextDecoderStream gives no line then.
      return line.length > 0 ? [line] : [];
    }
    // The whole lines of this step, their line endings included, decoded at once.
    const regionEnd = state.head;
    const text = decoder.decode(
      state.memory.bytes.subarray(state.data + regionStart, state.data + regionEnd),
      { stream: true },
    );
    if (text.length !== regionEnd - regionStart) {
      // Characters beyond ASCII (or a byte order mark): cut the text itself.
      const out: string[] = [];
      splitWholeLines(text, allowCR, maxLength, out);
      return out;
    }
    // One code unit per byte: the scanner's offsets cut the text, into an array made to size.
    const startSlot = state.starts >> 2;
    const endSlot = state.ends >> 2;
    const sized = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const start = words[startSlot + i] - regionStart;
      const end = words[endSlot + i] - regionStart;
      if (end - start > maxLength) throw new RecordTooLongError(maxLength, end - start, UNIT);
      sized[i] = text.slice(start, end);
    }
    return sized;
  };
  const refuse = (error: unknown): never => {
    // The scanner counts bytes: past the byte limit, no line can be `maxLength` units or fewer.
    if (error instanceof RecordTooLongError && error.maxLength === byteLimit) {
      const units = Math.ceil((error.length - BOM) / BYTES_PER_UNIT);
      throw new RecordTooLongError(maxLength, units, UNIT);
    }
    throw error;
  };
  return new ChunkIterator<string[]>({
    async step() {
      for (;;) {
        let count: number;
        try {
          count = await engine.next();
        } catch (error) {
          return refuse(error);
        }
        if (count === 0) return null;
        const out = decodeLines(count);
        if (out.length > 0) return out;
      }
    },
    cancel: (reason) => source.cancel(reason),
    release: () => source.release(),
  });
}
