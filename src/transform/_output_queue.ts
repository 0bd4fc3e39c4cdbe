// The output side of a ByteTransformStream: records waiting for the reader, held as views (no copy)
// until a read asks for them, and delivered either into the reader's BYOB view (the one copy the
// reader asked for) or, for a default reader, enqueued whole. Enqueueing transfers the view's
// ArrayBuffer, so a view is enqueued as-is only when no other pending output shares its buffer;
// otherwise the record is copied into a fresh buffer first, and that copy is counted.
//
// A default reader of small records pays per record, so the per-record path allocates only the
// record itself (its first piece inline) and counts the views sharing a buffer on one Owner per
// buffer, found without a lookup for the chunk being transformed.
import type { ByteTransformStats } from "./byte_transformer.ts";

/** A buffer handed to the queue and how many references to it are pending. */
class Owner {
  refs = 0;
  /**
   * True for memory only the queue holds (an adopted chunk, a copy of kept bytes): once its last
   * pending view is copied out, its ArrayBuffer is detached, which frees it at once instead of
   * leaving it to the garbage collector (Deno held 80 MiB of such garbage streaming 1 GiB in 1 MiB
   * chunks). False once a view of it was handed to a reader.
   */
  free = false;
  readonly buffer: ArrayBufferLike;
  /** True for a written chunk's own memory: delivering a view of it whole counts as viewed. */
  readonly input: boolean;
  /** True while listed in the queue's owner table (other views of it may still be pushed). */
  readonly listed: boolean;
  // Fields assigned by hand, not parameter properties: Node runs .ts by erasing types only.
  constructor(buffer: ArrayBufferLike, input: boolean, listed: boolean) {
    this.buffer = buffer;
    this.input = input;
    this.listed = listed;
  }
}

/** One run of bytes: `owner` undefined while the bytes are memory the transformer keeps. */
class Piece {
  bytes: Uint8Array;
  owner: Owner | undefined;
  next: Piece | undefined;
  constructor(bytes: Uint8Array, owner: Owner | undefined) {
    this.bytes = bytes;
    this.owner = owner;
    this.next = undefined;
  }
}

/** A record: its first run of bytes inline, further pieces linked after it. */
class Record {
  bytes: Uint8Array;
  owner: Owner | undefined;
  next: Piece | undefined;
  last: Record | Piece;
  /** True while the transformer may still append to this record. */
  open: boolean;
  constructor(bytes: Uint8Array, owner: Owner | undefined) {
    this.bytes = bytes;
    this.owner = owner;
    this.next = undefined;
    this.last = this;
    this.open = true;
  }
}

