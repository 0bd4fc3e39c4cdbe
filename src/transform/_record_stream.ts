// The `{ writable, readable }` pair behind the record splitters (DelimiterStream, LineStream). Its
// readable side is a default stream of records: a record is a value, not bytes, so an empty record
// is delivered like any other and a record cut from an input chunk is handed out as a view of it
// (a default stream never transfers its chunks' buffers).
//
// Records wait in one array until the consumer takes them. Three consumers take them, fastest
// first: `records()` takes the whole array per step (Go's bufio.Scanner: the caller loops over it
// synchronously); the readable's own async iterator (`for await`) takes one record per step from
// it, with no stream operation in between; any other reader goes through the stream, whose pull
// enqueues every record waiting. The first two are used only while the stream's queue is empty and
// no pull waits, so records are always delivered in order.
import { describeValue } from "../_validate.ts";
import { offerRecords, type RecordSource } from "../plumbing/_record_source.ts";
import { ChunkIterator, type Steps } from "../plumbing/_steps.ts";

/** Splits written chunks into records, appending each record found to `out`. */
export interface Splitter<T> {
  /**
   * Splits part of `chunk` from `from` on; returns where the next call goes on (the chunk's
   * length once it is all split). Each call's records are handed over before the next call.
   */
  split(chunk: Uint8Array<ArrayBuffer>, from: number, out: T[]): number;
  /** At the end of the input: appends what is left, if it makes a record. */
  flush(out: T[]): void;
}

type State = "open" | "closing" | "closed" | "errored";

/** The records of one pair between its writable and its readable side. */
export class RecordChannel<T> implements RecordSource<T> {
  readonly #splitter: Splitter<T>;
  #ready: T[] = [];
  #head = 0;
  #state: State = "open";
  #readable!: ReadableStreamDefaultController<T>;
  #writable!: WritableStreamDefaultController;
  #pulling = false;
  #consumer: (() => void) | undefined; // a pull or a direct take waiting for records
  #producer: { resolve: () => void; reject: (reason: unknown) => void } | undefined;

  constructor(splitter: Splitter<T>) {
    this.#splitter = splitter;
  }

