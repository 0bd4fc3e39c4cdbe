import { BufferCore } from "./_core.ts";
import { readFrom } from "./_read_from.ts";
import { appendingStream, drainingStream, writeTo } from "./_streams.ts";
import { checkBytes, checkInteger, describeValue } from "../_validate.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A growable byte buffer with Go's `bytes.Buffer` semantics that wraps caller memory and hands
 * out views instead of copies. Reads take from the front, writes append; `null` stands for Go's
 * `io.EOF`.
 *
 * Lifetime of views: `bytes()`, `availableBuffer()`, `next()`, `peek()` and `readSlice()` return
 * views of the storage (no copy). A view is valid until the next call that mutates the buffer
 * (any read, write, `grow`, `truncate`, `reset`, `readFrom`, `writeTo`, or a read of `readable` /
 * write to `writable`): later writes may overwrite its bytes. When the buffer grows into new
 * storage, old views keep pointing at the old storage (they stay readable and are not detached)
 * but no longer see the buffer's changes; likewise the caller's wrapped array is no longer
 * written once the buffer has grown past it. The buffer never detaches the caller's array;
 * `readFrom` detaches earlier views only of storage the buffer allocated itself.
 *
 * Growth follows Go: a write that fits the free space stays in place; otherwise the unread bytes
 * slide to the front when they fill at most half the storage, else the buffer allocates about
 * twice its capacity (amortised O(1) appends). A size beyond what the runtime can allocate
 * throws a `RangeError` naming it (Go's `ErrTooLarge`). Storage the buffer allocates is placed
 * so that reads into it run at full speed: from 4096 bytes on, it lies 48 bytes into an
 * ArrayBuffer 64 bytes larger (views of it have that byteOffset).
 *
 * @example Write, then read back
 * ```ts
 * import { ByteBuffer } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const buffer = new ByteBuffer();
 * buffer.writeString("hello, ");
 * buffer.write(new TextEncoder().encode("world\n"));
 * assert.equal(buffer.readString(0x2c), "hello,");
 * assert.equal(buffer.toString(), " world\n");
 * ```
 *
 * @example Wrapping caller memory without copying
 * ```ts
 * import { ByteBuffer } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const memory = new Uint8Array(16);
 * const buffer = new ByteBuffer(memory, 0); // empty, 16 bytes of capacity
 * buffer.writeString("abc");
 * assert.deepEqual(memory.subarray(0, 3), new TextEncoder().encode("abc"));
 * assert.equal(buffer.bytes().buffer, memory.buffer);
 * ```
 */
export class ByteBuffer {
  #core: BufferCore;
  #readable: ReadableStream<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | undefined;

  /**
   * Wraps `storage` WITHOUT copying (Go `NewBuffer`): its first `length` bytes are the contents
   * and the rest is free capacity. Writes land in `storage` until the buffer must grow. A
   * subarray is only ever written inside its own window of the ArrayBuffer.
   *
   * @param storage The memory to use; an empty buffer without storage when omitted.
   * @param length How many leading bytes of `storage` are contents (default: all of them).
   * @throws {TypeError} When `storage` is not a Uint8Array or is detached, or `length` is not a number.
   * @throws {RangeError} When `length` is not an integer in `[0, storage.length]`.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer(new Uint8Array([1, 2, 3, 0]), 3);
   * assert.equal(buffer.length, 3);
   * assert.equal(buffer.available, 1);
   * ```
   */
  constructor(storage?: Uint8Array, length?: number) {
    const action = "construct ByteBuffer";
    const memory = storage === undefined
      ? new Uint8Array(0)
      : checkBytes(action, "storage", storage);
    const contents = length === undefined
      ? memory.length
      : checkInteger(action, "length", length, 0, memory.length);
    this.#core = new BufferCore(memory, contents, storage === undefined);
  }

  /**
   * Creates a buffer holding the UTF-8 encoding of `s` (Go `NewBufferString`).
   *
   * @param s The initial contents.
   * @returns A buffer whose contents are `s`, in storage it owns.
   * @throws {TypeError} When `s` is not a string.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * assert.equal(ByteBuffer.fromString("héllo").length, 6);
   * ```
   */
  static fromString(s: string): ByteBuffer {
    if (typeof s !== "string") {
      throw new TypeError(
        `Cannot create ByteBuffer from a string as s must be a string: received ${
          describeValue(s)
        }`,
      );
    }
    const buffer = new ByteBuffer(encoder.encode(s));
    buffer.#core.owned = true; // a fresh encoding nobody else holds
    return buffer;
  }

  /** The number of unread bytes (Go `Len`). */
  get length(): number {
    return this.#core.length;
  }

  /** The size of the storage in bytes (Go `Cap`). */
  get capacity(): number {
    return this.#core.capacity;
  }

  /** The free bytes after the written end, writable without growing (Go `Available`). */
  get available(): number {
    return this.#core.capacity - this.#core.end;
  }

  /**
   * Returns a view of the unread bytes (Go `Bytes`). It aliases the storage (no copy): changes
   * to it change what later reads return. Valid until the next mutating call.
   *
   * @returns A view of length `this.length` over the storage.
   * @throws {TypeError} When the storage was detached.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("abc");
   * buffer.bytes()[0] = 0x41;
   * assert.equal(buffer.toString(), "Abc");
   * ```
   */
  bytes(): Uint8Array {
    const core = this.#core;
    core.check("view ByteBuffer bytes");
    return core.storage.subarray(core.off, core.end);
  }

  /**
   * Returns a view of the free space after the written end (Go `AvailableBuffer`). Fill its
   * first `n` bytes, then `write(view.subarray(0, n))`: the write sees the bytes already in place
   * and only counts them (no copy). Aliases the storage; valid until the next mutating call.
   * Never hand it to a BYOB reader yourself: that transfers the storage (use `readFrom`).
   *
   * @returns A view of length `this.available` over the storage.
   * @throws {TypeError} When the storage was detached.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * buffer.grow(8);
   * const free = buffer.availableBuffer();
   * const { written } = new TextEncoder().encodeInto("hi", free);
   * buffer.write(free.subarray(0, written));
   * assert.equal(buffer.toString(), "hi");
   * ```
   */
  availableBuffer(): Uint8Array {
    const core = this.#core;
    core.check("view ByteBuffer free space");
    return core.storage.subarray(core.end, core.capacity);
  }

  /**
   * Decodes the unread bytes as UTF-8 (invalid sequences become U+FFFD), without consuming them
   * (Go `String`).
   *
   * @returns The unread bytes as a string.
   * @throws {TypeError} When the storage was detached.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer(new Uint8Array([0x6f, 0x6b, 0xff]));
   * assert.equal(buffer.toString(), "ok\uFFFD");
   * assert.equal(buffer.length, 3);
   * ```
   */
  toString(): string {
    return decode(this.bytes());
  }

  /**
   * Makes room for `n` more bytes, so the next `n` bytes written need no allocation (Go `Grow`).
   *
   * @param n How many bytes must fit after the written end.
   * @throws {TypeError} When `n` is not a number, or the storage was detached.
   * @throws {RangeError} When `n` is negative or not an integer, or the size cannot be allocated.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * buffer.grow(1000);
   * assert.ok(buffer.available >= 1000);
   * ```
   */
  grow(n: number): void {
    const action = "grow ByteBuffer";
    checkInteger(action, "n", n);
    const core = this.#core;
    core.check(action);
    core.lastRead = false;
    core.reserve(n, action);
  }

  /**
   * Keeps the first `n` unread bytes and drops the rest, keeping the storage (Go `Truncate`).
   *
   * @param n How many unread bytes to keep.
   * @throws {TypeError} When `n` is not a number.
   * @throws {RangeError} When `n` is not an integer in `[0, this.length]`.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("abcdef");
   * buffer.truncate(2);
   * assert.equal(buffer.toString(), "ab");
   * ```
   */
  truncate(n: number): void {
    const core = this.#core;
    checkInteger("truncate ByteBuffer", "n", n, 0, core.length);
    if (n === 0) return core.reset();
    core.lastRead = false;
    core.end = core.off + n;
  }

  /**
   * Empties the buffer, keeping its storage for later writes (Go `Reset`, `truncate(0)`).
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("abc");
   * buffer.reset();
   * assert.equal(buffer.length, 0);
   * assert.equal(buffer.capacity, 3);
   * ```
   */
  reset(): void {
    this.#core.reset();
  }

  /**
   * Appends the bytes of `p`, growing as needed (Go `Write`). Copies `p` unless it is the start
   * of `availableBuffer()`, whose bytes are already in place.
   *
   * @param p The bytes to append; it may alias the buffer's own storage.
   * @returns `p.length`.
   * @throws {TypeError} When `p` is not a Uint8Array or is detached, or the storage was detached.
   * @throws {RangeError} When the buffer cannot grow that large.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * assert.equal(buffer.write(new Uint8Array([1, 2, 3])), 3);
   * assert.deepEqual(buffer.bytes(), new Uint8Array([1, 2, 3]));
   * ```
   */
  write(p: Uint8Array): number {
    const action = "write to ByteBuffer";
    checkBytes(action, "p", p);
    this.#core.append(p, action);
    return p.length;
  }

  /**
   * Appends the UTF-8 encoding of `s`, encoded straight into the storage with
   * `TextEncoder.encodeInto` (Go `WriteString`). Lone surrogates are written as U+FFFD.
   *
   * @param s The string to append.
   * @returns The number of bytes written (the UTF-8 length, not `s.length`).
   * @throws {TypeError} When `s` is not a string, or the storage was detached.
   * @throws {RangeError} When the buffer cannot grow that large.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * assert.equal(buffer.writeString("€1"), 4);
   * assert.equal(buffer.toString(), "€1");
   * ```
   */
  writeString(s: string): number {
    const action = "write a string to ByteBuffer";
    if (typeof s !== "string") {
      throw new TypeError(`Cannot ${action} as s must be a string: received ${describeValue(s)}`);
    }
    const core = this.#core;
    core.check(action);
    core.lastRead = false;
    let consumed = 0;
    let written = 0;
    // Most strings fit the free space in one pass; otherwise grow for at least the UTF-16 units
    // left (enough for ASCII, and never less than one code point's 4 bytes) and go on.
    if (core.capacity - core.end < s.length) core.reserve(s.length, action);
    for (;;) {
      const rest = consumed === 0 ? s : s.slice(consumed);
      const result = encoder.encodeInto(rest, core.storage.subarray(core.end, core.capacity));
      consumed += result.read;
      written += result.written;
      core.end += result.written;
      if (consumed >= s.length) return written;
      core.reserve(Math.max(s.length - consumed, 4), action);
    }
  }

  /**
   * Appends one byte (Go `WriteByte`).
   *
   * @param c The byte, an integer in `[0, 255]`.
   * @throws {TypeError} When `c` is not a number, or the storage was detached.
   * @throws {RangeError} When `c` is not an integer in `[0, 255]`.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * buffer.writeByte(0x41);
   * assert.equal(buffer.toString(), "A");
   * ```
   */
  writeByte(c: number): void {
    const action = "write a byte to ByteBuffer";
    checkInteger(action, "c", c, 0, 255);
    const core = this.#core;
    core.check(action);
    core.lastRead = false;
    core.reserve(1, action);
    core.storage[core.end++] = c;
  }

  /**
   * Copies the next `min(p.length, this.length)` bytes into `p` and consumes them (Go `Read`).
   *
   * @param p Where to copy; it may be a view at any offset.
   * @returns The number of bytes copied; `0` when `p` is empty; `null` when the buffer is empty
   * and `p` is not (Go's `io.EOF`).
   * @throws {TypeError} When `p` is not a Uint8Array or is detached, or the storage was detached.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("abc");
   * const p = new Uint8Array(2);
   * assert.equal(buffer.read(p), 2);
   * assert.equal(buffer.read(p), 1);
   * assert.equal(buffer.read(p), null);
   * ```
   */
  read(p: Uint8Array): number | null {
    const action = "read from ByteBuffer";
    checkBytes(action, "p", p);
    const core = this.#core;
    core.check(action);
    if (core.length === 0) {
      core.reset(); // empty: recover the consumed space
      return p.length === 0 ? 0 : null;
    }
    const bytes = core.take(p.length);
    p.set(bytes);
    return bytes.length;
  }

  /**
   * Reads and consumes one byte (Go `ReadByte`).
   *
   * @returns The byte, or `null` when the buffer is empty.
   * @throws {TypeError} When the storage was detached.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer(new Uint8Array([7]));
   * assert.equal(buffer.readByte(), 7);
   * assert.equal(buffer.readByte(), null);
   * ```
   */
  readByte(): number | null {
    const core = this.#core;
    core.check("read a byte from ByteBuffer");
    if (core.length === 0) {
      core.reset();
      return null;
    }
    core.lastRead = true;
    return core.storage[core.off++];
  }

  /**
   * Puts back the last byte read, so the next read returns it again (Go `UnreadByte`). Allowed
   * only right after a read that returned at least one byte: `read`, `readByte`, `next`,
   * `readSlice`, `readBytes` or `readString`.
   *
   * @throws {Error} When the last operation was not such a read.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("ab");
   * buffer.readByte();
   * buffer.unreadByte();
   * assert.equal(buffer.toString(), "ab");
   * assert.throws(() => buffer.unreadByte());
   * ```
   */
  unreadByte(): void {
    const core = this.#core;
    if (!core.lastRead) {
      throw new Error(
        "Cannot unread a byte of ByteBuffer as the last operation was not a read that returned bytes",
      );
    }
    core.lastRead = false;
    if (core.off > 0) core.off--;
  }

  /**
   * Consumes the next `min(n, this.length)` bytes and returns a view of them (Go `Next`). The
   * view aliases the storage (no copy) and is valid until the next mutating call.
   *
   * @param n How many bytes to take.
   * @returns A view of the bytes taken; empty when the buffer is.
   * @throws {TypeError} When `n` is not a number, or the storage was detached.
   * @throws {RangeError} When `n` is negative or not an integer.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("header:body");
   * const header = buffer.next(6);
   * assert.equal(header.buffer, buffer.bytes().buffer); // same memory, no copy
   * assert.equal(buffer.toString(), ":body");
   * ```
   */
  next(n: number): Uint8Array {
    const action = "take bytes from ByteBuffer";
    checkInteger(action, "n", n);
    this.#core.check(action);
    return this.#core.take(n);
  }

  /**
   * Returns a view of the next `min(n, this.length)` bytes WITHOUT consuming them (Go 1.26
   * `Peek`, which also reports `io.EOF` when fewer than `n` are there: compare the length). The
   * view aliases the storage (no copy) and is valid until the next mutating call.
   *
   * @param n How many bytes to look at.
   * @returns A view of up to `n` unread bytes.
   * @throws {TypeError} When `n` is not a number, or the storage was detached.
   * @throws {RangeError} When `n` is negative or not an integer.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("abc");
   * assert.deepEqual(buffer.peek(2), new Uint8Array([0x61, 0x62]));
   * assert.equal(buffer.length, 3);
   * ```
   */
  peek(n: number): Uint8Array {
    const action = "peek into ByteBuffer";
    checkInteger(action, "n", n);
    const core = this.#core;
    core.check(action);
    return core.storage.subarray(core.off, core.off + Math.min(n, core.length));
  }

  /**
   * Consumes bytes up to and including the first `delim`, or all of them when `delim` is absent,
   * and returns a view of them (bufio `ReadSlice`). The view aliases the storage (no copy) and
   * is valid until the next mutating call.
   *
   * @param delim The byte to stop after, an integer in `[0, 255]`.
   * @returns A view ending in `delim`, or the rest when it is absent; `null` when the buffer is empty.
   * @throws {TypeError} When `delim` is not a number, or the storage was detached.
   * @throws {RangeError} When `delim` is not an integer in `[0, 255]`.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("a\nb");
   * assert.equal(buffer.readSlice(0x0a)?.length, 2);
   * assert.equal(buffer.readSlice(0x0a)?.length, 1);
   * assert.equal(buffer.readSlice(0x0a), null);
   * ```
   */
  readSlice(delim: number): Uint8Array | null {
    const action = "read a slice from ByteBuffer";
    checkInteger(action, "delim", delim, 0, 255);
    const core = this.#core;
    core.check(action);
    if (core.length === 0) {
      core.reset();
      return null;
    }
    const at = core.storage.subarray(core.off, core.end).indexOf(delim);
    return core.take(at < 0 ? core.length : at + 1);
  }

  /**
   * Like `readSlice`, but returns a copy the caller owns (Go `ReadBytes`).
   *
   * @param delim The byte to stop after, an integer in `[0, 255]`.
   * @returns A new array ending in `delim`, or the rest; `null` when the buffer is empty.
   * @throws {TypeError} When `delim` is not a number, or the storage was detached.
   * @throws {RangeError} When `delim` is not an integer in `[0, 255]`.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("k=v");
   * assert.deepEqual(buffer.readBytes(0x3d), new Uint8Array([0x6b, 0x3d]));
   * ```
   */
  readBytes(delim: number): Uint8Array | null {
    return this.readSlice(delim)?.slice() ?? null;
  }

  /**
   * Like `readSlice`, decoded as UTF-8 (Go `ReadString`).
   *
   * @param delim The byte to stop after, an integer in `[0, 255]`.
   * @returns The text up to and including `delim`, or the rest; `null` when the buffer is empty.
   * @throws {TypeError} When `delim` is not a number, or the storage was detached.
   * @throws {RangeError} When `delim` is not an integer in `[0, 255]`.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("one\ntwo");
   * assert.equal(buffer.readString(0x0a), "one\n");
   * assert.equal(buffer.readString(0x0a), "two");
   * assert.equal(buffer.readString(0x0a), null);
   * ```
   */
  readString(delim: number): string | null {
    const slice = this.readSlice(delim);
    return slice === null ? null : decode(slice);
  }

  /**
   * Reads `src` to its end and appends everything (Go `ReadFrom`), with at least 512 free bytes
   * before each read (Go's `MinRead`). A byte stream is read with a BYOB reader; any other stream
   * is read chunk by chunk and each chunk copied in.
   *
   * Each BYOB read goes straight into the free capacity (no copy) while the storage is the buffer's
   * own and small (at most 64 KiB), or while one read fills at least a quarter of it. Otherwise it
   * goes into reused scratch memory (64 KiB, or the free space when smaller, doubling up to 1 MiB
   * while reads fill it) and is copied in with one `set`: always when the storage is the caller's
   * wrapped array or a `SharedArrayBuffer`, and when the storage is large next to what a read
   * delivers. Why: a BYOB read transfers the view's whole ArrayBuffer, and in some runtimes (Bun)
   * that costs time in proportion to the ArrayBuffer's size, so small reads into a large buffer
   * would crawl; one copy at memory speed is cheaper.
   *
   * A stream from `openFile`, or the readable side of this package's byte transforms, fills the
   * free capacity itself, past the stream's queue: no transfer and no scratch copy, whatever the
   * storage (Go's `ReadFrom` on an `*os.File`).
   *
   * Lifetime: the caller's wrapped array is never detached (as in Go, its slice stays valid).
   * A direct read transfers the buffer's own storage: the buffer adopts the same memory under the
   * new ArrayBuffer, so the bytes stay where they were, but views handed out before become
   * detached (length 0), and other methods throw a `TypeError` while the read is pending. If
   * `src` errors during a direct read, that memory is gone and the buffer is left empty; during a
   * scratch read the contents are kept. Do not use the buffer while the promise is pending.
   *
   * @param src The stream to drain; it is released (not closed) afterwards.
   * @returns The number of bytes appended.
   * @throws {TypeError} When `src` is not a ReadableStream, is locked, is this buffer's own
   * `readable`, or yields a non-Uint8Array, or the storage was detached (`src` is then cancelled).
   * @throws {RangeError} When the buffer cannot grow that large (`src` is cancelled).
   * @throws {unknown} Whatever `src` errors with.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * const n = await buffer.readFrom(new Blob(["some text"]).stream());
   * assert.equal(n, 9);
   * assert.equal(buffer.toString(), "some text");
   * ```
   *
   * @example Your wrapped memory stays valid (never transferred)
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const memory = new Uint8Array(4096);
   * const buffer = new ByteBuffer(memory.subarray(100), 0);
   * await buffer.readFrom(new Blob(["in place"]).stream());
   * assert.equal(memory.byteLength, 4096); // still attached
   * assert.equal(new TextDecoder().decode(memory.subarray(100, 108)), "in place");
   * ```
   */
  readFrom(src: ReadableStream<Uint8Array>): Promise<number> {
    if (src !== undefined && src === this.#readable) {
      // It would drain the front into the back for ever (or lose the storage to its own read).
      return Promise.reject(
        new TypeError("Cannot read into ByteBuffer as src is this buffer's own readable"),
      );
    }
    return readFrom(this.#core, src);
  }

  /**
   * Writes all unread bytes to `dst` as ONE view of the storage (no copy) and drains the buffer
   * (Go `WriteTo`). A sink may keep that view after its write resolves (a TransformStream queues
   * it), so the buffer then gives its storage up: later writes go to new storage of the same
   * capacity and never overwrite what the sink holds. `capacity` reads 0 until then. If the
   * write fails, the bytes are put back. `dst` is released, not closed.
   *
   * @param dst The stream to write to.
   * @returns The number of bytes written.
   * @throws {TypeError} When `dst` is not a WritableStream or is locked, or the storage was detached.
   * @throws {unknown} Whatever the write to `dst` fails with.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const chunks: Uint8Array[] = [];
   * const sink = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) });
   * const buffer = ByteBuffer.fromString("drained");
   * assert.equal(await buffer.writeTo(sink), 7);
   * assert.equal(buffer.length, 0);
   * assert.equal(new TextDecoder().decode(chunks[0]), "drained");
   * ```
   */
  writeTo(dst: WritableStream<Uint8Array>): Promise<number> {
    return writeTo(this.#core, dst);
  }

  /**
   * A byte stream (`type: "bytes"`) that drains the buffer: each read takes what is there when
   * it is read, and the stream closes the first time a read finds the buffer empty. BYOB reads
   * copy into the reader's view at its own offset; default reads get a fresh copy (storage is
   * never enqueued, as that would detach it). Cancelling leaves the unread bytes in the buffer.
   * The same stream is returned each time; once closed it stays closed.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = ByteBuffer.fromString("abcdef");
   * const reader = buffer.readable.getReader({ mode: "byob" });
   * const { value } = await reader.read(new Uint8Array(8).subarray(4));
   * assert.equal(value?.byteOffset, 4);
   * assert.equal(new TextDecoder().decode(value), "abcd");
   * assert.equal(buffer.toString(), "ef");
   * ```
   */
  get readable(): ReadableStream<Uint8Array> {
    return this.#readable ??= drainingStream(this.#core);
  }

  /**
   * A stream that appends every chunk written to it (one copy each, so writers may reuse their
   * chunks). Closing it leaves the buffer as it is. The same stream is returned each time.
   *
   * @example
   * ```ts
   * import { ByteBuffer } from "@zerocopy/streams";
   * import assert from "node:assert/strict";
   *
   * const buffer = new ByteBuffer();
   * await new Blob(["piped"]).stream().pipeTo(buffer.writable);
   * assert.equal(buffer.toString(), "piped");
   * ```
   */
  get writable(): WritableStream<Uint8Array> {
    return this.#writable ??= appendingStream(this.#core);
  }
}

function decode(bytes: Uint8Array): string {
  // TextDecoder refuses views of a SharedArrayBuffer in some runtimes: decode a copy then.
  const shared = typeof SharedArrayBuffer !== "undefined" &&
    bytes.buffer instanceof SharedArrayBuffer;
  return decoder.decode(shared ? bytes.slice() : bytes);
}
