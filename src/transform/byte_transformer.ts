/**
 * The contract between a {@link ByteTransformStream} and its transformer: the methods it calls,
 * the output they write to, and the copy accounting every byte transform reports.
 *
 * @module
 */
/** Copy accounting of a byte transform, in bytes since it was created. */
export interface ByteTransformStats {
  /** Bytes written into the writable side. */
  readonly bytesIn: number;
  /** Bytes delivered on the readable side: enqueued for a default reader or written into a BYOB view. */
  readonly bytesOut: number;
  /**
   * Bytes delivered as a view of a written chunk's own memory, with no copy at all: the reader's
   * chunk shares that memory (its ArrayBuffer was transferred from an input chunk that spanned it).
   */
  readonly bytesViewed: number;
  /**
   * Bytes copied into memory the transform allocated: a fresh chunk for a default reader when a
   * record shares its input buffer with later records, a record spanning input chunks, bytes the
   * transformer kept (`out.write`), an input chunk that is a partial view of its buffer (or over
   * memory that cannot be transferred: resizable, shared, WebAssembly). Filling a
   * BYOB reader's view is the delivery itself and is not counted here.
   */
  readonly bytesCopied: number;
}

/**
 * Where a {@link ByteTransformer} puts its output. Each call appends to the current record: one
 * chunk for a default reader, a run of bytes for a BYOB reader (which sees no record boundaries).
 */
export interface ByteTransformOutput {
  /**
   * Hands `view` over as output without copying it now. The view and its whole ArrayBuffer then
   * belong to the stream (it may transfer them to the reader): pass views of the chunk being
   * transformed, and do not touch them afterwards.
   *
   * @param view The bytes to deliver.
   * @param partial `true` leaves the record open, so the next bytes continue the same chunk.
   */
  enqueue(view: Uint8Array, partial?: boolean): void;
  /**
   * Delivers a copy of `bytes`, which the transformer keeps using: written straight into a pending
   * BYOB view when there is one, and what is left copied once before this call returns.
   *
   * @param bytes The bytes to deliver.
   * @param partial `true` leaves the record open, so the next bytes continue the same chunk.
   */
  write(bytes: Uint8Array, partial?: boolean): void;
  /**
   * Takes no more input: the readable side closes once the queued output is read, and the
   * writable side errors, so a `pipeTo`/`pipeThrough` feeding it cancels its source. Output given
   * after this call is dropped.
   */
  terminate(): void;
}

/** The behaviour of a {@link ByteTransformStream}; each method receives the output to write to. */
export interface ByteTransformer {
  /** Called once, synchronously, while the stream is constructed. */
  start?(out: ByteTransformOutput): void;
  /**
   * Called per written chunk, in order, never concurrently. `chunk` owns its memory (the written
   * chunk's buffer was transferred to it, or it is a copy of a partial view) and may be changed in
   * place and handed out with `out.enqueue`. It must not be kept after the returned promise
   * settles, except through views given to `out.enqueue`: once every byte of it has been copied
   * out to readers, the stream frees its memory at once (its ArrayBuffer detaches, so a view
   * kept anyway reads as empty, never as reused memory).
   */
  transform(chunk: Uint8Array, out: ByteTransformOutput): void | PromiseLike<void>;
  /** Called when the writable side closes, before the readable side closes. */
  flush?(out: ByteTransformOutput): void | PromiseLike<void>;
  /** Called when the readable side is cancelled or the writable side aborted. */
  cancel?(reason: unknown): void | PromiseLike<void>;
}

/** Options of {@link ByteTransformStream}. */
export interface ByteTransformStreamOptions {
  /**
   * Bytes the readable side may hold ahead of reads (its queue's high-water mark). The default 0
   * hands every record straight to the read that asks for it, so BYOB reads are filled from the
   * input's memory with no copy in between.
   */
  highWaterMark?: number;
}
