// Where a scanner's bytes come from, each source filling the scanner's buffer its own way:
// - an `openFile` stream or a byte transform's readable: read straight into the buffer, past the
//   stream's queue (the direct reads of src/plumbing/_direct.ts): no copy, no transfer; so are the
//   chunks of a scanFile window (positional reads of the window, which is then never mapped);
// - any other byte stream: BYOB reads into a buffer beside it (a scanner's memory may be a
//   WebAssembly.Memory, which cannot be transferred), copied once;
// - any other stream, and iterables of chunks: each chunk copied in, as much as fits;
// - a Uint8Array: copied in a buffer's worth at a time.
import { checkBytes, describeValue } from "../_validate.ts";
import { ChunkReader } from "../plumbing/_chunk_reader.ts";
import { type DirectSource, directSource } from "../plumbing/_direct.ts";
import { readerEnding, type Steps } from "../plumbing/_steps.ts";
import { acquireReader, checkReadableStream } from "../plumbing/_stream.ts";
import type { Filler } from "./_engine.ts";

/** What a scanner reads: a stream, bytes in memory, or chunks from an iterable. */
export type ScanInput =
  | ReadableStream<Uint8Array>
  | Uint8Array
  | Iterable<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** A source's fill, and how the scan ends with it: cancel (stopped early) or release. */
export type Source = Filler & Pick<Steps<unknown>, "cancel" | "release">;

/** Throws a `TypeError` unless `input` is one of the kinds a scanner reads; locks a stream. */
export function scanSource(action: string, input: unknown, bufferSize: number): Source {
  if (input instanceof ReadableStream) {
    return streamSource(checkReadableStream(action, "src", input), bufferSize);
  }
  if (input instanceof Uint8Array) return bytesSource(checkBytes(action, "src", input));
  if (typeof input === "object" && input !== null) {
    const asyncIterate = (input as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator];
    if (typeof asyncIterate === "function") {
      // A scanFile window's chunks: read straight into the buffer, never iterated.
      const direct = directSource(input as AsyncIterable<Uint8Array>);
      if (direct !== undefined) {
        return directIterableSource(input as AsyncIterable<Uint8Array>, direct);
      }
      return iteratorSource(action, asyncIterate.call(input) as AsyncIterator<unknown>);
    }
    const iterate = (input as Partial<Iterable<unknown>>)[Symbol.iterator];
    if (typeof iterate === "function") {
      return iteratorSource(action, iterate.call(input) as Iterator<unknown>);
    }
  }
  throw new TypeError(
    `Cannot ${action} as src must be a ReadableStream, a Uint8Array or an iterable of Uint8Arrays: received ${
      describeValue(input)
    }`,
  );
}

function bytesSource(bytes: Uint8Array): Source {
  let position = 0;
  const fillReady = (view: Uint8Array): number => {
    const count = Math.min(view.length, bytes.length - position);
    view.set(bytes.subarray(position, position + count));
    position += count;
    return count;
  };
  return {
    fillReady,
    fill: (view) => Promise.resolve(fillReady(view)),
    cancel: () => Promise.resolve(),
    release() {},
  };
}

function streamSource(stream: ReadableStream<Uint8Array>, bufferSize: number): Source {
  const acquired = acquireReader(stream);
  if (!acquired.byob) {
    const pieces = new ChunkReader(acquired.reader);
    return {
      fill: async (view) => (await pieces.readInto(view)) ?? 0,
      fillReady: () => undefined,
      cancel: (reason) => pieces.cancel(reason),
      release: () => pieces.release(),
    };
  }
  const reader = acquired.reader;
  const ending = readerEnding(reader);
  const direct = directSource(stream);
  if (direct !== undefined) {
    const { read, readReady } = direct;
    return {
      fill: read,
      fillReady: (view) => readReady?.(view),
      ...ending,
    };
  }
  // A BYOB read transfers the memory it fills: memory of our own, beside the scanner's.
  let beside = new Uint8Array(bufferSize);
  return {
    async fill(view) {
      const { done, value } = await reader.read(
        new Uint8Array(beside.buffer, 0, Math.min(view.length, beside.byteLength)),
      );
      if (value === undefined) return 0;
      beside = new Uint8Array(value.buffer);
      if (done) return 0;
      view.set(value);
      return value.length;
    },
    fillReady: () => undefined,
    ...ending,
  };
}

function directIterableSource(iterable: AsyncIterable<Uint8Array>, direct: DirectSource): Source {
  const { read, readReady } = direct;
  return {
    fill: read,
    fillReady: (view) => readReady?.(view),
    async cancel() {
      await (iterable as AsyncIterableIterator<Uint8Array>).return?.();
    },
    release() {},
  };
}

function iteratorSource(
  action: string,
  iterator: Iterator<unknown> | AsyncIterator<unknown>,
): Source {
  let chunk: Uint8Array | undefined;
  let position = 0;
  let ended = false;
  // The next result of an async iterator, asked for by `fillReady` and awaited by `fill`.
  let pending: Promise<IteratorResult<unknown>> | undefined;
  /** Copies what is left of the current chunk; undefined when there is none. */
  const copy = (view: Uint8Array): number | undefined => {
    if (chunk === undefined) return ended ? 0 : undefined;
    const count = Math.min(view.length, chunk.length - position);
    view.set(chunk.subarray(position, position + count));
    position += count;
    // Let go of a chunk as soon as it is copied: asking for the next one may run the producer on
    // at once, which may then free this one (a scanFile window unmaps its last chunk).
    if (position === chunk.length) chunk = undefined;
    return count;
  };
  const take = (result: IteratorResult<unknown>): void => {
    if (result.done) {
      ended = true;
      chunk = undefined;
      return;
    }
    if (!(result.value instanceof Uint8Array)) {
      throw new TypeError(
        `Cannot ${action} as its chunks must be Uint8Arrays: received ${
          describeValue(result.value)
        }`,
      );
    }
    chunk = result.value.length > 0 ? result.value : undefined;
    position = 0;
  };
  return {
    fillReady(view) {
      for (;;) {
        const count = copy(view);
        if (count !== undefined) return count;
        if (pending !== undefined) return undefined; // `fill` waits for it
        const result = iterator.next();
        if (result instanceof Promise) {
          // An async iterator: this step waits; `fill` takes the result.
          pending = result;
          return undefined;
        }
        take(result as IteratorResult<unknown>);
      }
    },
    async fill(view) {
      for (;;) {
        const count = copy(view);
        if (count !== undefined) return count;
        const next = pending ?? iterator.next();
        pending = undefined;
        take(await next);
      }
    },
    async cancel(reason) {
      chunk = undefined;
      if (!ended) {
        ended = true;
        await iterator.return?.(reason);
      }
    },
    release() {
      chunk = undefined;
    },
  };
}
