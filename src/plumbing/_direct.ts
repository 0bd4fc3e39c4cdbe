// Reading one of our own streams straight into the caller's memory, past the stream's queue, as
// Go's io.Copy skips its buffer when the source implements WriterTo: `chunks`, `records` and
// `ByteBuffer.readFrom` skip the BYOB round trip (or, for records, the enqueue per record) when the
// source is an `openFile` stream or a byte transform's readable. Not re-exported. Not copyBuffer:
// its sink is someone else's code, and a sink that wrongly keeps a view must find it detached by
// the next BYOB read, not overwritten in place.
//
// Why: a BYOB read transfers the reader's ArrayBuffer twice (into the stream and back), and in Bun
// a transfer copies the whole buffer (1 MiB: 15-30 µs per transfer; a BYOB read of a 1 MiB buffer
// costs 66 µs against 6 µs in Deno). Read straight into the buffer, the file's read is the only
// copy, and the caller's buffer is never detached.

/**
 * Fills the start of `view` from the source; resolves with the count of bytes, 0 at the end (the
 * stream is then closed). A failed read errors the stream and rejects with the error.
 */
export type DirectRead = (view: Uint8Array) => Promise<number>;

/**
 * The next record, as a default read would get it, without the stream's enqueue; null at the end
 * (the stream is then closed). Rejects once the stream errored.
 */
export type DirectRecord = () => Promise<Uint8Array | null>;

/** Fills `view` from what is ready now; the count, or undefined when nothing is (then `read` waits). */
export type ReadyRead = (view: Uint8Array) => number | undefined;

/** The next record when one is ready now, else undefined (then `next` waits for one). */
export type ReadyRecord = () => Uint8Array | undefined;

/** What a stream can do past its queue. */
export interface DirectSource {
  readonly read: DirectRead;
  readonly readReady?: ReadyRead;
  readonly next?: DirectRecord;
  readonly ready?: ReadyRecord;
}

/** Gives the direct reads of a stream when they are safe now (nothing queued, no read in flight). */
type DirectSourceOffer = () => DirectSource | undefined;

const sources = new WeakMap<object, DirectSourceOffer>();

/**
 * Marks `source` as one that `offer` can read past its queue: a stream, or an async iterable of
 * chunks whose bytes can also be read straight into the caller's memory (a scanFile window).
 */
export function offerDirectRead(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  offer: DirectSourceOffer,
): void {
  sources.set(source, offer);
}

/**
 * The direct reads of `source` (a stream the caller has just locked to its own reader, so nothing
 * else reads it meanwhile; or an iterable nobody iterated yet), or undefined when it offers none or
 * cannot now (bytes in a stream's queue, a read in flight, an iteration begun): then read it as
 * usual.
 */
export function directSource(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): DirectSource | undefined {
  return sources.get(source)?.();
}
