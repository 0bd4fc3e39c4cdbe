// Test sources for the read functions: byte streams that enqueue or write into the BYOB request,
// default streams, and a record of what each source saw (cancel reasons, how bytes left it).

/** What a test source saw. */
export interface SourceLog {
  /** Reasons given to the source's `cancel()`. */
  cancelled: unknown[];
  /** Bytes written straight into a BYOB request's view (no copy on the stream's side). */
  respondedBytes: number;
  /** Chunks handed over with `enqueue()`. */
  enqueued: number;
  /** How many times `pull()` ran. */
  pulls: number;
}

/** How a test source ends once its chunks are out. */
export interface SourceOptions {
  /** Error the stream with this instead of closing it. */
  error?: unknown;
  /** Never end: keep pulling forever (for cancel tests); the chunks repeat. */
  endless?: boolean;
}

/** Kinds of source every read function is run against. */
export type SourceKind = "byob-respond" | "byob-enqueue" | "default";

/** All source kinds, for tests that loop over them. */
export const sourceKinds: readonly SourceKind[] = ["byob-respond", "byob-enqueue", "default"];

/** Makes a stream of `chunks` of the given kind. Chunks are copied first, so tests keep theirs. */
export function source(
  kind: SourceKind,
  chunks: readonly Uint8Array[],
  options: SourceOptions = {},
): { stream: ReadableStream<Uint8Array>; log: SourceLog } {
  return kind === "default"
    ? defaultSource(chunks, options)
    : byteSource(chunks, kind === "byob-respond" ? "respond" : "enqueue", options);
}

/**
 * A byte stream. In "respond" mode it writes into the BYOB request's view (keeping the rest of a
 * chunk that does not fit) and enqueues only for default readers; in "enqueue" mode it enqueues.
 */
export function byteSource(
  chunks: readonly Uint8Array[],
  mode: "respond" | "enqueue",
  options: SourceOptions = {},
): { stream: ReadableStream<Uint8Array>; log: SourceLog } {
  const log: SourceLog = { cancelled: [], respondedBytes: 0, enqueued: 0, pulls: 0 };
  const queue = chunks.map((chunk) => chunk.slice());
  let index = 0;
  let rest: Uint8Array<ArrayBuffer> | null = null;
  const stream = new ReadableStream({
    type: "bytes",
    pull(controller) {
      log.pulls++;
      if (rest === null || rest.length === 0) {
        if (index >= queue.length && options.endless && queue.length > 0) index = 0;
        // A zero-length enqueue throws on a byte stream: such chunks are dropped here.
        while (index < queue.length && queue[index].length === 0) index++;
        if (index >= queue.length) {
          if (options.error !== undefined) {
            controller.error(options.error);
            return;
          }
          controller.close();
          controller.byobRequest?.respond(0);
          return;
        }
        rest = queue[index++].slice();
      }
      const request = controller.byobRequest;
      if (mode === "respond" && request !== null && request.view !== null) {
        const view = new Uint8Array(
          request.view.buffer,
          request.view.byteOffset,
          request.view.byteLength,
        );
        const count = Math.min(view.length, rest.length);
        view.set(rest.subarray(0, count));
        rest = rest.subarray(count);
        log.respondedBytes += count;
        request.respond(count);
        return;
      }
      log.enqueued++;
      controller.enqueue(rest);
      rest = null;
    },
    cancel(reason) {
      log.cancelled.push(reason);
    },
  });
  return { stream, log };
}

/** A default (non-byte) stream of `chunks`, zero-length ones included. */
export function defaultSource(
  chunks: readonly Uint8Array[],
  options: SourceOptions = {},
): { stream: ReadableStream<Uint8Array>; log: SourceLog } {
  const log: SourceLog = { cancelled: [], respondedBytes: 0, enqueued: 0, pulls: 0 };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      log.pulls++;
      if (index >= chunks.length && options.endless && chunks.length > 0) index = 0;
      if (index >= chunks.length) {
        if (options.error !== undefined) controller.error(options.error);
        else controller.close();
        return;
      }
      log.enqueued++;
      controller.enqueue(chunks[index++].slice());
    },
    cancel(reason) {
      log.cancelled.push(reason);
    },
  }, { highWaterMark: 0 });
  return { stream, log };
}

/** Bytes 0, 1, 2, ... (mod 256), `length` of them. */
export function counting(length: number, start = 0): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => (start + i) % 256);
}

/** Joins views into one array. */
export function concat(views: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(views.reduce((sum, view) => sum + view.length, 0));
  let at = 0;
  for (const view of views) {
    out.set(view, at);
    at += view.length;
  }
  return out;
}

/** Splits `data` at the given sizes (the last piece takes the rest). */
export function split(data: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= data.length) break;
    pieces.push(data.slice(at, at + size));
    at += size;
  }
  if (at < data.length) pieces.push(data.slice(at));
  return pieces;
}

/** Rejects when `promise` has not settled within `ms` milliseconds, so no test can hang. */
export function bounded<T>(promise: Promise<T>, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A fenced window: `length` bytes at offset `offset` of a buffer with `fence` bytes after it. */
export function window(
  length: number,
  offset = 3,
  fence = 5,
): { buf: Uint8Array<ArrayBuffer>; memory: ArrayBuffer } {
  const memory = new ArrayBuffer(offset + length + fence);
  new Uint8Array(memory).fill(0xee);
  return { buf: new Uint8Array(memory, offset, length), memory };
}

/** Asserts-free check that every byte of `memory` outside `[offset, offset + length)` is 0xEE. */
export function fenceIntact(
  memory: ArrayBufferLike,
  offset: number,
  length: number,
): boolean {
  const all = new Uint8Array(memory);
  for (let i = 0; i < all.length; i++) {
    if ((i < offset || i >= offset + length) && all[i] !== 0xee) return false;
  }
  return true;
}
