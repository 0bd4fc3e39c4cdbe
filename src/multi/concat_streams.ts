/**
 * One byte stream that reads several sources one after another (Go's `io.MultiReader`).
 *
 * @module
 */

import { ChunkReader } from "../plumbing/_chunk_reader.ts";
import { directSource } from "../plumbing/_direct.ts";
import { acquireReader, cancelQuietly, checkReadableStream } from "../plumbing/_stream.ts";

const action = "concatenate streams";
/** The chunk a default read gets from a byte source (a default source's chunks are copied as they come). */
const defaultChunkSize = 65536;

/** One source: a byte stream read into the caller's memory, or a default stream copied into it. */
interface Part {
  readonly stream: ReadableStream<Uint8Array>;
  readonly byob?: ReadableStreamBYOBReader;
  readonly chunks?: ChunkReader;
}

/** The sources of a concatenation nobody has read yet: another concatenation may take them over. */
interface Joined {
  readonly parts: (Part | undefined)[];
  started: boolean;
}

const unread = new WeakMap<ReadableStream<Uint8Array>, Joined>();

/**
 * Concatenates `sources` into one byte stream (`type: "bytes"`) that reads each source to its end,
 * then the next, like Go's `io.MultiReader`. Every source is locked at the call (so nothing else
 * reads it meanwhile); the list is copied, so changing the array afterwards changes nothing.
 *
 * A BYOB read (`readInto`, `readFull`, a BYOB reader) is filled from ONE source, straight into the
 * reader's memory wherever the source allows: a byte stream's own BYOB read is handed the reader's
 * view (no copy, the memory transferred along and answered with `respondWithNewView`); a stream
 * from `openFile`, `RandomAccessFile.stream()` or a byte transform fills it past its queue (no
 * transfer); any other stream is copied into it, keeping the rest of a larger chunk for the next
 * read. As Go's `MultiReader`, a read ends where a source ends: it may be shorter than the view,
 * and `readFull` goes on into the next source. A default read gets a chunk of its own: a copy of
 * a default source's chunk (enqueueing the chunk itself would detach memory the source may still
 * use), or up to 64 KiB read from a byte source.
 *
 * A source that ends is released at once (its lock dropped, no reference kept). A source that
 * errors errors the result with its error, and the sources not read yet are cancelled with it;
 * cancelling the result cancels every source not finished with the same reason. A concatenation
 * nobody has read yet, passed as a source, is taken over (its sources become this one's), so
 * nesting `concatStreams` costs nothing per read.
 *
 * @param sources The streams to read in turn: `Uint8Array` chunks, any kind of stream.
 * @returns A byte stream of every source's bytes in order.
 * @throws {TypeError} When a source is not a `ReadableStream`, is locked, or is given twice.
 *
 * @example Go's `ExampleMultiReader`
 * ```ts
 * import { concatStreams } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new Blob([s]).stream();
 * const r = concatStreams(text("first reader "), text("second reader "), text("third reader\n"));
 * assert.equal(await new Response(r).text(), "first reader second reader third reader\n");
 * ```
 *
 * @example A BYOB read is filled from one source at a time
 * ```ts
 * import { concatStreams, readFull } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const r = concatStreams(ReadableStream.from([new Uint8Array([1, 2])]), new Blob([new Uint8Array([3, 4, 5])]).stream());
 * const reader = r.getReader({ mode: "byob" });
 * const first = await reader.read(new Uint8Array(4));
 * assert.deepEqual(first.value, new Uint8Array([1, 2])); // the first source ended there
 * const all = await readFull(reader, new Uint8Array(3)); // readFull goes on into the next
 * assert.deepEqual(all, new Uint8Array([3, 4, 5]));
 * ```
 */
export function concatStreams(
  ...sources: ReadableStream<Uint8Array>[]
): ReadableStream<Uint8Array<ArrayBuffer>> {
  sources.forEach((source, i) => {
    checkReadableStream(action, `sources[${i}]`, source);
    const first = sources.indexOf(source);
    if (first !== i) {
      throw new TypeError(
        `Cannot ${action} as sources[${i}] is sources[${first}] again: a stream is read once`,
      );
    }
  });
  const parts: Part[] = [];
  for (const source of sources) {
    const inner = unread.get(source);
    if (inner !== undefined && !inner.started) {
      // Its sources are read here directly; the stream itself stays locked, never read.
      inner.started = true;
      source.getReader();
      parts.push(...inner.parts.filter((part) => part !== undefined));
      continue;
    }
    const acquired = acquireReader(source);
    parts.push(
      acquired.byob
        ? { stream: source, byob: acquired.reader }
        : { stream: source, chunks: new ChunkReader(acquired.reader) },
    );
  }
  const state: Joined = { parts, started: false };
  const stream = new ConcatSource(state).stream();
  unread.set(stream, state);
  return stream;
}

