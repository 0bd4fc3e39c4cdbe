import {
  checkBytes,
  checkCallback,
  checkInteger,
  checkOptions,
  describeValue,
} from "../_validate.ts";
import { offerDirectRead } from "../plumbing/_direct.ts";
import { markTakesChunks } from "../plumbing/_taking_sinks.ts";
import { OutputQueue } from "./_output_queue.ts";
import type {
  ByteTransformer,
  ByteTransformOutput,
  ByteTransformStats,
  ByteTransformStreamOptions,
} from "./byte_transformer.ts";

const ACTION = "construct ByteTransformStream";
const TERMINATED =
  "Cannot write to the byte transform as it was terminated: it takes no more input";

/**
 * A `{ writable, readable }` pair, usable with `pipeThrough`, whose readable side is a byte stream
 * (`type: "bytes"`): BYOB readers get their own view filled, default readers get chunks.
 *
 * Input contract: writing a chunk that spans its whole ArrayBuffer hands that buffer over like a
 * `postMessage` transfer (it moves into the stream and every view of it the writer holds becomes
 * empty), so output can reach a default reader as a view of that memory instead of a copy. This
 * is what the usual producers give: a byte stream's default reads, `fetch` bodies, `Bun.file()`
 * streams, `CompressionStream`, `TextEncoderStream` allocate a buffer per chunk. A partial view of
 * a larger buffer is copied instead (counted in `bytesCopied`): the rest of that buffer may be
 * memory the writer still uses, as a splitter that enqueues several `subarray`s of one buffer
 * does. A resizable or shared buffer, or WebAssembly memory, is copied too. A chunk whose buffer
 * is already detached errors the stream with a `TypeError`. A default stream's `tee()` gives both
 * branches the same chunks: tee after the transform, not before it.
 *
 * A BYOB read is filled straight from the pending output (no intermediate buffer); `chunks()`
 * fills its buffer from it directly, without the two buffer transfers of a BYOB read. A default read
 * gets a record as the queued view itself when no other pending output shares its buffer, else a
 * copy; {@link ByteTransformStream.stats} counts both. Empty records are skipped: a byte stream
 * cannot carry a zero-length chunk.
 *
 * Backpressure: `write()` resolves once the output of that chunk has been taken by the reader
 * (or the readable's queue, up to `highWaterMark`), so a slow reader stops the source: for a BYOB
 * reader once every byte of it is read, for a default reader once its complete records are (an
 * unfinished record waits for more input). Cancelling the readable errors the writable (a pipe
 * then cancels its source with the same reason), aborting the writable errors the readable, and a
 * throwing transformer errors both.
 *
 * @example Upper-casing ASCII in place, read into the caller's buffer
 * ```ts
 * import { ByteTransformStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const upper = new ByteTransformStream({
 *   transform(chunk, out) {
 *     for (let i = 0; i < chunk.length; i++) if (chunk[i] >= 97 && chunk[i] <= 122) chunk[i] -= 32;
 *     out.enqueue(chunk);
 *   },
 * });
 * const source = ReadableStream.from([new TextEncoder().encode("hello")]);
 * const reader = source.pipeThrough(upper).getReader({ mode: "byob" });
 * const { value } = await reader.read(new Uint8Array(16));
 * assert.equal(new TextDecoder().decode(value), "HELLO");
 * assert.equal(upper.stats.bytesCopied, 0);
 * ```
 */
export class ByteTransformStream implements TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> {
  /** The byte stream of output: supports `getReader({ mode: "byob" })`. */
  readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
  /** Where input is written: a chunk spanning its whole buffer is taken over, a partial view copied. */
  readonly writable: WritableStream<Uint8Array>;
  #transformer: ByteTransformer;
  #queue = new OutputQueue();
  #readableController!: ReadableByteStreamController;
  #writableController!: WritableStreamDefaultController;
  #state: "open" | "closing" | "closed" | "errored" = "open";
  #pullWaiter: (() => void) | undefined;
  #directWaiter: (() => void) | undefined; // a direct read (see #readDirect) waiting for output
  #reason: unknown; // why the stream errored
  #byobReader = false; // the kind of the latest read that reached pull
  #drainWaiter: { resolve: () => void; reject: (reason: unknown) => void } | undefined;
  #out: ByteTransformOutput;

