/**
 * Iterating the records of a byte transform (lines, fixed-size chunks) without a stream enqueue
 * per record (Go's `bufio.Scanner` loop).
 *
 * @module
 */

import { ChunkReader } from "./_chunk_reader.ts";
import { directSource } from "./_direct.ts";
import { checkReadableStream } from "./_stream.ts";
import { ChunkIterator, readerEnding } from "./_steps.ts";

const action = "iterate records";

/**
 * Iterates the chunks of `src` as a default reader gets them: for this package's byte transforms,
 * one record per step (a line of `DelimiterStream`, a chunk of `FixedChunkStream`, whatever a
 * `ByteTransformStream`'s transformer ends with `out.enqueue`), like Go's `bufio.Scanner` loop.
 *
 * - The readable side of one of this package's byte transforms hands its records over directly,
 *   without the byte stream's enqueue per record (which transfers a buffer each time and bounds a
 *   default reader at about 0.3-1 million records per second): each record lying in one input
 *   chunk is a view of that chunk's memory, with no copy, even when other records share it; a
 *   record spanning chunks is joined into a fresh copy. (A read some earlier reader left in
 *   flight sends the iteration through a default reader instead, which copies records that share
 *   a buffer.)
 * - Any other stream is read with a default reader; its zero-length chunks are skipped.
 *
 * Lifetime: every record is the caller's to keep; nothing here ever overwrites or detaches it. A
 * record that is a view keeps its whole input chunk's memory alive: `slice()` small records kept
 * for long. Records cut from one input chunk share its ArrayBuffer, so transferring one (enqueueing
 * it into a byte stream, `postMessage` with a transfer list, `buffer.transfer()`) empties the
 * others: `slice()` a record before handing it to anything that transfers.
 *
 * Leaving the loop early (`break`, `return`, a throw) cancels `src` with an `AbortError`
 * `DOMException` and releases the lock; an error of the stream rejects the step and releases the
 * lock. The stream is locked from the call on.
 *
 * @param src The stream to read; locked until the iteration ends.
 * @returns An iterator of the stream's records (never empty).
 * @throws {TypeError} When `src` is not a `ReadableStream` or is locked; a chunk that is not a
 *   `Uint8Array` rejects the step with a TypeError and cancels the stream.
 *
 * @example Counting the lines of a stream
 * ```ts
 * import { DelimiterStream, records } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = new TextEncoder().encode("one\ntwo\nthree\n");
 * const lines = ReadableStream.from([text]).pipeThrough(new DelimiterStream(10));
 * const seen: string[] = [];
 * for await (const line of records(lines)) seen.push(new TextDecoder().decode(line));
 * assert.deepEqual(seen, ["one", "two", "three"]);
 * ```
 */
export function records(src: ReadableStream<Uint8Array>): AsyncIterableIterator<Uint8Array> {
  checkReadableStream(action, "src", src);
  const reader = src.getReader();
  const direct = directSource(src);
  if (direct?.next !== undefined) {
    return new ChunkIterator({
      step: direct.next,
      ready: direct.ready,
      ...readerEnding(reader),
    });
  }
  const pieces = new ChunkReader(reader);
  return new ChunkIterator({
    step: () => pieces.next(),
    cancel: (reason) => pieces.cancel(reason),
    release: () => pieces.release(),
  });
}
