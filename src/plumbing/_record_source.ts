// Records taken past a record stream: the readable side of a record pair (DelimiterStream,
// LineStream) registers here, so that `records()` can take every record waiting at once, and so
// that a writer knows the pair's writable side keeps views of what is written to it.

/** What a record pair offers its direct consumers (see RecordChannel in src/transform/). */
export interface RecordSource<T> {
  /**
   * True while records may be taken past the stream: nothing in its queue, no pull waiting, and
   * the stream not errored (an error is then reported by the stream's own reader).
   */
  readonly direct: boolean;
  /** The next waiting record, or undefined when none waits. */
  takeOne(): T | undefined;
  /** Every waiting record (the caller's to keep), or undefined when none waits. */
  takeAll(): T[] | undefined;
  /**
   * For a direct consumer that found no record waiting: true at the end (the readable side is
   * then closed), else false once records may wait (or the stream errored).
   */
  waitOrEnd(): Promise<boolean>;
}

const sources = new WeakMap<ReadableStream, RecordSource<unknown>>();
const retaining = new WeakSet<WritableStream>();

/** Registers the two sides of a record pair. */
export function offerRecords<T>(
  readable: ReadableStream<T>,
  writable: WritableStream<Uint8Array>,
  source: RecordSource<T>,
): void {
  sources.set(readable, source as RecordSource<unknown>);
  retaining.add(writable);
}

/** The records behind `stream` when it is the readable side of a record pair, else undefined. */
export function recordSource<T>(stream: ReadableStream<T>): RecordSource<T> | undefined {
  return sources.get(stream) as RecordSource<T> | undefined;
}

/**
 * Marks `stream` as a writable that keeps views of the chunks written to it, as a record pair's
 * writable side does: a `fanOut` over one.
 */
export function markRetainsChunks(stream: WritableStream): void {
  retaining.add(stream);
}

/**
 * True when `stream` is the writable side of a record pair, which keeps views of the chunks
 * written to it (its records): a writer must not reuse a chunk's memory after writing it.
 */
export function retainsChunks(stream: WritableStream): boolean {
  return retaining.has(stream);
}
