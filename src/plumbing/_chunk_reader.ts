// Reads a default (non-byte) stream piece by piece, keeping the rest of a chunk that did not fit.

import { describeValue } from "../_validate.ts";

/**
 * Wraps the default reader of a stream of `Uint8Array` chunks. Zero-length chunks are skipped, so
 * a piece is never empty; the part of a chunk that did not fit is kept for the next call.
 */
export class ChunkReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #rest: Uint8Array | null = null;

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>) {
    this.#reader = reader;
  }

  /**
   * The next 1 to `max` bytes: the rest of the current chunk, else the next non-empty chunk.
   * `null` at the end. The piece aliases the source's chunk (no copy).
   */
  async next(max: number = Infinity): Promise<Uint8Array | null> {
    let chunk = this.#rest;
    while (chunk === null || chunk.length === 0) {
      const { done, value } = await this.#reader.read();
      if (done) {
        this.#rest = null;
        return null;
      }
      if (!(value instanceof Uint8Array)) {
        throw new TypeError(
          `Cannot read the stream as its chunks must be Uint8Arrays: received ${
            describeValue(value)
          }`,
        );
      }
      chunk = value;
    }
    if (chunk.length > max) {
      this.#rest = chunk.subarray(max);
      return chunk.subarray(0, max);
    }
    this.#rest = null;
    return chunk;
  }

  /** Copies the next 1 to `view.length` bytes to the start of `view`; the count, or `null` at the end. */
  async readInto(view: Uint8Array): Promise<number | null> {
    const piece = await this.next(view.length);
    if (piece === null) return null;
    view.set(piece);
    return piece.length;
  }

  /** Cancels the stream (dropping any kept rest) and releases the lock. */
  async cancel(reason: unknown): Promise<void> {
    this.#rest = null;
    try {
      await this.#reader.cancel(reason);
    } catch {
      // The stream errored before: there is nothing left to cancel.
    }
    this.#reader.releaseLock();
  }

  /** Releases the lock (at the end or after an error). */
  release(): void {
    this.#rest = null;
    this.#reader.releaseLock();
  }
}
