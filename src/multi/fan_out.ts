/**
 * One writable that writes every chunk to several sinks (Go's `io.MultiWriter`).
 *
 * @module
 */

import { describeValue } from "../_validate.ts";
import { markRetainsChunks, retainsChunks } from "../plumbing/_record_source.ts";
import { checkWritableStream } from "../plumbing/_stream.ts";
import { markTakesChunks, takesChunks } from "../plumbing/_taking_sinks.ts";

const action = "fan out to sinks";

/** One sink, and whether it may take (detach) the memory of what it is written. */
interface Sink {
  readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly takes: boolean;
}

/** The sinks of a fan-out nobody has written to yet: another fan-out may take them over. */
interface Fanned {
  readonly sinks: Sink[];
  readonly retains: boolean;
  started: boolean;
}

const unwritten = new WeakMap<WritableStream<Uint8Array>, Fanned>();

/**
 * A writable that writes each chunk to every one of `sinks`, like Go's `io.MultiWriter`: the same
 * view to all of them, no copy per sink. A write resolves once every sink's write has (so the
 * slowest sink sets the pace, and a writer that reuses its memory after a write, as `copyBuffer`
 * does, waits for all of them); closing closes every sink, aborting aborts every sink. Every sink
 * is locked at the call; the list is copied.
 *
 * Lifetime: every sink sees the same memory, so none may change it, and a sink must not keep a
 * view past its `write()` unless the writer leaves the memory alone after writing (Go: "Write must
 * not modify the slice data, even temporarily"; "must not retain p"). A sink that keeps views (the
 * writable side of `DelimiterStream`, `LineStream`: its records) makes the fan-out one that keeps
 * them too, which `copyBuffer` sees and answers with a new buffer per read. A sink that TAKES the
 * memory (detaches it, as the writable side of every byte transform does with a chunk that spans
 * its whole ArrayBuffer) would empty the view under the others: such sinks are written after the
 * others have finished with the chunk, the last of them gets the chunk itself and any other one a
 * copy (every one a copy when another sink keeps views). A sink of your own that detaches what it
 * is written breaks that rule: the fan-out errors with a `TypeError` when it sees the memory gone
 * while other sinks still needed it.
 *
 * Errors: a sink whose write fails (or a chunk that is not a `Uint8Array`) errors the fan-out
 * with that error, and every sink is aborted with it; nothing more is written (Go's
 * `MultiWriter` stops at the first error too). A fan-out nobody has written to yet, passed as a
 * sink, is taken over (its sinks become this one's), so nesting costs nothing per write.
 *
 * @param sinks The writables to write to, each of `Uint8Array` chunks; none is fine (the
 * chunks are dropped).
 * @returns A writable of `Uint8Array` chunks.
 * @throws {TypeError} When a sink is not a `WritableStream`, is locked, or is given twice.
 *
 * @example Go's `ExampleMultiWriter`
 * ```ts
 * import { copyBuffer, fanOut } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const texts = ["", ""];
 * const sink = (i: number) =>
 *   new WritableStream<Uint8Array>({
 *     write(view) {
 *       texts[i] += new TextDecoder().decode(view); // used, not kept
 *     },
 *   });
 * const r = new Blob(["some io.Reader stream to be read\n"]).stream();
 * await copyBuffer(r, fanOut(sink(0), sink(1)));
 * assert.deepEqual(texts, ["some io.Reader stream to be read\n", "some io.Reader stream to be read\n"]);
 * ```
 */
export function fanOut(...sinks: WritableStream<Uint8Array>[]): WritableStream<Uint8Array> {
  sinks.forEach((sink, i) => {
    checkWritableStream(action, `sinks[${i}]`, sink);
    const first = sinks.indexOf(sink);
    if (first !== i) {
      throw new TypeError(
        `Cannot ${action} as sinks[${i}] is sinks[${first}] again: each sink is written once`,
      );
    }
  });
  const all: Sink[] = [];
  let retains = false;
  for (const sink of sinks) {
    const inner = unwritten.get(sink);
    if (inner !== undefined && !inner.started) {
      // Its sinks are written here directly; the stream itself stays locked, never written.
      inner.started = true;
      sink.getWriter();
      all.push(...inner.sinks);
      retains ||= inner.retains;
      continue;
    }
    all.push({ writer: sink.getWriter(), takes: takesChunks(sink) });
    retains ||= retainsChunks(sink);
  }
  const state: Fanned = { sinks: all, retains, started: false };
  const stream = new FanOutSink(state).stream();
  unwritten.set(stream, state);
  if (retains) markRetainsChunks(stream);
  if (all.some((sink) => sink.takes)) markTakesChunks(stream);
  return stream;
}

/** The underlying sink of one fan-out. */
class FanOutSink {
  #state: Fanned;
  #plain: Sink[];
  #takers: Sink[];

  constructor(state: Fanned) {
    this.#state = state;
    this.#plain = state.sinks.filter((sink) => !sink.takes);
    this.#takers = state.sinks.filter((sink) => sink.takes);
  }

  stream(): WritableStream<Uint8Array> {
    return new WritableStream<Uint8Array>({
      write: (chunk) => this.#write(chunk),
      close: () => this.#close(),
      abort: (reason) => this.#abort(reason),
    });
  }

  async #write(chunk: Uint8Array): Promise<void> {
    this.#state.started = true;
    try {
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError(
          `Cannot ${action} as a chunk must be a Uint8Array: received ${describeValue(chunk)}`,
        );
      }
      await this.#writeAll(chunk);
    } catch (error) {
      await this.#abort(error);
      throw error;
    }
  }

  async #writeAll(chunk: Uint8Array): Promise<void> {
    const length = chunk.byteLength;
    if (this.#plain.length > 0) {
      const writes: Promise<void>[] = [];
      for (const sink of this.#plain) {
        checkIntact(chunk, length);
        writes.push(sink.writer.write(chunk));
      }
      await Promise.all(writes);
      if (this.#takers.length > 0 || this.#plain.length > 1) checkIntact(chunk, length);
    }
    const takers = this.#takers;
    if (takers.length === 0) return;
    // Only a chunk that spans its whole buffer is taken over; a byte transform copies any other.
    const taken = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    const last = takers.length - 1;
    await Promise.all(
      takers.map((sink, i) =>
        sink.writer.write(taken && (this.#state.retains || i < last) ? chunk.slice() : chunk)
      ),
    );
  }

  async #close(): Promise<void> {
    this.#state.started = true;
    try {
      await Promise.all(this.#state.sinks.map((sink) => sink.writer.close()));
    } catch (error) {
      await this.#abort(error);
      throw error;
    }
    this.#release();
  }

  async #abort(reason: unknown): Promise<void> {
    this.#state.started = true;
    await Promise.all(this.#state.sinks.map((sink) => sink.writer.abort(reason).catch(ignore)));
    this.#release();
  }

  #release(): void {
    for (const sink of this.#state.sinks) sink.writer.releaseLock();
  }
}

/** Throws when a sink took (detached) the chunk's memory while others still needed it. */
function checkIntact(chunk: Uint8Array, length: number): void {
  if (chunk.byteLength === length) return;
  throw new TypeError(
    `Cannot ${action} as a sink took (detached) the memory of a ${length}-byte chunk that other sinks still needed: a sink of a fan-out must leave what it is written intact`,
  );
}

function ignore(): void {}
