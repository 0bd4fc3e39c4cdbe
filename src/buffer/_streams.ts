// ByteBuffer's Web Streams side: writeTo (Go WriteTo) and the `readable` and `writable` streams
// (readFrom lives in _read_from.ts). They work on the buffer's BufferCore directly.
import type { BufferCore } from "./_core.ts";
import { checkBytes } from "../_validate.ts";
import { checkWritableStream } from "../plumbing/_stream.ts";

const WRITE_TO = "write ByteBuffer to a stream";

/** Writes the unread bytes to `dst` as one view, then gives the storage up; see ByteBuffer.writeTo. */
export async function writeTo(
  core: BufferCore,
  dst: WritableStream<Uint8Array>,
): Promise<number> {
  checkWritableStream(WRITE_TO, "dst", dst);
  core.check(WRITE_TO);
  const writer = dst.getWriter();
  try {
    const count = core.length;
    if (count === 0) {
      core.reset();
      return 0;
    }
    const { storage, capacity, off, end, owned } = core;
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
        core.owned = owned;
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
