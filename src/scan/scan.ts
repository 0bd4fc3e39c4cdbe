/**
 * A scanner as Go has it (`bufio.Scanner`): one reused buffer, records handed out as byte ranges
 * of it, a whole batch per step.
 *
 * @module
 */

import {
  checkDisposition,
  checkFlag,
  checkInteger,
  checkMaxLength,
  checkOptions,
  describeValue,
} from "../_validate.ts";
import { ChunkIterator } from "../plumbing/_steps.ts";
import { delimiterRule } from "./_delimiter_rule.ts";
import { MAX_CAPACITY, ScanEngine, ScanState, type SplitRule } from "./_engine.ts";
import { simdAvailable } from "../search/_kernel.ts";
import { lineRule } from "./_line_rule.ts";
import { type ScanInput, scanSource, type Source } from "./_source.ts";
import { wordRule } from "./_word_rule.ts";
import { invalidateBatch, RecordBatch } from "./record_batch.ts";

export type { ScanInput } from "./_source.ts";

/** Options of {@link scan}. */
export interface ScanOptions {
  /**
   * What a record is:
   * - `"lines"` (the default): @std/streams' `TextLineStream` rules, as {@link LineStream}: a
   *   line ends at `\n`, one `\r` before it is dropped, empty lines are records, and the bytes
   *   after the last `\n` are a final line when there are some (a `\r` ending them is kept;
   *   Go's `ScanLines` drops it);
   * - `"words"`: Go's `ScanWords`: runs of bytes between Unicode white space, never empty;
   * - a byte (`0` to `255`) or a byte sequence: {@link DelimiterStream}'s rules (Go's
   *   `bytes.Split`): every record between delimiters, empty ones too, and the bytes after the
   *   last delimiter always (so input ending with one ends with an empty record).
   */
  split?: "lines" | "words" | number | Uint8Array;
  /**
   * Lines only: a `\r` not followed by `\n` ends a line too, and a final line loses a `\r` at its
   * end (`TextLineStream`'s `allowCR`). Default `false`.
   */
  allowCR?: boolean;
  /**
   * Delimiters only: `"discard"` drops the delimiter (the default), `"suffix"` keeps it at the end
   * of its record, `"prefix"` at the start of the next one.
   */
  disposition?: "discard" | "prefix" | "suffix";
  /**
   * The buffer's size in bytes (default 1 MiB): each read fills what a step leaves of it. It
   * grows only for a record longer than the buffer, to twice its size each time, as far as
   * `maxLength` allows (at most 1 GiB).
   */
  bufferSize?: number;
  /**
   * The longest record allowed, in bytes, not counting a dropped line ending or delimiter
   * (default `Infinity`). A longer record rejects the step with a `RecordTooLongError` as soon as
   * it is seen, and cancels the source, so memory stays bounded on untrusted input.
   */
  maxLength?: number;
  /**
   * Whether to search with the WebAssembly SIMD kernel (default: wherever the runtime has
   * WebAssembly SIMD128, which Deno, Bun and Node have). `false` searches with JavaScript alone;
   * both give the same records.
   */
  simd?: boolean;
}

/**
 * The iterator {@link scan} returns: a step at a time, each a {@link RecordBatch} valid until
 * the next step. `return()` (a `break` out of `for await`) cancels a stream source; `await using`
 * does the same at the end of its scope.
 */
export interface Scanner extends AsyncIterableIterator<RecordBatch>, AsyncDisposable {
  /** True when the search runs on the WebAssembly SIMD kernel, false when in JavaScript. */
  readonly simd: boolean;
}

const action = "scan";
const defaultBufferSize = 1 << 20;