  /**
   * Builds the pair around `transformer`.
   *
   * @param transformer The transform: `transform(chunk, out)`, and optionally `start`, `flush`, `cancel`.
   * @param options `highWaterMark`: bytes the readable side may queue ahead of reads (default 0).
   * @throws {TypeError} When `transformer` is not an object, `transformer.transform` not a
   * function, `start`, `flush` or `cancel` neither a function nor undefined, `options` neither a
   * plain object nor undefined, or `highWaterMark` not a number.
   * @throws {RangeError} When `highWaterMark` is not an integer >= 0.
   */
  constructor(transformer: ByteTransformer, options?: ByteTransformStreamOptions) {
    checkTransformer(transformer);
    const { highWaterMark: given } = checkOptions(ACTION, options);
    const highWaterMark = given === undefined ? 0 : checkInteger(ACTION, "highWaterMark", given);
    this.#transformer = transformer;
    this.#out = {
      enqueue: (view, partial = false) => this.#push(view, false, partial),
      write: (bytes, partial = false) => this.#push(bytes, true, partial),
      terminate: () => this.#terminate(),
    };
    this.readable = new ReadableStream({
      type: "bytes",
      start: (controller) => {
        this.#readableController = controller;
      },
      pull: () => this.#pull(),
      cancel: (reason) => this.#cancel(reason),
    }, { highWaterMark });
    this.writable = new WritableStream<Uint8Array>({
      start: (controller) => {
        this.#writableController = controller;
        // An abort waits for the write in flight, which may wait for a reader: act at once.
        controller.signal.addEventListener("abort", () => {
          this.#abortSink(controller.signal.reason).catch(() => {});
        });
      },
      write: (chunk) => this.#write(chunk),
      close: () => this.#close(),
      abort: (reason) => this.#abortSink(reason),
    });
    // A chunk spanning its whole ArrayBuffer is taken over (see OutputQueue.adopt).
    markTakesChunks(this.writable);
    // chunks() fills its buffer from the pending output itself, without BYOB reads, and records()
    // takes whole records without enqueueing them, while it holds the readable's lock and nothing
    // is queued in the readable or asked of pull.
    offerDirectRead(this.readable, () => {
      const idle = this.#pullWaiter === undefined && this.#readableController.desiredSize === 0;
      return idle && this.#state !== "closed" && this.#state !== "errored"
        ? {
          read: (view) => this.#readDirect(view),
          readReady: (view) => this.#readReady(view),
          next: () => this.#nextRecord(),
          ready: () => this.#readyRecord(),
        }
        : undefined;
    });
    transformer.start?.(this.#out);
  }

