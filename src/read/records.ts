/**
 * Iterating the records of a record stream in whole batches, each handed out for a synchronous
 * loop (Go's `bufio.Scanner` loop: no promise per record).
 *
 * @module
 */

import { describeValue } from "../_validate.ts";
import { recordSource } from "../plumbing/_record_source.ts";
import { type DirectSource, directSource } from "../plumbing/_direct.ts";
import { ChunkIterator, readerEnding, type Steps } from "../plumbing/_steps.ts";
import { checkReadableStream } from "../plumbing/_stream.ts";

const action = "iterate records";

/**
 * Iterates the records of `src` in batches: each step yields an array of the records ready then,
 * in order, for a plain synchronous loop, like Go's `for scanner.Scan()`. A record is one chunk of
 * `src`: a line of {@link LineStream}, a record of {@link DelimiterStream}, a chunk of
 * {@link FixedChunkStream}, or a chunk of any other stream of `Uint8Array`s.
 *
 * - {@link DelimiterStream} and {@link LineStream} hand over every record waiting at once (one
 *   input chunk's worth: thousands of lines per step from a file), past their stream, so a
 *   record costs its search and its view, not a promise or a stream operation. Empty records are
 *   delivered (zero-length views).
 * - The readable side of one of this package's byte transforms (`FixedChunkStream`, a
 *   `ByteTransformStream`) hands over its whole records ready, past its byte stream: each record
 *   lying in one input chunk is a view of that chunk's memory, with no copy, even when other
 *   records share it. (A byte stream carries no empty chunk: such a transform's empty records
 *   are not delivered.)
 * - Any other stream is read with a default reader, one chunk per step; its zero-length chunks
 *   are records too. (A read some earlier reader left in flight on one of our streams sends the
 *   iteration through that path as well.)
 *
 * Lifetime: every batch and every record is the caller's to keep; nothing here ever overwrites
 * or detaches them. A record that is a view keeps its whole input chunk's memory alive: `slice()`
 * small records kept for long. Records cut from one input chunk share its ArrayBuffer, so
 * transferring one (enqueueing it into a byte stream, `postMessage` with a transfer list,
 * `buffer.transfer()`) empties the others: `slice()` a record before handing it to anything that
 * transfers. Records that are views of a `mapFile` mapping become empty when it is closed.
 *
 * Leaving the loop early (`break`, `return`, a throw) cancels `src` with an `AbortError`
 * `DOMException` and releases the lock; an error of the stream rejects the step and releases the
 * lock. The stream is locked from the call on.
 *
 * @param src The stream to read; locked until the iteration ends.
 * @returns An iterator of batches of records; a batch is never empty.
 * @throws {TypeError} When `src` is not a `ReadableStream` or is locked; a chunk that is not a
 *   `Uint8Array` rejects the step with a TypeError and cancels the stream.
 *
 * @example Counting the lines of a stream, the empty one too
 * ```ts
 * import { DelimiterStream, records } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = new TextEncoder().encode("one\n\nthree");
 * const split = ReadableStream.from([text]).pipeThrough(new DelimiterStream(10));
 * const seen: string[] = [];
 * for await (const batch of records(split)) {
 *   for (const record of batch) seen.push(new TextDecoder().decode(record));
 * }
 * assert.deepEqual(seen, ["one", "", "three"]);
 * ```
 */
export function records(src: ReadableStream<Uint8Array>): AsyncIterableIterator<Uint8Array[]> {
  checkReadableStream(action, "src", src);
  const channel = recordSource(src);
  const reader = src.getReader();
  const direct = channel === undefined ? directSource(src) : undefined;
  const ending = readerEnding(reader);
  const readOne = async (): Promise<Uint8Array[] | null> => {
    const { done, value } = await reader.read();
    if (done) return null;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError(
        `Cannot ${action} as its chunks must be Uint8Arrays: received ${describeValue(value)}`,
      );
    }
    return [value];
  };
  let steps: Steps<Uint8Array[]>;
  if (channel !== undefined) {
    steps = {
      ready: () => channel.direct ? channel.takeAll() : undefined,
      async step() {
        for (;;) {
          if (!channel.direct) return await readOne();
          const batch = channel.takeAll();
          if (batch !== undefined) return batch;
          if (await channel.waitOrEnd()) return null;
        }
      },
      ...ending,
    };
  } else if (direct?.next !== undefined) {
    steps = transformSteps(direct as Required<DirectSource>, ending);
  } else {
    steps = { step: readOne, ...ending };
  }
  return new ChunkIterator(steps);
}

/** A byte transform's records: each step takes every whole record ready, waiting for one. */
function transformSteps(
  direct: Required<DirectSource>,
  ending: Pick<Steps<unknown>, "cancel" | "release">,
): Steps<Uint8Array[]> {
  const gather = (first: Uint8Array): Uint8Array[] => {
    const batch = [first];
    for (let record = direct.ready(); record !== undefined; record = direct.ready()) {
      batch.push(record);
    }
    return batch;
  };
  return {
    ready() {
      const first = direct.ready();
      return first === undefined ? undefined : gather(first);
    },
    async step() {
      const first = await direct.next();
      return first === null ? null : gather(first);
    },
    ...ending,
  };
}
