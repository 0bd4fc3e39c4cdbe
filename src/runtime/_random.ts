// Positional reads for openRandomAccess, shared by every adapter. The file is opened through
// node:fs, which Deno, Bun and Node all provide: non-blocking, so that a FIFO with no writer
// cannot hold the thread in open(2), then fstat tells its kind and size. Reads are pread(2): Node's
// and Bun's `readSync` with a position, Deno's too (since Deno 2.7 node:fs hands out the system's
// descriptors and reads at a position with pread; before, it seeked, which a synchronous read on a
// descriptor of our own makes just as safe). The Deno adapter may pass libc's pread instead.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { FileError } from "../errors.ts";
import { toFileError } from "./_errors.ts";
import type { RandomHandle } from "./adapter.ts";

/**
 * One pread(2) on descriptor `fd` into `view` from byte `position`: the count, 0 at the end of the
 * file. Throws an error whose `code` is the errno's name.
 */
export type PositionalRead = (fd: number, view: Uint8Array, position: number) => number;

/** The most one read asks for; the caller reads again for the rest. */
const maxRead = 1 << 30;

/** node:fs's positional read: pread(2) in Node, Bun and Deno 2.7 and later. */
export const nodePread: PositionalRead = (fd, view, position) =>
  readSync(fd, view, 0, view.byteLength, position);

/** Why `stat` is not a regular file: the error code and the words for what it is. */
function notRegular(stat: Stats): { code: string; kind: string } | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return { code: "EISDIR", kind: "a directory" };
  if (stat.isFIFO()) return { code: "ESPIPE", kind: "a FIFO" };
  if (stat.isSocket()) return { code: "ESPIPE", kind: "a socket" };
  if (stat.isCharacterDevice()) return { code: "ENODEV", kind: "a character device" };
  if (stat.isBlockDevice()) return { code: "ENODEV", kind: "a block device" };
  return { code: "EINVAL", kind: "not a regular file" };
}

/** A regular file opened through node:fs for positional reads. */
export class NodeRandomHandle implements RandomHandle {
  readonly size: number;
  /** How reads are made, for the tests: "libc pread" or "node:fs readSync". */
  readonly readsWith: string;
  #fd: number;
  #path: string;
  #pread: PositionalRead;

  /** Opens `path`; throws a FileError naming it (and what it is, when not a regular file). */
  constructor(path: string, pread?: PositionalRead) {
    this.#path = path;
    this.#pread = pread ?? nodePread;
    this.readsWith = pread === undefined ? "node:fs readSync" : "libc pread";
    try {
      // O_NONBLOCK: opening a FIFO with no writer returns at once (and means nothing to the reads
      // of a regular file). node:fs opens close-on-exec.
      this.#fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      throw toFileError("open", path, error);
    }
    try {
      const stat = fstatSync(this.#fd);
      const refused = notRegular(stat);
      if (refused !== undefined) {
        throw new FileError("open", path, refused.code, {
          reason: `it is ${refused.kind}, and random access reads regular files only`,
        });
      }
      this.size = stat.size;
    } catch (error) {
      closeSync(this.#fd);
      this.#fd = -1;
      throw toFileError("open", path, error);
    }
  }

  readAt(view: Uint8Array, position: number): number {
    const action = `read at offset ${position} of`;
    // Checked in the same synchronous turn as the read: a closed descriptor's number, reused by
    // another open since, is never read.
    if (this.#fd < 0) throw new FileError(action, this.#path, "EBADF");
    try {
      // node:fs refuses a read of 2 GiB or more at once; Linux reads 2 GiB - 4 KiB at most anyway.
      const target = view.byteLength > maxRead ? view.subarray(0, maxRead) : view;
      return this.#pread(this.#fd, target, position);
    } catch (error) {
      throw toFileError(action, this.#path, error);
    }
  }

  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    try {
      closeSync(fd);
    } catch (error) {
      throw toFileError("close", this.#path, error);
    }
  }
}
