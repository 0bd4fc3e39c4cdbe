/**
 * The records one scanner step found, as byte ranges of the scanner's buffer.
 *
 * @module
 */

import { checkBytes, checkInteger, describeValue } from "../_validate.ts";

const action = "make a RecordBatch";
const EMPTY_BYTES = new Uint8Array(0);

function checkRanges(name: string, value: unknown): void {
  if (!(value instanceof Int32Array)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be an Int32Array: received ${describeValue(value)}`,
    );
  }
}
const EMPTY_RANGES = new Int32Array(0);
// Go's Text() copies the bytes as they are: a byte order mark is kept, invalid bytes are U+FFFD.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

let invalidate: (batch: RecordBatch) => void;

/** Empties `batch`: the scanner's next step made it invalid. Not re-exported. */
export function invalidateBatch(batch: RecordBatch): void {
  invalidate(batch);
}

/**
 * The records of one step of a {@link scan}, as byte ranges of the scanner's own buffer (Go's
 * `bufio.Scanner`, a whole batch of `Bytes()` at once): record `i` is
 * `bytes.subarray(starts[i], ends[i])`. No object is made per record; the helpers below test,
 * compare, view or decode one record without making anything else.
 *
 * Lifetime (Go's `Bytes()` rule): a batch and everything it hands out alias the scanner's buffer
 * and are valid until the scanner's next step. Then the buffer is overwritten by the next read
 * (or detached, when it grows), and this batch becomes empty: `count` 0, empty `bytes`, `starts`
 * and `ends`. Copy what you keep (`view(i).slice()`, `text(i)`).
 *
 * @example Counting the lines that start with "#", with no object per line
 * ```ts
 * import { scan } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = new TextEncoder().encode("# a\nb\n# c\n\n");
 * let comments = 0;
 * let lines = 0;
 * for await (const batch of scan(text)) {
 *   const { bytes, starts, ends } = batch;
 *   for (let i = 0; i < batch.count; i++) {
 *     if (ends[i] > starts[i] && bytes[starts[i]] === 0x23) comments++;
 *   }
 *   lines += batch.count;
 * }
 * assert.equal(comments, 2);
 * assert.equal(lines, 4);
 * ```
 */
export class RecordBatch {
  #bytes: Uint8Array;
  #starts: Int32Array;
  #ends: Int32Array;
  #offset: number;

  /**
   * Made by the scanner; a batch made by hand holds the ranges it is given.
   *
   * @param bytes The buffer the ranges are in.
   * @param starts Where each record starts in `bytes`.
   * @param ends Where each record ends in `bytes` (exclusive); as long as `starts`.
   * @param offset Where `bytes[0]` lies in the stream (default 0).
   * @throws {TypeError} When `bytes` is not an attached Uint8Array, `starts` or `ends` not an
   *   Int32Array, or `offset` not a number.
   * @throws {RangeError} When `starts` and `ends` differ in length, or `offset` is not a safe
   *   integer >= 0.
   */
  constructor(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, offset?: number) {
    checkBytes(action, "bytes", bytes);
    checkRanges("starts", starts);
    checkRanges("ends", ends);
    if (starts.length !== ends.length) {
      throw new RangeError(
        `Cannot ${action} as starts and ends must be as long: received ${starts.length} and ${ends.length}`,
      );
    }
    this.#bytes = bytes;
    this.#starts = starts;
    this.#ends = ends;
    this.#offset = offset === undefined ? 0 : checkInteger(action, "offset", offset);
  }

  /**
   * The scanner's buffer, which the ranges are in: `bytes.subarray(starts[i], ends[i])` is
   * record `i`. Valid until the scanner's next step.
   */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** Where each record starts in {@link RecordBatch.bytes}; `count` of them. */
  get starts(): Int32Array {
    return this.#starts;
  }

  /** Where each record ends in {@link RecordBatch.bytes} (exclusive); `count` of them. */
  get ends(): Int32Array {
    return this.#ends;
  }

  /** How many records the batch holds: at least 1 while it is valid, 0 after. */
  get count(): number {
    return this.#starts.length;
  }

  /**
   * Where `bytes[0]` lies in the stream: record `i` starts at byte `offset + starts[i]` of the
   * input (as Go's scanner does not tell, and grep's `-b` does).
   */
  get offset(): number {
    return this.#offset;
  }

  /** The length of record `i`, in bytes. */
  length(i: number): number {
    this.#check(i);
    return this.#ends[i] - this.#starts[i];
  }

  /**
   * Record `i` as a view of the buffer (no copy), valid until the scanner's next step:
   * `slice()` it to keep it.
   */
  view(i: number): Uint8Array {
    this.#check(i);
    const bytes = this.#bytes;
    return new Uint8Array(bytes.buffer, bytes.byteOffset + this.#starts[i], this.length(i));
  }

  /**
   * Record `i` decoded as UTF-8 (invalid bytes become U+FFFD, a byte order mark is kept), as
   * Go's `Scanner.Text()`: a string of its own, valid for good.
   */
  text(i: number): string {
    return decoder.decode(this.view(i));
  }

  /** True when record `i` starts with the bytes of `prefix` (compared in place, no view). */
  startsWith(i: number, prefix: Uint8Array): boolean {
    this.#check(i);
    const start = this.#starts[i];
    if (this.#ends[i] - start < prefix.length) return false;
    const bytes = this.#bytes;
    for (let k = 0; k < prefix.length; k++) if (bytes[start + k] !== prefix[k]) return false;
    return true;
  }

  /** True when record `i` is exactly the bytes of `other`. */
  equals(i: number, other: Uint8Array): boolean {
    return this.length(i) === other.length && this.startsWith(i, other);
  }

  /**
   * Compares record `i` with `other` byte by byte, as Go's `bytes.Compare`: negative when the
   * record sorts first, 0 when equal, positive when it sorts after.
   */
  compare(i: number, other: Uint8Array): number {
    this.#check(i);
    const start = this.#starts[i];
    const length = this.#ends[i] - start;
    const bytes = this.#bytes;
    const common = Math.min(length, other.length);
    for (let k = 0; k < common; k++) {
      const difference = bytes[start + k] - other[k];
      if (difference !== 0) return difference < 0 ? -1 : 1;
    }
    return length === other.length ? 0 : length < other.length ? -1 : 1;
  }

  /**
   * Where `byte` first occurs in record `i`, from the record's start (`-1` when it does not):
   * e.g. the end of a CSV field or a key.
   */
  indexOf(i: number, byte: number, from = 0): number {
    this.#check(i);
    const start = this.#starts[i];
    const end = this.#ends[i];
    const bytes = this.#bytes;
    for (let k = start + Math.max(0, from); k < end; k++) if (bytes[k] === byte) return k - start;
    return -1;
  }

  static {
    invalidate = (batch) => {
      batch.#bytes = EMPTY_BYTES;
      batch.#starts = EMPTY_RANGES;
      batch.#ends = EMPTY_RANGES;
    };
  }

  #check(i: number): void {
    if (!(i >= 0 && i < this.#starts.length && Number.isInteger(i))) {
      throw new RangeError(
        `Cannot read record ${i} of the batch as it must be an integer in [0, ${this.#starts.length}): received ${i}`,
      );
    }
  }
}
