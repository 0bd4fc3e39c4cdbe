// ByteBuffer's Web Streams side: readFrom (Go ReadFrom), writeTo (Go WriteTo) and the `readable`
// and `writable` streams. They work on the buffer's BufferCore directly.
import type { BufferCore } from "./_buffer_core.ts";
import { checkBytes, describeValue } from "./_validate.ts";

/** Go's MinRead: the free space guaranteed before each read of readFrom. */
export const MIN_READ = 512;

const READ_FROM = "read into ByteBuffer";
const WRITE_TO = "write ByteBuffer to a stream";

/** Reads `src` to its end into `core`; see ByteBuffer.readFrom for the contract. */
export async function readFrom(
  core: BufferCore,
  src: ReadableStream<Uint8Array>,
): Promise<number> {
  if (!(src instanceof ReadableStream)) {
    throw new TypeError(
      `Cannot ${READ_FROM} as src must be a ReadableStream: received ${describeValue(src)}`,
    );
  }
  if (src.locked) throw new TypeError(`Cannot ${READ_FROM} as src is locked to another reader`);
  core.check(READ_FROM);
  core.lastRead = false;
  // A BYOB read transfers the storage's ArrayBuffer; a SharedArrayBuffer cannot be transferred.
  const byob = isShared(core.storage) ? undefined : byobReader(src);
  return byob ? await readIntoStorage(core, byob) : await readChunks(core, src.getReader());
}

function byobReader(src: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return src.getReader({ mode: "byob" });
  } catch {
    return undefined; // not a byte stream
  }
}

function isShared(view: Uint8Array): boolean {
  return typeof SharedArrayBuffer !== "undefined" && view.buffer instanceof SharedArrayBuffer;
}

/** BYOB reads straight into the free capacity, adopting the transferred buffer after each. */
async function readIntoStorage(
  core: BufferCore,
  reader: ReadableStreamBYOBReader,
): Promise<number> {
  let total = 0;
  let streamFailed = false;
  try {
    for (;;) {
      core.check(READ_FROM);
      core.reserve(MIN_READ, READ_FROM);
      const storage = core.storage;
      const { byteOffset } = storage; // read before the transfer zeroes it
      const start = core.end;
      let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
      try {
        // Not shared (checked by the caller), so the cast only narrows the buffer type.
        result = await reader.read(storage.subarray(start) as Uint8Array<ArrayBuffer>);
      } catch (error) {
        streamFailed = true;
        forgetLostStorage(core, storage);
        throw error;
      }
      const { value, done } = result;
      if (value === undefined) {
        forgetLostStorage(core, storage); // cancelled while reading
        return total;
      }
      // Same memory under a new ArrayBuffer object: rebuild the storage view over it.
      core.storage = new Uint8Array(value.buffer, byteOffset, core.capacity);
      core.end = start + value.length;
      total += value.length;
      if (done) return total;
    }
  } catch (error) {
    if (!streamFailed) await reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/**
 * A BYOB read that fails or is cancelled keeps the memory it was given (the Streams spec drops
 * it): when that took the storage, the contents are gone and the buffer starts over empty.
 */
function forgetLostStorage(core: BufferCore, storage: Uint8Array): void {
  if (storage.length !== core.capacity) core.release();
}

/** Default reads: each chunk is appended (one copy, as the stream owns its chunks). */
async function readChunks(
  core: BufferCore,
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<number> {
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return total;
      try {
        checkBytes(READ_FROM, "a chunk of src", value);
        core.append(value, READ_FROM);
      } catch (error) {
        await reader.cancel(error).catch(() => {});
        throw error;
      }
      total += value.length;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Writes the unread bytes to `dst` as one view, then gives the storage up; see ByteBuffer.writeTo. */
export async function writeTo(
  core: BufferCore,
  dst: WritableStream<Uint8Array>,
): Promise<number> {
  if (!(dst instanceof WritableStream)) {
    throw new TypeError(
      `Cannot ${WRITE_TO} as dst must be a WritableStream: received ${describeValue(dst)}`,
    );
  }
  if (dst.locked) throw new TypeError(`Cannot ${WRITE_TO} as dst is locked to another writer`);
  core.check(WRITE_TO);
  const writer = dst.getWriter();
  try {
    const count = core.length;
    if (count === 0) {
      core.reset();
      return 0;
    }
    const { storage, capacity, off, end } = core;
    const view = storage.subarray(off, end);
    core.release(); // before awaiting: no later write may land where the sink's view points
    const placeholder = core.storage;
    try {
      await writer.write(view);
    } catch (error) {
      // Nothing was taken: put the bytes back when the buffer was left alone meanwhile.
      if (core.storage === placeholder && core.length === 0 && storage.length === capacity) {
        core.storage = storage;
        core.capacity = capacity;
        core.off = off;
        core.end = end;
      }
      throw error;
    }
    return count;
  } finally {
    writer.releaseLock();
  }
}

/** A byte stream that drains `core` when read and closes once it finds it empty. */
export function drainingStream(core: BufferCore): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: "bytes",
    pull(controller: ReadableByteStreamController): void {
      const request = controller.byobRequest;
      if (core.length === 0) {
        core.reset();
        controller.close();
        request?.respond(0);
        return;
      }
      core.check("read from ByteBuffer.readable");
      const view = request?.view;
      if (request && view) {
        // Copy into the reader's memory at ITS offset; never enqueue storage (that detaches it).
        const target = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
        const bytes = core.take(target.length);
        target.set(bytes);
        request.respond(bytes.length);
      } else {
        controller.enqueue(core.take(core.length).slice());
      }
      core.lastRead = false;
    },
  }, { highWaterMark: 0 });
}

/** A sink that appends each chunk to `core` (one copy: the writer may reuse its chunk). */
export function appendingStream(core: BufferCore): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write(chunk: Uint8Array): void {
      checkBytes("write to ByteBuffer.writable", "chunk", chunk);
      core.append(chunk, "write to ByteBuffer.writable");
    },
  });
}