const EMPTY = new Uint8Array(0);

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
  #owners = new Map<ArrayBufferLike, Owner>();
  #input: Owner | undefined; // the chunk being transformed

  /**
   * Takes ownership of a written chunk and holds it until `releaseInput`. A chunk that spans its
   * whole ArrayBuffer is moved (the buffer is transferred, detaching the writer's views), as the
   * writer hands that memory over; any other chunk is copied into a fresh buffer: a partial view
   * (the rest of its buffer may be memory the writer still uses, such as other records of a
   * splitter), a resizable or shared buffer, WebAssembly memory.
   */
  adopt(chunk: Uint8Array): Uint8Array {
    const { buffer, byteOffset, byteLength } = chunk;
    this.stats.bytesIn += byteLength;
    let owned: Uint8Array | undefined;
    if (
      byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer &&
      !buffer.resizable
    ) {
      try {
        owned = new Uint8Array(buffer.transfer());
      } catch {
        // Not detachable (WebAssembly memory): copied below.
      }
    }
    const input = owned !== undefined;
    if (owned === undefined) {
      this.stats.bytesCopied += byteLength;
      owned = new Uint8Array(new ArrayBuffer(byteLength));
      owned.set(chunk);
    }
    const owner = new Owner(owned.buffer, input, true);
    owner.refs = 1;
    owner.free = true;
    this.#owners.set(owner.buffer, owner);
    this.#input = owner;
    return owned;
  }

  /** Drops the hold `adopt` took on the chunk being transformed. */
  releaseInput(): void {
    const owner = this.#input;
    this.#input = undefined;
    if (owner !== undefined) this.#release(owner);
  }

  /** Appends bytes to the open record (or a new one); `partial` keeps the record open. */
  push(bytes: Uint8Array, borrowed: boolean, partial: boolean): void {
    const records = this.#records;
    let record = records.length > this.#head ? records[records.length - 1] : undefined;
    if (bytes.byteLength === 0) {
      if (record === undefined || !record.open) records.push(record = new Record(EMPTY, undefined));
      record.open = partial;
      return;
    }
    let owner: Owner | undefined;
    if (!borrowed) {
      const buffer = bytes.buffer;
      owner = this.#input !== undefined && this.#input.buffer === buffer
        ? this.#input
        : this.#owners.get(buffer);
      if (owner === undefined) {
        owner = new Owner(buffer, false, true);
        this.#owners.set(buffer, owner);
      }
      owner.refs++;
    }
    if (record === undefined || !record.open) {
      records.push(record = new Record(bytes, owner));
    } else if (record.bytes.byteLength === 0 && record.next === undefined) {
      record.bytes = bytes;
      record.owner = owner;
    } else {
      const piece = new Piece(bytes, owner);
      record.last.next = piece;
      record.last = piece;
    }
    this.#pendingBytes += bytes.byteLength;
    record.open = partial;
  }

  /** Copies what is still queued of borrowed bytes, so the transformer may reuse its memory. */
  materialize(): void {
    if (this.#records.length === this.#head) return;
    for (let piece: Record | Piece | undefined = this.#records.at(-1); piece; piece = piece.next) {
      if (piece.owner !== undefined || piece.bytes.byteLength === 0) continue;
      piece.bytes = piece.bytes.slice();
      this.stats.bytesCopied += piece.bytes.byteLength;
      piece.owner = new Owner(piece.bytes.buffer, false, false);
      piece.owner.refs = 1;
      piece.owner.free = true;
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
    this.#owners.clear();
    this.#input = undefined;
  }

  /** Fills `view` from the front of the queue; returns the number of bytes written. */
  fill(view: Uint8Array): number {
    let filled = 0;
    while (filled < view.byteLength && this.#head < this.#records.length) {
      const record = this.#records[this.#head];
      while (filled < view.byteLength && record.bytes.byteLength > 0) {
        const bytes = record.bytes;
        const take = Math.min(bytes.byteLength, view.byteLength - filled);
        view.set(take === bytes.byteLength ? bytes : bytes.subarray(0, take), filled);
        filled += take;
        if (take < bytes.byteLength) {
          record.bytes = bytes.subarray(take);
          break;
        }
        if (record.owner !== undefined) this.#release(record.owner);
        this.#shift(record);
      }
      if (record.bytes.byteLength > 0 || record.open) break;
      this.#advance();
    }
    this.stats.bytesOut += filled;
    this.#pendingBytes -= filled;
    return filled;
  }

  /**
   * Takes the front record whole. For a default reader (`shared` false): the queued view itself
   * when nothing else pending shares its buffer (a zero-copy hand-over; the reader's enqueue will
   * transfer that buffer), else a fresh copy. For `records()` (`shared` true), which hands records
   * over without a stream in between: the queued view itself even when other records share its
   * buffer (that memory is then the caller's, never freed here). A record spanning pieces is
   * joined into a fresh copy. Returns undefined while the front record is still open or the queue
   * is empty.
   */
  take(shared = false): Uint8Array | undefined {
    this.#dropEmpty();
    if (this.#head === this.#records.length) return undefined;
    const record = this.#records[this.#head];
    if (record.open) return undefined;
    this.#advance();
    const owner = record.owner;
    let result: Uint8Array;
    if (record.next === undefined && owner !== undefined && (shared || owner.refs === 1)) {
      result = record.bytes;
      owner.free = false; // the reader's now
      if (owner.input) this.stats.bytesViewed += result.byteLength;
      this.#release(owner);
    } else {
      let length = 0;
      for (let piece: Record | Piece | undefined = record; piece; piece = piece.next) {
        length += piece.bytes.byteLength;
      }
      result = new Uint8Array(length);
      let offset = 0;
      for (let piece: Record | Piece | undefined = record; piece; piece = piece.next) {
        result.set(piece.bytes, offset);
        offset += piece.bytes.byteLength;
        if (piece.owner !== undefined) this.#release(piece.owner);
      }
      this.stats.bytesCopied += length;
    }
    this.stats.bytesOut += result.byteLength;
    this.#pendingBytes -= result.byteLength;
    return result;
  }

  #release(owner: Owner): void {
    if (--owner.refs !== 0) return;
    if (owner.listed) this.#owners.delete(owner.buffer);
    // Every byte of it was copied out (or the transform dropped it): nothing may read it again.
    if (owner.free) (owner.buffer as ArrayBuffer).transfer(0);
  }

  /** Drops the first piece of `record`, moving the next one inline. */
  #shift(record: Record): void {
    const next = record.next;
    if (next === undefined) {
      record.bytes = EMPTY;
      record.owner = undefined;
      return;
    }
    record.bytes = next.bytes;
    record.owner = next.owner;
    record.next = next.next;
    if (record.last === next) record.last = record;
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
      if (record.open || record.bytes.byteLength > 0) return;
      this.#advance();
    }
  }
}
