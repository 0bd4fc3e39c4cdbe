// A section of a random access file as a byte stream (Go's io.SectionReader read front to back).
// Each read is one positional read of the file straight into the reader's memory: the view of a
// BYOB read, the buffer of chunks() or ByteBuffer.readFrom() (the direct-read protocol, as openFile
// offers), or a fresh chunk for a default read. Reads are synchronous (pread on a regular file), so
// every pull settles at once and the stream never has a read in flight.
import { offerDirectRead } from "../plumbing/_direct.ts";

/** What the stream needs of its file: one positional read, and the size it had when opened. */
export interface SectionSource {
  readonly size: number;
  /** One read into `view` from byte `position`: the count, 0 at the end of the file. Throws FileError. */
  readOnce(view: Uint8Array, position: number): number;
}

/**
 * Bytes `[offset, offset + length)` of `file` (`length` Infinity: to the end of the file) as a
 * byte stream. The file stays open when the stream ends or is cancelled; a read after the file was
 * closed errors the stream with the FileError "EBADF".
 */
export function sectionStream(
  file: SectionSource,
  offset: number,
  length: number,
  chunkSize: number,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  let position = offset;
  let remaining = length;
  let ended = false; // closed, errored or cancelled
  let streamController!: ReadableByteStreamController;

  /** One read into `target` (no longer than `remaining`); advances the section. */
  function readSome(target: Uint8Array): number {
    const count = target.length === 0 ? 0 : file.readOnce(target, position);
    position += count;
    remaining -= count;
    return count;
  }

  function finish(): void {
    ended = true;
    streamController.close();
  }

  function fail(error: unknown): void {
    ended = true;
    streamController.error(error);
  }

  /** Memory for a default read: `chunkSize`, but no more than the section or the file has left. */
  function chunk(): Uint8Array<ArrayBuffer> {
    const left = file.size - position;
    return new Uint8Array(Math.min(chunkSize, remaining, left > 0 ? left : chunkSize));
  }

  /** The start of `view`, cut to what is left of the section. */
  function within(view: Uint8Array): Uint8Array {
    return view.length > remaining ? view.subarray(0, remaining) : view;
  }

  const stream = new ReadableStream({
    type: "bytes",
    start(controller): void {
      streamController = controller;
      if (remaining === 0) finish();
    },
    pull(controller): void {
      const request = controller.byobRequest;
      const view = request?.view;
      // A BYOB read lands in the reader's view; a default read in a fresh chunk it owns.
      const target = view
        ? new Uint8Array(view.buffer, view.byteOffset, Math.min(view.byteLength, remaining))
        : chunk();
      let count: number;
      try {
        count = readSome(target);
      } catch (error) {
        fail(error);
        return;
      }
      if (count === 0) {
        finish();
        request?.respond(0);
        return;
      }
      if (request) request.respond(count);
      else {controller.enqueue(
          count * 2 < target.length ? target.slice(0, count) : target.subarray(0, count),
        );}
      if (remaining === 0) {
        finish();
        // A BYOB read that arrived meanwhile waits on a request only respond(0) settles.
        controller.byobRequest?.respond(0);
      }
    },
    cancel(): void {
      ended = true;
    },
  }) as ReadableStream<Uint8Array<ArrayBuffer>>;

  // chunks(), records() and ByteBuffer.readFrom() read straight into their own memory while they
  // hold the lock and nothing is queued (a byte stream with highWaterMark 0 queues only what a
  // default read left over).
  offerDirectRead(stream, () => {
    if (ended || streamController.desiredSize !== 0) return undefined;
    return {
      read(view: Uint8Array): Promise<number> {
        if (ended) return Promise.resolve(0);
        let count: number;
        try {
          count = readSome(within(view));
        } catch (error) {
          fail(error);
          return Promise.reject(error);
        }
        if (count === 0 || remaining === 0) finish();
        return Promise.resolve(count);
      },
      // A file read never waits: chunks() takes each step without a promise chain. The end of the
      // section (and any error) is left to `read`, which reports it.
      readReady(view: Uint8Array): number | undefined {
        if (ended) return undefined;
        const target = within(view);
        let count: number;
        try {
          count = target.length === 0 ? 0 : file.readOnce(target, position);
        } catch {
          return undefined;
        }
        if (count === 0) return undefined;
        position += count;
        remaining -= count;
        if (remaining === 0) finish();
        return count;
      },
    };
  });
  return stream;
}