  /** The underlying source of the readable side. */
  readonly source: UnderlyingDefaultSource<T> = {
    start: (controller) => {
      this.#readable = controller;
    },
    pull: () => this.#pull(),
    cancel: (reason) => {
      if (this.#state === "closed" || this.#state === "errored") return;
      this.#stop(reason);
      this.#writable.error(reason);
    },
  };

  /** The underlying sink of the writable side. */
  readonly sink: UnderlyingSink<Uint8Array> = {
    start: (controller) => {
      this.#writable = controller;
      // An abort waits for the write in flight, which may wait for a reader: act at once.
      controller.signal.addEventListener("abort", () => this.#abort(controller.signal.reason));
    },
    write: (chunk) => this.#write(chunk),
    close: () => this.#close(),
    abort: (reason) => this.#abort(reason),
  };

  /**
   * True while records may be taken past the stream: nothing in its queue, no pull waiting, and
   * the stream not errored (an error is then reported by the stream's own reader).
   */
  get direct(): boolean {
    return !this.#pulling && this.#state !== "errored" && this.#readable.desiredSize === 0;
  }

  /** The next waiting record, or undefined when none waits. */
  takeOne(): T | undefined {
    if (this.#head === this.#ready.length) return undefined;
    const record = this.#ready[this.#head++];
    if (this.#head === this.#ready.length) this.#emptied();
    return record;
  }

  /** Every waiting record (the caller's to keep), or undefined when none waits. */
  takeAll(): T[] | undefined {
    if (this.#head === this.#ready.length) return undefined;
    const batch = this.#head === 0 ? this.#ready : this.#ready.slice(this.#head);
    this.#ready = [];
    this.#emptied();
    return batch;
  }

  /**
   * For a direct consumer that found no record waiting: true at the end (the readable side is
   * then closed), else false once records may wait (or the stream errored).
   */
  async waitOrEnd(): Promise<boolean> {
    if (this.#state === "closed") return true;
    if (this.#state === "closing") {
      this.#state = "closed";
      this.#readable.close();
      return true;
    }
    if (this.#state === "open") await new Promise<void>((resolve) => this.#consumer = resolve);
    return false;
  }

  async #pull(): Promise<void> {
    this.#pulling = true;
    try {
      for (;;) {
        const batch = this.takeAll();
        if (batch !== undefined) {
          for (const record of batch) this.#readable.enqueue(record);
          return;
        }
        if (this.#state !== "open") {
          if (this.#state === "closing") {
            this.#state = "closed";
            this.#readable.close();
          }
          return;
        }
        await new Promise<void>((resolve) => this.#consumer = resolve);
      }
    } finally {
      this.#pulling = false;
    }
  }

  async #write(chunk: Uint8Array): Promise<void> {
    if (!(chunk instanceof Uint8Array)) {
      const error = new TypeError(
        `Cannot write to the record stream as chunk must be a Uint8Array: received ${
          describeValue(chunk)
        }`,
      );
      this.#fail(error);
      throw error;
    }
    if (this.#state !== "open") return;
    // Records are views of their chunk: of an ArrayBuffer, as their type says (shared memory is
    // copied once here).
    if (!(chunk.buffer instanceof ArrayBuffer)) chunk = chunk.slice();
    // A slice at a time: the records waiting stay bounded however large the chunk.
    let from = 0;
    do {
      try {
        from = this.#splitter.split(chunk as Uint8Array<ArrayBuffer>, from, this.#ready);
      } catch (error) {
        this.#fail(error);
        throw error;
      }
      if (this.#head === this.#ready.length) continue;
      this.#wake();
      // Backpressure: the next slice (the next chunk) is split once every record is taken.
      await new Promise<void>((resolve, reject) => this.#producer = { resolve, reject });
      if (this.#state !== "open") return;
    } while (from < chunk.length);
  }

  #close(): void {
    if (this.#state !== "open") return;
    try {
      this.#splitter.flush(this.#ready);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
    this.#state = "closing";
    this.#wake();
  }

  #abort(reason: unknown): void {
    if (this.#state === "closed" || this.#state === "errored") return;
    this.#stop(reason);
    this.#readable.error(reason);
  }

  /** Errors both sides (a bad chunk, a record too long). */
  #fail(error: unknown): void {
    if (this.#state === "closed" || this.#state === "errored") return;
    this.#stop(error);
    this.#readable.error(error);
    this.#writable.error(error);
  }

  #stop(reason: unknown): void {
    this.#state = "errored";
    this.#ready = [];
    this.#head = 0;
    const producer = this.#producer;
    this.#producer = undefined;
    producer?.reject(reason);
    this.#wake();
  }

  #emptied(): void {
    this.#ready.length = 0;
    this.#head = 0;
    const producer = this.#producer;
    this.#producer = undefined;
    producer?.resolve();
  }

  #wake(): void {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    consumer?.();
  }
}

/**
 * Builds a record pair around `splitter`. The readable's `values()` and `[Symbol.asyncIterator]`
 * behave as the standard ones (lock, `preventCancel`, cancel on `return()`) but take records
 * straight from the channel while they can.
 */
export function recordPair<T>(
  splitter: Splitter<T>,
): { readable: ReadableStream<T>; writable: WritableStream<Uint8Array> } {
  const channel = new RecordChannel(splitter);
  const readable = new ReadableStream<T>(channel.source, { highWaterMark: 0 });
  const writable = new WritableStream<Uint8Array>(channel.sink);
  offerRecords(readable, writable, channel);
  const values = (options?: { preventCancel?: boolean }) =>
    new ChunkIterator<T>(recordSteps(readable, channel, options?.preventCancel === true));
  for (const key of ["values", Symbol.asyncIterator]) {
    Object.defineProperty(readable, key, { value: values, writable: true, configurable: true });
  }
  return { readable, writable };
}

/** One record per step, past the stream while the channel allows it. */
function recordSteps<T>(
  readable: ReadableStream<T>,
  channel: RecordChannel<T>,
  preventCancel: boolean,
): Steps<T> {
  const reader = readable.getReader();
  return {
    ready: () => channel.direct ? channel.takeOne() : undefined,
    async step() {
      for (;;) {
        if (!channel.direct) {
          const { done, value } = await reader.read();
          return done ? null : value;
        }
        const record = channel.takeOne();
        if (record !== undefined) return record;
        if (await channel.waitOrEnd()) return null;
      }
    },
    async cancel(reason) {
      if (!preventCancel) await reader.cancel(reason).catch(() => {});
      reader.releaseLock();
    },
    stopReason: (value) => value,
    release: () => reader.releaseLock(),
  };
}
