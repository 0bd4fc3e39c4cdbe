// The state and growth rules behind ByteBuffer, kept apart from the public class so the stream
// adapters (_streams.ts) can reach the storage without widening the public API.
// Growth mirrors Go's bytes.Buffer (src/bytes/buffer.go): reuse the storage when the write fits
// (tryGrowByReslice), slide the unread bytes down when they take at most half the storage,
// otherwise allocate about twice the capacity.

import { allocateAligned } from "../_aligned.ts";

/** Go's smallBufferSize: the first allocation of a buffer that never had storage. */
const SMALL_BUFFER_SIZE = 64;

/** The mutable state of one ByteBuffer: contents are `storage[off, end)`. */
export class BufferCore {
  /** The memory written to: the caller's array until the buffer must grow. */
  storage: Uint8Array;
  /** `storage.length` when attached; a mismatch means someone detached or resized it. */
  capacity: number;
  /** Read position (Go `off`). */
  off = 0;
  /** Write position (Go `len(buf)`). */
  end: number;
  /** True right after a read that returned at least one byte (Go `lastRead == opRead`). */
  lastRead = false;
  /** Capacity to allocate when growing from no storage after writeTo gave its storage away. */
  capacityHint = 0;
  /**
   * False while the storage is the caller's memory (which readFrom never transfers), true once
   * the buffer allocated its own.
   */
  owned: boolean;

  constructor(storage: Uint8Array, length: number, owned: boolean) {
    this.storage = storage;
    this.capacity = storage.length;
    this.end = length;
    this.owned = owned;
  }

  get length(): number {
    return this.end - this.off;
  }

  /** Throws a `TypeError` when the storage was detached (transferred) or resized under us. */
  check(action: string): void {
    if (this.storage.length !== this.capacity) {
      throw new TypeError(
        `Cannot ${action} as the ByteBuffer's storage is detached or resized (its ArrayBuffer was transferred, or a BYOB read in readFrom holds it): capacity ${this.capacity}, received a view of length ${this.storage.length}`,
      );
    }
  }

  /** Empty, keeping the storage (Go Reset). */
  reset(): void {
    this.off = 0;
    this.end = 0;
    this.lastRead = false;
  }

  /** Makes room for `n` more bytes after `end` without moving `end` (Go grow + Grow). */
  reserve(n: number, action: string): void {
    const m = this.length;
    if (m === 0 && this.off !== 0) this.reset(); // empty: recover the consumed space
    if (this.capacity - this.end >= n) return; // tryGrowByReslice
    if (this.capacity === 0) {
      const size = this.capacityHint > n ? this.capacityHint : Math.max(n, SMALL_BUFFER_SIZE);
      this.adopt(allocate(size, m + n, action), 0);
      return;
    }
    if (n <= Math.floor(this.capacity / 2) - m) {
      // Sliding only needs m + n <= capacity; asking for half keeps copies amortised (Go).
      this.storage.copyWithin(0, this.off, this.end);
    } else {
      // Go's growSlice(buf[off:], off + n): at least twice the capacity past the read offset.
      const wanted = Math.max(m + this.off + n, 2 * (this.capacity - this.off));
      const next = allocate(wanted, m + n, action);
      next.set(this.storage.subarray(this.off, this.end));
      this.storage = next;
      this.capacity = next.length;
      this.owned = true;
    }
    this.off = 0;
    this.end = m;
  }

  /** Replaces the storage with `next` holding `length` bytes from offset 0. */
  adopt(next: Uint8Array, length: number): void {
    this.owned = true; // only ever given memory the buffer allocated
    this.storage = next;
    this.capacity = next.length;
    this.off = 0;
    this.end = length;
  }

  /** Appends `bytes` (Go Write). Bytes already in place at the write end are only counted. */
  append(bytes: Uint8Array, action: string): void {
    this.check(action);
    this.lastRead = false;
    const n = bytes.length;
    const storage = this.storage;
    // Numbers first: reading `.buffer` costs a call, and most writes fail the offset test.
    if (
      bytes.byteOffset === storage.byteOffset + this.end && n <= this.capacity - this.end &&
      bytes.buffer === storage.buffer
    ) {
      this.end += n; // filled through availableBuffer(): already where it belongs
      return;
    }
    if (this.capacity - this.end < n) {
      // Growing may slide the storage under `bytes` when they alias it: copy them first.
      const source = bytes.buffer === storage.buffer ? bytes.slice() : bytes;
      this.reserve(n, action);
      this.storage.set(source, this.end);
    } else {
      storage.set(bytes, this.end);
    }
    this.end += n;
  }

  /** Consumes up to `n` bytes and returns a view of them in the storage (Go Next). */
  take(n: number): Uint8Array {
    const count = Math.min(n, this.length);
    const view = this.storage.subarray(this.off, this.off + count);
    this.off += count;
    this.lastRead = count > 0;
    return view;
  }

  /**
   * Gives the storage up, for writeTo: a sink may hold a view of it after its write resolves,
   * so the buffer must never write there again. The next growth allocates the same capacity.
   */
  release(): void {
    this.capacityHint = Math.max(this.capacity, this.capacityHint);
    this.adopt(new Uint8Array(0), 0); // never shared: a caller could detach a shared one
    this.lastRead = false;
  }
}

/**
 * Allocates `size` bytes, falling back to exactly `needed` when the doubled size cannot be had;
 * throws a `RangeError` naming the size when even that fails (Go's ErrTooLarge).
 */
function allocate(size: number, needed: number, action: string): Uint8Array {
  for (const attempt of size > needed ? [size, needed] : [needed]) {
    try {
      // Aligned: readFrom reads straight into storage the buffer allocated (see _aligned.ts).
      if (attempt <= Number.MAX_SAFE_INTEGER) return allocateAligned(attempt);
    } catch (error) {
      if (attempt === needed) throw tooLarge(needed, action, error);
    }
  }
  throw tooLarge(needed, action);
}

function tooLarge(size: number, action: string, cause?: unknown): RangeError {
  return new RangeError(
    `Cannot ${action} as the ByteBuffer would need ${size} bytes, more than the largest ArrayBuffer this runtime can allocate`,
    cause === undefined ? undefined : { cause },
  );
}
