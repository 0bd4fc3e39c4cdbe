// The object mapFile returns for a writable window it could not map (no FFI): the bytes are read
// into memory, and flush() and close() write them back through the descriptor, which stays open
// read-write until close(). Views live by the same rule as a mapping's: close() detaches them.
import { isDetached } from "../_validate.ts";
import { FileError } from "../errors.ts";
import type { MapHandle } from "../runtime/adapter.ts";
import { MappedBytes } from "./_mapped_file.ts";

// A file dropped without close() would hold its descriptor for the life of the process: it is
// closed once the object is collected. Its changes since the last flush() are lost: a finalizer
// has no one to report a failed write to, so it never writes.
const forgotten = new FinalizationRegistry<MapHandle>((handle) => {
  try {
    handle.close();
  } catch {
    // Nobody is left to tell.
  }
});

/**
 * A MappedFile over `bytes`, read from `offset` of the file `handle` opened read-write. It owns
 * `handle`: `close()` writes the bytes back, detaches every view and closes it.
 */
export class WriteBackBytes extends MappedBytes {
  #handle: MapHandle | undefined;
  #path: string;
  #offset: number;

  constructor(path: string, handle: MapHandle, offset: number, bytes: Uint8Array) {
    super(path, bytes);
    this.#path = path;
    this.#handle = handle;
    this.#offset = offset;
    forgotten.register(this, handle, handle);
  }

  /** Writes the whole window back at its offset, then fsyncs; does nothing after close(). */
  override flush(): void {
    if (this.#handle !== undefined) this.#writeBack(this.#handle);
  }

  /**
   * Writes the window back, then detaches every view and closes the descriptor, whether or not
   * the write-back failed; a failure is thrown after that. Calling it again does nothing.
   */
  override close(): void {
    const handle = this.#handle;
    if (handle === undefined) return;
    this.#handle = undefined;
    forgotten.unregister(handle);
    let failure: unknown;
    try {
      this.#writeBack(handle);
    } catch (error) {
      failure = error;
    }
    super.close();
    try {
      handle.close();
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw failure;
  }

  #writeBack(handle: MapHandle): void {
    const bytes = this.bytes;
    // Memory moved to another ArrayBuffer (a transfer, a BYOB read into `bytes`) holds the
    // changes where this object cannot see them: say so rather than lose them in silence.
    if (isDetached(bytes.buffer)) {
      throw new FileError("write back", this.#path, "EBADF", {
        reason: "the bytes were moved to another ArrayBuffer, so their changes cannot be written",
      });
    }
    handle.write(this.#offset, bytes);
    handle.sync();
  }
}
