/**
 * Typed errors of `@zerocopy/streams`.
 *
 * Bad arguments throw the built-in `TypeError` or `RangeError`, naming the argument and the value
 * received. The classes here stand for I/O conditions a caller may want to tell apart.
 *
 * @module
 */

/**
 * A stream ended part-way through a read that needed more bytes (Go's `io.ErrUnexpectedEOF`).
 *
 * `partial` is a view of the bytes that did arrive, in the caller's buffer.
 *
 * @example Telling a short read apart
 * ```ts
 * import { UnexpectedEofError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const error = new UnexpectedEofError(new Uint8Array([1, 2]), 4);
 * assert.equal(error.partial.length, 2);
 * assert.equal(error.wanted, 4);
 * assert.ok(error instanceof Error);
 * ```
 */
export class UnexpectedEofError extends Error {
  /** The bytes that arrived before the end: a view of the caller's buffer. */
  readonly partial: Uint8Array;
  /** How many bytes the read needed. */
  readonly wanted: number;

  /**
   * Creates the error for a read that needed `wanted` bytes and got `partial`.
   *
   * @param partial The bytes read before the stream ended.
   * @param wanted How many bytes the read needed.
   */
  constructor(partial: Uint8Array, wanted: number) {
    super(
      `Unexpected end of stream: read ${partial.length} of ${wanted} bytes needed`,
    );
    this.name = "UnexpectedEofError";
    this.partial = partial;
    this.wanted = wanted;
  }
}