  /** A snapshot of the copy accounting: see {@link ByteTransformStats} for each figure. */
  get stats(): ByteTransformStats {
    return { ...this.#queue.stats };
  }

  #push(bytes: Uint8Array, borrowed: boolean, partial: boolean): void {
    checkBytes(borrowed ? "write output" : "enqueue output", borrowed ? "bytes" : "view", bytes);
    if (this.#state !== "open") return;
    this.#queue.push(bytes, borrowed, partial);
    if (borrowed) {
      // The transformer keeps this memory: fill a waiting BYOB read now, copy the rest.
      if (this.#pullWaiter !== undefined && this.#readableController.byobRequest) this.#wake();
      this.#queue.materialize();
    }
  }

  async #write(chunk: Uint8Array): Promise<void> {
    try {
      checkBytes("write to ByteTransformStream", "chunk", chunk);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
    if (this.#state !== "open" || chunk.byteLength === 0) return;
    const owned = this.#queue.adopt(chunk);
    try {
      // Awaiting a synchronous transform would let a read slip in while this chunk is still
      // held, and its records be copied instead of handed over.
      const pending = this.#transformer.transform(owned, this.#out);
      if (pending !== undefined) await pending;
    } catch (error) {
      this.#fail(error);
      throw error;
    } finally {
      this.#queue.releaseInput();
    }
    this.#wake();
    while (this.#state === "open" && this.#blocked()) {
      await new Promise<void>((resolve, reject) => {
        this.#drainWaiter = { resolve, reject };
      });
    }
  }

  async #close(): Promise<void> {
    if (this.#state !== "open") return;
    try {
      await this.#transformer.flush?.(this.#out);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
    if (this.#state !== "open") return;
    this.#queue.endOpen();
    this.#state = "closing";
    this.#wake();
  }

  #terminate(): void {
    if (this.#state !== "open") return;
    this.#queue.endOpen();
    this.#state = "closing";
    // Delivery waits for the caller (start, transform or flush) to return: a record of the chunk
    // being transformed can only be handed over as a view once nothing else holds that chunk.
    this.#writableController.error(new TypeError(TERMINATED));
  }

  #pull(): Promise<void> | void {
    this.#readerIs(this.#readableController.byobRequest !== null);
    if (this.#deliver()) return;
    return new Promise((resolve) => {
      this.#pullWaiter = resolve;
    });
  }

  /**
   * A BYOB read without the stream in between: fills `view` from the pending output, waiting for
   * output when there is none; resolves 0 at the end, rejects once the stream errored.
   */
  async #readDirect(view: Uint8Array): Promise<number> {
    for (;;) {
      const filled = this.#readReady(view);
      if (filled !== undefined) return filled;
      if (await this.#waitForOutput()) return 0;
    }
  }

  /** A default read without the stream in between: the next whole record, null at the end. */
  async #nextRecord(): Promise<Uint8Array | null> {
    for (;;) {
      const record = this.#readyRecord();
      if (record !== undefined) return record;
      if (await this.#waitForOutput()) return null;
    }
  }

  /** Fills `view` from the output queued now, for chunks(); the count, or undefined if none. */
  #readReady(view: Uint8Array): number | undefined {
    this.#readerIs(true);
    if (this.#state === "errored" || this.#state === "closed") return undefined;
    const filled = this.#queue.fill(view);
    if (filled === 0) return undefined;
    if (!this.#blocked()) this.#drained();
    return filled;
  }

  /** The next whole record when one is queued now, for records(); else undefined. */
  #readyRecord(): Uint8Array | undefined {
    this.#readerIs(false);
    if (this.#state === "errored" || this.#state === "closed") return undefined;
    const record = this.#queue.take(true);
    if (record !== undefined && !this.#blocked()) this.#drained();
    return record;
  }

  /**
   * For a direct read that found nothing queued: rejects once the stream errored, resolves true
   * at the end (closing the readable side), else waits for output and resolves false.
   */
  async #waitForOutput(): Promise<boolean> {
    if (this.#state === "errored") throw this.#reason;
    if (this.#state === "closed") return true;
    if (this.#state === "closing" && this.#queue.empty) {
      this.#state = "closed";
      this.#readableController.close();
      return true;
    }
    await new Promise<void>((resolve) => {
      this.#directWaiter = resolve;
    });
    return false;
  }

  /** Notes the kind of reader asking (it decides what blocks the writer); frees the writer if so. */
  #readerIs(byob: boolean): void {
    if (byob === this.#byobReader) return;
    this.#byobReader = byob;
    if (!this.#blocked()) this.#drained();
  }

  /** Delivers to a waiting pull, if there is one and something to give it. */
  #wake(): void {
    const direct = this.#directWaiter;
    if (direct !== undefined) {
      this.#directWaiter = undefined;
      direct();
      return;
    }
    if (this.#pullWaiter === undefined || !this.#deliver()) return;
    const waiter = this.#pullWaiter;
    this.#pullWaiter = undefined;
    waiter();
  }

  /** Moves output to the reader; true when it made progress (delivered, closed, or is done). */
  #deliver(): boolean {
    if (this.#state === "closed" || this.#state === "errored") return true;
    const controller = this.#readableController;
    const request = controller.byobRequest;
    let delivered = false;
    if (request?.view) {
      const view = request.view;
      const filled = this.#queue.fill(
        new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
      );
      if (filled > 0) {
        request.respond(filled);
        delivered = true;
      }
    } else {
      // A default reader wants whole chunks: enqueue every complete record at once (one input
      // chunk's worth at most), as a TransformStream would, rather than one per pull.
      for (let chunk = this.#queue.take(); chunk !== undefined; chunk = this.#queue.take()) {
        controller.enqueue(chunk as Uint8Array<ArrayBuffer>);
        delivered = true;
      }
    }
    if (this.#state === "closing" && this.#queue.empty) {
      this.#state = "closed";
      controller.close();
      controller.byobRequest?.respond(0);
      return true;
    }
    if (delivered && !this.#blocked()) this.#drained();
    return delivered;
  }

  /**
   * True while the writer must wait. A default reader needs whole records, so only a complete
   * record blocks (an open one needs more input). A BYOB reader takes any bytes, so any queued byte
   * blocks: a record of any length then streams through with one input chunk in memory.
   */
  #blocked(): boolean {
    return this.#byobReader ? this.#queue.pendingBytes > 0 : this.#queue.hasComplete;
  }

  #drained(): void {
    const waiter = this.#drainWaiter;
    this.#drainWaiter = undefined;
    waiter?.resolve();
  }

  async #cancel(reason: unknown): Promise<void> {
    if (this.#state === "closed" || this.#state === "errored") return;
    this.#stop(reason);
    this.#writableController.error(reason);
    await this.#transformer.cancel?.(reason);
  }

  async #abortSink(reason: unknown): Promise<void> {
    if (this.#state === "closed" || this.#state === "errored") return;
    // The writable is already erroring with `reason`: error only the readable.
    this.#stop(reason);
    this.#readableController.error(reason);
    await this.#transformer.cancel?.(reason);
  }

  /** Errors both sides with `error` (a throwing transformer, a bad chunk, an abort). */
  #fail(error: unknown): void {
    if (this.#state === "closed" || this.#state === "errored") return;
    this.#stop(error);
    this.#readableController.error(error);
    this.#writableController.error(error);
  }

  #stop(reason: unknown): void {
    this.#state = "errored";
    this.#reason = reason;
    const direct = this.#directWaiter;
    this.#directWaiter = undefined;
    direct?.();
    this.#queue.clear();
    const drain = this.#drainWaiter;
    this.#drainWaiter = undefined;
    drain?.reject(reason);
    const pull = this.#pullWaiter;
    this.#pullWaiter = undefined;
    pull?.();
  }
}

/** Throws a TypeError unless `transformer` is an object with a `transform` function. */
function checkTransformer(transformer: unknown): void {
  if (typeof transformer !== "object" || transformer === null) {
    throw new TypeError(
      `Cannot ${ACTION} as transformer must be an object: received ${describeValue(transformer)}`,
    );
  }
  const { transform, start, flush, cancel } = transformer as Record<string, unknown>;
  if (typeof transform !== "function") {
    throw new TypeError(
      `Cannot ${ACTION} as transformer.transform must be a function: received ${
        describeValue(transform)
      }`,
    );
  }
  checkCallback(ACTION, "transformer.start", start);
  checkCallback(ACTION, "transformer.flush", flush);
  checkCallback(ACTION, "transformer.cancel", cancel);
}
