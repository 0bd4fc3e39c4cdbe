// The file a scan opened, held open in the calling thread until the scan ends, so that every window
// is cut from and read in that one file, whatever happens to its path meanwhile: Workers run in
// this process and share its descriptors, and on Linux /proc/self/fd/N opens the file that
// descriptor N has open (also after a rename over the path, or an unlink: as a Go scan keeps its
// mapping). Where the runtime gives no descriptor number (Deno without the ffi permission), each
// window opens the path again, and the file's identity (device and inode) and size are compared at
// the end: a file replaced or deleted meanwhile rejects the scan instead of cutting records.
import { FileError } from "../errors.ts";
import { type MapHandle, runtime } from "../runtime/adapter.ts";
import { cutRanges } from "./_cut_ranges.ts";
import type { FileRange } from "./split_file.ts";

export class HeldFile {
  /** The file as the caller named it. */
  readonly path: string;
  /** What each window opens: `/proc/self/fd/N` for the held descriptor, else `path`. */
  readonly source: string;
  /** The size the file had when it was opened: the windows are cut from it. */
  readonly size: number;
  readonly #handle: MapHandle;

  /** Opens `path` to scan it (never blocking: see openForMap); throws FileError. */
  constructor(path: string) {
    this.path = path;
    this.#handle = runtime.openForMap(path, false);
    if (this.#handle.kind !== "regular") {
      this.#handle.close();
      throw new FileError("scan", path, "ENOTSUP", {
        reason: "it has no fixed size to scan (a /proc file)",
      });
    }
    this.size = this.#handle.size;
    const fd = this.#handle.descriptor;
    this.source = fd !== undefined && runtime.os === "linux" ? `/proc/self/fd/${fd}` : path;
  }

  /** At most `parts` record-aligned ranges of the file, in order. */
  ranges(parts: number, delimiter: Uint8Array): FileRange[] {
    return cutRanges(this.#handle, parts, delimiter);
  }

  /**
   * Why the scan's result cannot be trusted: the file scanned changed size, or (windows opened by
   * path) the path now names another file or none. Undefined when it is unchanged.
   */
  changed(): string | undefined {
    let now: MapHandle;
    try {
      now = runtime.openForMap(this.source, false);
    } catch (error) {
      if (error instanceof FileError && error.code === "ENOENT") {
        return "it was deleted during the scan";
      }
      throw error;
    }
    try {
      if (now.identity !== this.#handle.identity) {
        return "it was replaced by another file during the scan";
      }
      if (now.size !== this.size) {
        return `it changed size during the scan (${this.size} bytes when split, ${now.size} after)`;
      }
      return undefined;
    } finally {
      now.close();
    }
  }

  /** Throws FileError "ESTALE" when `changed()` says why; `cause` is what the scan threw, if any. */
  checkUnchanged(cause?: unknown): void {
    const reason = this.changed();
    if (reason !== undefined) {
      throw new FileError("scan", this.path, "ESTALE", { reason, cause });
    }
  }

  /** Closes the descriptor; calling it again does nothing. */
  close(): void {
    this.#handle.close();
  }
}
