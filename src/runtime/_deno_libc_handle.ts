// A file opened for mapFile through libc, in Deno with the ffi permission. Opened non-blocking (a
// FIFO with no writer would block the whole thread in open(2)), its kind, size and identity read
// from the descriptor itself (statx: no race with whatever the path names next), read with pread,
// mapped by descriptor, and its number kept: every thread of the process can open the same file
// as /proc/self/fd/N, whatever becomes of its path. Linux only (statx); elsewhere deno.ts opens
// files with Deno.openSync as before.
import { FileError } from "../errors.ts";
import { errnoCode, toFileError } from "./_errors.ts";
import { type DenoLibc, mapDescriptor } from "./_deno_libc.ts";
import { readToEnd } from "./_read_to_end.ts";
import { writeAll } from "./_write_all.ts";
import { O_RDONLY, O_RDWR } from "./_libc.ts";
import type { FileKind, MapHandle, Mapping, MapRequest } from "./adapter.ts";
import { kindOfMode, refuseKind } from "./_kind.ts";

const AT_EMPTY_PATH = 0x1000;
const STATX_BASIC_STATS = 0x7ff;
const STATX_SIZE = 256; // struct statx is 256 bytes on every architecture
const EMPTY_PATH = new Uint8Array(1); // "" as a C string

/** What statx says of a descriptor. */
interface Status {
  mode: number;
  size: number;
  identity: string;
}

function status(state: DenoLibc, fd: number, path: string): Status {
  const statx = state.libc.statx!;
  const buffer = new Uint8Array(STATX_SIZE);
  if (statx(fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_BASIC_STATS, buffer) !== 0) {
    throw failure(state, "statx", "map", path);
  }
  const view = new DataView(buffer.buffer);
  // struct statx: stx_mode u16 at 28, stx_ino u64 at 32, stx_size u64 at 40, stx_dev_major and
  // stx_dev_minor u32 at 136 and 140 (linux/stat.h).
  const ino = view.getBigUint64(32, true);
  const device = `${view.getUint32(136, true)}:${view.getUint32(140, true)}`;
  return {
    mode: view.getUint16(28, true),
    size: Number(view.getBigUint64(40, true)),
    identity: `${device}:${ino}`,
  };
}

/**
 * The FileError for libc's failed `call` while `action`ing `path`, with the call and its errno as
 * `cause` (there is no runtime error to wrap).
 */
function failure(state: DenoLibc, call: string, action: string, path: string): FileError {
  const errno = new Deno.UnsafePointerView(state.libc.errno()!).getInt32();
  const code = errnoCode(Deno.build.os, errno);
  return new FileError(action, path, code, {
    cause: new Error(`${call}() failed with errno ${errno} (${code})`),
  });
}

/** Whether libc can open files for mapFile here (statx exists: Linux, glibc 2.28+). */
export function canOpenThroughLibc(state: DenoLibc): boolean {
  return state.libc.statx !== null;
}

/** A MapHandle over a descriptor libc opened. */
export class LibcMapHandle implements MapHandle {
  readonly size: number;
  readonly kind: FileKind;
  readonly descriptor: number;
  readonly identity: string;
  #state: DenoLibc;
  #path: string;
  #closed = false;

  /** Opens `path` (read-write when `writable`) without blocking; throws FileError. */
  constructor(state: DenoLibc, path: string, writable: boolean) {
    this.#state = state;
    this.#path = path;
    const { libc, target } = state;
    const flags = (writable ? O_RDWR : O_RDONLY) | target.oCloexec | target.oNonblock;
    const fd = libc.open(new TextEncoder().encode(`${path}\0`), flags);
    if (fd < 0) throw failure(state, "open", "map", path);
    this.descriptor = fd;
    try {
      const { mode, size, identity } = status(state, fd, path);
      refuseKind(path, kindOfMode(mode));
      this.identity = identity;
      this.size = size;
      this.kind = size > 0 || !this.#hasContent() ? "regular" : "special";
    } catch (error) {
      this.close();
      throw error;
    }
  }

  // A regular file of size 0 may still have content (/proc, /sys): one byte tells.
  #hasContent(): boolean {
    return this.#pread(new Uint8Array(1), 0) > 0;
  }

  #pread(view: Uint8Array, offset: number): number {
    const { libc } = this.#state;
    const count = Number(libc.pread(this.descriptor, view, BigInt(view.length), BigInt(offset)));
    if (count < 0) throw failure(this.#state, "pread", "read", this.#path);
    return count;
  }

  readAt(view: Uint8Array, position: number): number {
    this.#checkOpen("read");
    return this.#pread(view, position);
  }

  read(offset: number, length: number | undefined): Uint8Array {
    this.#checkOpen("read");
    if (length === undefined) {
      // Positioned reads from 0: mapping measures the file with lseek, which moves the position.
      let position = 0;
      return readToEnd((view) => {
        const count = this.#pread(view, position);
        position += count;
        return count;
      });
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(length);
    } catch (error) {
      throw toFileError("read", this.#path, error);
    }
    let done = 0;
    while (done < length) {
      const count = this.#pread(bytes.subarray(done), offset + done);
      if (count === 0) return bytes.slice(0, done);
      done += count;
    }
    return bytes;
  }

  map(request: MapRequest): Mapping {
    this.#checkOpen("map");
    return mapDescriptor(this.#state, this.descriptor, this.#path, request);
  }

  write(offset: number, bytes: Uint8Array): void {
    this.#checkOpen("write");
    const { libc } = this.#state;
    writeAll(this.#path, bytes.length, (done) => {
      const view = bytes.subarray(done);
      const count = Number(
        libc.pwrite(this.descriptor, view, BigInt(view.length), BigInt(offset + done)),
      );
      if (count < 0) throw failure(this.#state, "pwrite", "write", this.#path);
      return count;
    });
  }

  sync(): void {
    this.#checkOpen("sync");
    if (this.#state.libc.fsync(this.descriptor) !== 0) {
      throw failure(this.#state, "fsync", "sync", this.#path);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#state.libc.close(this.descriptor) !== 0) {
      throw failure(this.#state, "close", "close", this.#path);
    }
  }

  #checkOpen(action: string): void {
    if (this.#closed) throw new FileError(action, this.#path, "EBADF");
  }
}
