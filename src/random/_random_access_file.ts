// The object openRandomAccess returns: a descriptor of a regular file and positional reads of it.
import { checkBytes, checkInteger, describeValue } from "../_validate.ts";
import { FileError, UnexpectedEofError } from "../errors.ts";
import type { RandomHandle } from "../runtime/adapter.ts";
import { sectionStream } from "./_section_stream.ts";
import type { RandomAccessFile, SectionStreamOptions } from "./open_random_access.ts";

const defaultChunkSize = 1 << 20;

// A file dropped without close() has its descriptor closed once it is collected. Every stream of a
// section holds the file itself, so a file is never collected while one of its streams is alive.
const forgotten = new FinalizationRegistry<RandomHandle>((handle) => {
  try {
    handle.close();
  } catch {
    // Nothing is left to tell.
  }
});

/** A RandomAccessFile over an adapter's handle. */
export class RandomAccess implements RandomAccessFile {
  readonly path: string;
  readonly size: number;
  #handle: RandomHandle;
  #closed = false;

  constructor(path: string, handle: RandomHandle) {
    this.path = path;
    this.size = handle.size;
    this.#handle = handle;
    forgotten.register(this, handle, handle);
  }

  get closed(): boolean {
    return this.#closed;
  }

  readAt(buffer: Uint8Array, offset: number): Promise<Uint8Array> {
    try {
      const view = this.#check("read at an offset of a random access file", buffer, offset);
      return Promise.resolve(view.subarray(0, this.#fill(view, offset)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readFullAt(buffer: Uint8Array, offset: number): Promise<Uint8Array> {
    try {
      const view = this.#check("read fully at an offset of a random access file", buffer, offset);
      const filled = this.#fill(view, offset);
      if (filled < view.length) {
        throw new UnexpectedEofError(view.subarray(0, filled), view.length, {
          source: `file ${JSON.stringify(this.path)} at offset ${offset} (it ends at byte ${
            offset + filled
          })`,
        });
      }
      return Promise.resolve(view);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  stream(
    offset = 0,
    length?: number,
    options?: SectionStreamOptions,
  ): ReadableStream<Uint8Array<ArrayBuffer>> {
    const action = "stream a section of a random access file";
    checkInteger(action, "offset", offset);
    if (length !== undefined) checkInteger(action, "length", length);
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError(
        `Cannot ${action} as options must be an object: received ${describeValue(options)}`,
      );
    }
    const chunkSize = options?.chunkSize === undefined
      ? defaultChunkSize
      : checkInteger(action, "chunkSize", options.chunkSize, 1);
    this.#checkOpen(`stream from offset ${offset} of`);
    return sectionStream(this, offset, length ?? Infinity, chunkSize);
  }

  /** One positional read (for the section streams): the count, 0 at the end of the file. */
  readOnce(view: Uint8Array, position: number): number {
    this.#checkOpen(`read at offset ${position} of`);
    return this.#handle.readAt(view, position);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    forgotten.unregister(this.#handle);
    this.#handle.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    try {
      this.close();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Checks the arguments of a read and that the file is open; returns the buffer. */
  #check(action: string, buffer: unknown, offset: unknown): Uint8Array {
    const view = checkBytes(action, "buffer", buffer);
    checkInteger(action, "offset", offset);
    this.#checkOpen(`read at offset ${offset} of`);
    return view;
  }

  #checkOpen(action: string): void {
    if (this.#closed) throw new FileError(action, this.path, "EBADF");
  }

  /** Reads from `offset` until `view` is full or the file ends (Go's ReadAt): the count. */
  #fill(view: Uint8Array, offset: number): number {
    let filled = 0;
    while (filled < view.length) {
      const target = filled === 0 ? view : view.subarray(filled);
      const count = this.#handle.readAt(target, offset + filled);
      if (count === 0) break;
      filled += count;
    }
    return filled;
  }
}
