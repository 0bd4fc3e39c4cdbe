// The object mapFile returns, over a mapping or over bytes read into memory. Every view it hands
// out aliases one ArrayBuffer; close() detaches that buffer before anything is unmapped, so no
// view can ever reach unmapped memory: they all read as length 0 instead.
import { checkInteger, checkOptions, isDetached, MAX_ALLOCATION } from "../_validate.ts";
import { FileError } from "../errors.ts";
import type { Mapping } from "../runtime/adapter.ts";
import type { MappedFile } from "./map_file.ts";

const defaultChunkSize = 65536;

/**
 * A MappedFile over `bytes`; `mapping` is undefined when the bytes were read into memory, and
 * `writable` says whether it is a shared writable map whose changes `flush()` writes back.
 */
export class MappedBytes implements MappedFile {
  readonly mapped: boolean;
  #bytes: Uint8Array;
  #mapping: Mapping | undefined;
  #writable: boolean;
  #path: string;
  #closed = false;

  constructor(path: string, bytes: Uint8Array, mapping?: Mapping, writable = false) {
    this.#path = path;
    this.#bytes = bytes;
    this.#mapping = mapping;
    this.#writable = writable;
    this.mapped = mapping !== undefined;
  }

  get bytes(): Uint8Array {
    return this.#bytes;
  }

  get byteLength(): number {
    return this.#bytes.byteLength;
  }

  chunks(size: number): IterableIterator<Uint8Array> {
    checkInteger("iterate the chunks of a mapped file", "size", size, 1);
    return this.#iterate(size);
  }

  *#iterate(size: number): Generator<Uint8Array, undefined, unknown> {
    // Reads #bytes afresh each step: after close() it is detached and the loop ends.
    for (let start = 0; start < this.#bytes.length; start += size) {
      yield this.#bytes.subarray(start, start + size);
    }
    return undefined;
  }

  readable(options?: { chunkSize?: number }): ReadableStream<Uint8Array> {
    const action = "read a mapped file";
    const { chunkSize: size } = checkOptions(action, options);
    const chunkSize = size === undefined
      ? defaultChunkSize
      : checkInteger(action, "chunkSize", size, 1, MAX_ALLOCATION);
    return copyingStream(() => this.#bytes, this.#path, chunkSize);
  }

  flush(): void {
    // A private (read-only) map's changes never reach the file: there is nothing to write back.
    if (!this.#closed && this.#writable) this.#mapping?.flush();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const buffer = this.#bytes.buffer as ArrayBuffer;
    if (isDetached(buffer)) {
      // Someone transferred the memory to another ArrayBuffer: it must stay mapped for it.
      this.#mapping?.abandon();
      return;
    }
    buffer.transfer(0);
    this.#mapping?.release();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * A byte stream over `source()` that COPIES into each read's view. Enqueueing a view of the source
 * would transfer, and so detach, its whole buffer: the mapping.
 */
function copyingStream(
  source: () => Uint8Array,
  path: string,
  chunkSize: number,
): ReadableStream<Uint8Array> {
  let position = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller): void {
      const bytes = source();
      if (isDetached(bytes.buffer)) {
        controller.error(
          new FileError("read", path, "EBADF", { reason: "the mapped file was closed" }),
        );
        return;
      }
      const request = controller.byobRequest;
      const view = request?.view;
      const room = view ? view.byteLength : chunkSize;
      const count = Math.min(room, bytes.length - position);
      if (count === 0) {
        controller.close();
        request?.respond(0);
        return;
      }
      const part = bytes.subarray(position, position + count);
      position += count;
      if (request && view) {
        new Uint8Array(view.buffer, view.byteOffset, count).set(part);
        request.respond(count);
      } else {
        // A default reader: a fresh copy it owns (never the mapping's own memory).
        controller.enqueue(part.slice());
      }
    },
  }) as ReadableStream<Uint8Array>;
}