/**
 * Scans `src` for records through ONE buffer of the scanner's own, as Go's `bufio.Scanner` does:
 * each step reads into what is left of the buffer, finds the records that now end in it (with a
 * WebAssembly SIMD search where the runtime has it), and hands them out as one
 * {@link RecordBatch} of byte ranges, with no object per record. The unfinished record is moved to
 * the front before the next read; the buffer grows only for a record longer than itself. In the
 * steady state nothing is allocated per record or per read.
 *
 * Sources: an `openFile` stream (or a byte transform's readable) is read straight into the
 * buffer, past its queue; any other byte stream through BYOB reads beside it, copied in once; any
 * other `ReadableStream<Uint8Array>`, a `Uint8Array` (a `mapFile` window's `bytes`), and any
 * iterable or async iterable of `Uint8Array` chunks (the chunks a `scanFile` worker gets) are
 * copied in, a buffer's worth at a time.
 *
 * Lifetime (Go's `Bytes()` rule): a batch, its `bytes`, `starts` and `ends`, and every view it
 * hands out alias the scanner's buffer and are valid until the next step; then the batch becomes
 * empty and the buffer is overwritten. Copy what you keep. For records that are yours to keep, use
 * {@link records} with {@link LineStream}; for lines as strings, {@link lines}.
 *
 * A stream source is locked from the call on; leaving the loop early (`break`, `return`, a throw)
 * cancels it with an `AbortError` `DOMException`, and an error of the source rejects the step.
 *
 * @param src The bytes to scan: a stream, a `Uint8Array`, or an (async) iterable of chunks.
 * @param options `split` (lines, words, or a delimiter), `allowCR`, `disposition`, `bufferSize`,
 *   `maxLength`, `simd`.
 * @returns The scanner: an async iterator of batches; a batch is never empty.
 * @throws {TypeError} When `src` is none of the kinds above (or a locked stream or a detached
 *   view), `options` is neither undefined nor a plain object, or an option has the wrong type; a
 *   chunk that is not a `Uint8Array` rejects the step with a TypeError.
 * @throws {RangeError} When `split` is an empty sequence or a number outside 0-255, `bufferSize`
 *   is not an integer in [64, 1 GiB], or `maxLength` is neither `Infinity` nor an integer >= 1.
 *
 * @example Lines of a file: count, total length, and lines starting with "ERROR"
 * ```ts
 * import { openFile, scan } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `scan-example-${Date.now()}.log`);
 * writeFileSync(path, "ERROR disk\nok\r\nERROR net\n\nok");
 * const error = new TextEncoder().encode("ERROR");
 * let lines = 0;
 * let bytes = 0;
 * let errors = 0;
 * for await (const batch of scan(await openFile(path))) {
 *   for (let i = 0; i < batch.count; i++) {
 *     bytes += batch.ends[i] - batch.starts[i];
 *     if (batch.startsWith(i, error)) errors++;
 *   }
 *   lines += batch.count;
 * }
 * assert.deepEqual([lines, bytes, errors], [5, 23, 2]);
 * ```
 *
 * @example Words, as Go's ScanWords splits them
 * ```ts
 * import { scan } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const words: string[] = [];
 * const source = ReadableStream.from(["  one\ttwo\u00a0", "three\n"].map((s) => new TextEncoder().encode(s)));
 * for await (const batch of scan(source, { split: "words" })) {
 *   for (let i = 0; i < batch.count; i++) words.push(batch.text(i));
 * }
 * assert.deepEqual(words, ["one", "two", "three"]);
 * ```
 */
export function scan(src: ScanInput, options?: ScanOptions): Scanner {
  const checked = checkOptions(action, options) as ScanOptions;
  const rule = splitRule(checked);
  const bufferSize = checked.bufferSize === undefined
    ? defaultBufferSize
    : checkInteger(action, "bufferSize", checked.bufferSize, 64, MAX_CAPACITY);
  const maxLength = checkMaxLength(action, checked.maxLength);
  const simd = checkFlag(action, "simd", checked.simd, simdAvailable);
  const source = scanSource(action, src, bufferSize);
  const state = new ScanState(bufferSize, maxLength, simd);
  return new ScanIterator(new ScanEngine(state, rule, source), source);
}

function splitRule(options: ScanOptions): SplitRule {
  const disposition = checkDisposition(action, options.disposition);
  const split = options.split === undefined ? "lines" : options.split;
  const allowCR = checkFlag(action, "allowCR", options.allowCR, false);
  if (split === "lines") return lineRule(allowCR);
  if (split === "words") return wordRule;
  if (typeof split === "number") {
    return delimiterRule(
      new Uint8Array([checkInteger(action, "split", split, 0, 255)]),
      disposition,
    );
  }
  if (split instanceof Uint8Array) {
    if (split.length === 0) {
      throw new RangeError(`Cannot ${action} as split must not be empty: received Uint8Array(0)`);
    }
    return delimiterRule(split.slice(), disposition);
  }
  throw new TypeError(
    `Cannot ${action} as split must be "lines", "words", a byte or a Uint8Array: received ${
      describeValue(split)
    }`,
  );
}

class ScanIterator extends ChunkIterator<RecordBatch> implements Scanner {
  readonly simd: boolean;

  constructor(engine: ScanEngine, source: Source) {
    const state = engine.state;
    let batch: RecordBatch | undefined;
    let failure: { error: unknown } | undefined;
    const hand = (count: number): RecordBatch | null => {
      if (count === 0) return null;
      const buffer = state.memory.bytes.buffer;
      batch = new RecordBatch(
        new Uint8Array(buffer, state.data, state.filled),
        new Int32Array(buffer, state.starts, count),
        new Int32Array(buffer, state.ends, count),
        state.offset,
      );
      return batch;
    };
    const retire = () => {
      if (batch !== undefined) invalidateBatch(batch);
      batch = undefined;
    };
    super({
      ready() {
        retire();
        let count: number | undefined;
        try {
          count = engine.tryNext();
        } catch (error) {
          failure = { error }; // thrown by the step that follows, which cancels the source
          return undefined;
        }
        return count === undefined || count === 0 ? undefined : hand(count)!;
      },
      async step() {
        retire();
        if (failure !== undefined) throw failure.error;
        return hand(await engine.next());
      },
      cancel: (reason) => {
        retire();
        return source.cancel(reason);
      },
      release: () => {
        retire();
        source.release();
      },
    });
    this.simd = state.memory.simd;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.return().then(() => {});
  }
}
