// The output side of a ByteTransformStream: records waiting for the reader, held as views (no copy)
// until a read asks for them, and delivered either into the reader's BYOB view (the one copy the
// reader asked for) or, for a default reader, enqueued whole. Enqueueing transfers the view's
// ArrayBuffer, so a view is enqueued as-is only when no other pending output shares its buffer;
// otherwise the record is copied into a fresh buffer first, and that copy is counted.
import type { ByteTransformStats } from "./byte_transformer.ts";

interface Segment {
  bytes: Uint8Array;
  /** True when `bytes` is a view of a transferred input chunk (delivering it whole is a view). */
  input: boolean;
  /** True while `bytes` is memory the transformer keeps: never transferred, copied if it stays. */
  borrowed: boolean;
}

interface Record {
  segments: Segment[];
  /** True while the transformer may still append to this record. */
  open: boolean;
}

/** The pending output of one byte transform and its copy accounting. */
export class OutputQueue {
  readonly stats: { -readonly [K in keyof ByteTransformStats]: number } = {
    bytesIn: 0,
    bytesOut: 0,
    bytesViewed: 0,
    bytesCopied: 0,
  };
  #records: Record[] = [];
  #head = 0;
  #pendingBytes = 0;
  #refs = new Map<ArrayBufferLike, number>();
  #inputBuffers = new WeakSet<ArrayBufferLike>();

  /**
   * Takes ownership of a written chunk: moves its ArrayBuffer (detaching the writer's views) or,
   * when the buffer cannot be transferred (shared or WebAssembly memory), copies the bytes.
   */
  adopt(chunk: Uint8Array): Uint8Array {
    const { buffer, byteOffset, byteLength } = chunk;
    this.stats.bytesIn += byteLength;
    if (buffer instanceof ArrayBuffer) {
      try {
        const moved = buffer.transfer();
        this.#inputBuffers.add(moved);
        return new Uint8Array(moved, byteOffset, byteLength);
      } catch {
        // Not detachable: fall through to a copy.
      }
    }
    this.stats.bytesCopied += byteLength;
    return chunk.slice();
  }

  /** Counts a reference to `buffer` that is not a queued segment (a chunk being transformed). */
  hold(buffer: ArrayBufferLike): void {
    this.#refs.set(buffer, (this.#refs.get(buffer) ?? 0) + 1);
  }

  /** Drops a reference taken by `hold` or by a queued segment. */
  release(buffer: ArrayBufferLike): void {
    const count = (this.#refs.get(buffer) ?? 1) - 1;
    if (count === 0) this.#refs.delete(buffer);
    else this.#refs.set(buffer, count);
  }

  /** Appends bytes to the open record (or a new one); `partial` keeps the record open. */
  push(bytes: Uint8Array, borrowed: boolean, partial: boolean): void {
    let record = this.#records.length > this.#head ? this.#records.at(-1)! : undefined;
    if (record === undefined || !record.open) {
      record = { segments: [], open: true };
      this.#records.push(record);
    }
    if (bytes.byteLength > 0) {
      const input = !borrowed && this.#inputBuffers.has(bytes.buffer);
      record.segments.push({ bytes, input, borrowed });
      this.#pendingBytes += bytes.byteLength;
      if (!borrowed) this.hold(bytes.buffer);
    }
    record.open = partial;
  }

  /** Copies what is still queued of borrowed segments, so the transformer may reuse its memory. */
  materialize(): void {
    const last = this.#records.at(-1);
    if (last === undefined || this.#records.length === this.#head) return;
    for (const segment of last.segments) {
      if (!segment.borrowed) continue;
      segment.bytes = segment.bytes.slice();
      segment.borrowed = false;
      this.stats.bytesCopied += segment.bytes.byteLength;
      this.hold(segment.bytes.buffer);
    }
  }

  /** Ends the open record, if any. */
  endOpen(): void {
    const last = this.#records.at(-1);
    if (last !== undefined) last.open = false;
  }

  /** True when nothing at all is queued. */
  get empty(): boolean {
    this.#dropEmpty();
    return this.#head === this.#records.length;
  }

  /** Bytes queued and not yet delivered, in open records too. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** True while a complete record waits for the reader. */
  get hasComplete(): boolean {
    this.#dropEmpty();
    const pending = this.#records.length - this.#head;
    return pending > 1 || (pending === 1 && !this.#records[this.#head].open);
  }

  /** Forgets every queued record (the stream errored or was cancelled). */
  clear(): void {
    this.#records = [];
    this.#head = 0;
    this.#pendingBytes = 0;
    this.#refs.clear();
  }

  /** Fills `view` from the front of the queue; returns the number of bytes written. */
  fill(view: Uint8Array): number {
    let filled = 0;
    while (filled < view.byteLength && this.#head < this.#records.length) {
      const record = this.#records[this.#head];
      const segments = record.segments;
      while (filled < view.byteLength && segments.length > 0) {
        const segment = segments[0];
        const take = Math.min(segment.bytes.byteLength, view.byteLength - filled);
        view.set(
          take === segment.bytes.byteLength ? segment.bytes : segment.bytes.subarray(0, take),
          filled,
        );
        filled += take;
        if (take === segment.bytes.byteLength) {
          segments.shift();
          if (!segment.borrowed) this.release(segment.bytes.buffer);
        } else {
          segment.bytes = segment.bytes.subarray(take);
        }
      }
      if (segments.length > 0 || record.open) break;
      this.#advance();
    }
    this.stats.bytesOut += filled;
    this.#pendingBytes -= filled;
    return filled;
  }

  /**
   * Takes the front record whole, for a default reader: the queued view itself when nothing else
   * pending shares its buffer (a zero-copy hand-over), else a fresh copy. Returns undefined while
   * the front record is still open or the queue is empty.
   */
  take(): Uint8Array | undefined {
    this.#dropEmpty();
    if (this.#head === this.#records.length) return undefined;
    const record = this.#records[this.#head];
    if (record.open) return undefined;
    this.#advance();
    const segments = record.segments;
    let result: Uint8Array;
    if (segments.length === 1 && this.#refs.get(segments[0].bytes.buffer) === 1) {
      result = segments[0].bytes;
      if (segments[0].input) this.stats.bytesViewed += result.byteLength;
    } else {
      result = new Uint8Array(segments.reduce((sum, s) => sum + s.bytes.byteLength, 0));
      let offset = 0;
      for (const segment of segments) {
        result.set(segment.bytes, offset);
        offset += segment.bytes.byteLength;
      }
      this.stats.bytesCopied += result.byteLength;
    }
    for (const segment of segments) {
      if (!segment.borrowed) this.release(segment.bytes.buffer);
    }
    this.stats.bytesOut += result.byteLength;
    this.#pendingBytes -= result.byteLength;
    return result;
  }

  #advance(): void {
    this.#head++;
    if (this.#head === this.#records.length) {
      this.#records = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#head = 0;
    }
  }

  // Closed records with no bytes left (empty records, or ones a BYOB read drained) are skipped:
  // a byte stream cannot deliver a zero-length chunk.
  #dropEmpty(): void {
    while (this.#head < this.#records.length) {
      const record = this.#records[this.#head];
      if (record.open || record.segments.length > 0) return;
      this.#advance();
    }
  }
}