/** The underlying source of one concatenation. */
class ConcatSource {
  #state: Joined;
  #index = 0;
  #cancelled = false;
  #controller!: ReadableByteStreamController;

  constructor(state: Joined) {
    this.#state = state;
  }

  stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return new ReadableStream({
      type: "bytes",
      start: (controller) => {
        this.#controller = controller;
      },
      pull: () => this.#pull(),
      cancel: (reason) => this.#cancel(reason),
    }) as ReadableStream<Uint8Array<ArrayBuffer>>;
  }

  async #pull(): Promise<void> {
    this.#state.started = true;
    try {
      const request = this.#controller.byobRequest;
      if (request?.view) await this.#fillRequest(request);
      else await this.#fillChunk();
    } catch (error) {
      // The source that failed is errored already; the others are let go.
      await this.#cancelRest(error);
      throw error;
    }
  }

  /** A BYOB read: one source's bytes into the reader's view. */
  async #fillRequest(request: ReadableStreamBYOBRequest): Promise<void> {
    const { buffer, byteOffset, byteLength } = request.view!;
    const original = buffer;
    let view = new Uint8Array(buffer as ArrayBuffer, byteOffset, byteLength);
    for (;;) {
      const part = this.#state.parts[this.#index];
      if (part === undefined) {
        this.#controller.close();
        respond(request, view, 0, original);
        return;
      }
      const [count, memory] = await readPart(part, view);
      if (this.#cancelled) return;
      view = memory;
      if (count > 0) {
        respond(request, view, count, original);
        return;
      }
      this.#endPart();
    }
  }

  /** A default read: a chunk of its own, from one source. */
  async #fillChunk(): Promise<void> {
    for (;;) {
      const part = this.#state.parts[this.#index];
      if (part === undefined) {
        this.#controller.close();
        return;
      }
      if (part.chunks !== undefined) {
        const piece = await part.chunks.next();
        if (this.#cancelled) return;
        if (piece !== null) {
          this.#controller.enqueue(piece.slice());
          return;
        }
      } else {
        const [count, memory] = await readPart(part, new Uint8Array(defaultChunkSize));
        if (this.#cancelled) return;
        if (count > 0) {
          // A short read gets a chunk of its own size, not a mostly empty 64 KiB one.
          this.#controller.enqueue(
            count * 2 < memory.length ? memory.slice(0, count) : memory.subarray(0, count),
          );
          return;
        }
      }
      this.#endPart();
    }
  }

  /** The current source ended: released, and forgotten. */
  #endPart(): void {
    const parts = this.#state.parts;
    release(parts[this.#index]);
    parts[this.#index] = undefined;
    this.#index++;
  }

  async #cancel(reason: unknown): Promise<void> {
    this.#state.started = true;
    this.#cancelled = true;
    await this.#cancelRest(reason);
  }

  /** Cancels every source not finished (the current one included) and lets them go. */
  async #cancelRest(reason: unknown): Promise<void> {
    const parts = this.#state.parts;
    const rest = parts.slice(this.#index).filter((part) => part !== undefined);
    parts.length = 0;
    this.#index = 0;
    await Promise.all(rest.map(async (part) => {
      if (part!.chunks !== undefined) return part!.chunks.cancel(reason);
      await cancelQuietly(part!.byob!, reason);
      part!.byob!.releaseLock();
    }));
  }
}

/**
 * Reads what one read of `part` gives into `view`: the count (0 at the part's end) and the view's
 * memory afterwards (a BYOB read hands it back under a new ArrayBuffer).
 */
async function readPart(
  part: Part,
  view: Uint8Array<ArrayBuffer>,
): Promise<[number, Uint8Array<ArrayBuffer>]> {
  if (part.chunks !== undefined) return [(await part.chunks.readInto(view)) ?? 0, view];
  const direct = directSource(part.stream);
  if (direct !== undefined) return [await direct.read(view), view];
  const { byteOffset, length } = view;
  const { done, value } = await part.byob!.read(view);
  if (value === undefined) {
    // The Streams standard hands the memory back even at the end: a source that did not is broken.
    throw new TypeError(`Cannot ${action} as a source's BYOB read gave no memory back`);
  }
  return [done ? 0 : value.length, new Uint8Array(value.buffer, byteOffset, length)];
}

/** Answers a BYOB request with `count` bytes of `view`, which may lie on a transferred buffer. */
function respond(
  request: ReadableStreamBYOBRequest,
  view: Uint8Array<ArrayBuffer>,
  count: number,
  original: ArrayBufferLike,
): void {
  if (view.buffer === original) request.respond(count);
  else request.respondWithNewView(new Uint8Array(view.buffer, view.byteOffset, count));
}

function release(part: Part | undefined): void {
  if (part?.chunks !== undefined) part.chunks.release();
  else part?.byob?.releaseLock();
}
