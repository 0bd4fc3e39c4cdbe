// ByteBuffer.readFrom (Go ReadFrom): reads a stream to its end into a BufferCore.
//
// A byte stream is read with a BYOB reader. Each read goes one of two ways:
// - direct: into the free capacity itself. No copy, but the read TRANSFERS the storage's whole
//   ArrayBuffer, and in some runtimes (Bun, measured) a transfer costs time in proportion to the
//   ArrayBuffer's size, so 64 KiB reads into a 256 MiB buffer crawl. Other views of the storage
//   are detached, so only storage the buffer allocated itself is read into this way.
// - scratch: into a small reused ArrayBuffer, then one `set` into the free capacity. One copy,
//   at memory speed, whatever the storage's size; the storage is never transferred.
// The choice looks only at sizes, never at the runtime: see `readsDirectly`. An `openFile` stream
// or a byte transform's readable needs neither: it fills the free capacity itself (`readSource`).
import { allocateAligned } from "../_aligned.ts";
import { type DirectRead, directSource } from "../plumbing/_direct.ts";
import { acquireReader, checkReadableStream } from "../plumbing/_stream.ts";
import type { BufferCore } from "./_core.ts";
import { checkBytes } from "../_validate.ts";

/** Go's MinRead: the free space guaranteed before each read. */
const MIN_READ = 512;
/** Owned storage whose ArrayBuffer is at most this size is always read into directly. */
const DIRECT_LIMIT = 64 * 1024;
/** Larger owned storage is read into directly while one read fills at least 1/4 of it. */
const DIRECT_SHARE = 4;
/** The first scratch buffer; it doubles (up to SCRATCH_MAX) while reads fill it. */
const SCRATCH_START = 64 * 1024;
/** The largest scratch buffer: bounds both the extra memory and what one transfer costs. */
const SCRATCH_MAX = 1024 * 1024;

const READ_FROM = "read into ByteBuffer";

/** Reads `src` to its end into `core`; see ByteBuffer.readFrom for the contract. */
export async function readFrom(
  core: BufferCore,
  src: ReadableStream<Uint8Array>,
): Promise<number> {
  checkReadableStream(READ_FROM, "src", src);
  core.check(READ_FROM);
  core.lastRead = false;
  const acquired = acquireReader(src);
  if (!acquired.byob) return await readChunks(core, acquired.reader);
  const direct = directSource(src)?.read;
  return direct
    ? await readSource(core, acquired.reader, direct)
    : await readByob(core, acquired.reader);
}

/**
 * Reads an `openFile` stream or a byte transform's readable straight into the free capacity,
 * past the stream's queue (src/read/_direct.ts): no transfer at all, so any storage is read into
 * in place, the caller's wrapped array included, and no view handed out before is detached.
 */
async function readSource(
  core: BufferCore,
  reader: ReadableStreamBYOBReader,
  read: DirectRead,
): Promise<number> {
  let total = 0;
  let streamFailed = false;
  try {
    for (;;) {
      core.check(READ_FROM);
      core.reserve(MIN_READ, READ_FROM);
      const { storage, end } = core;
      let count: number;
      try {
        count = await read(storage.subarray(end));
      } catch (error) {
        streamFailed = true;
        throw error;
      }
      if (count === 0) return total;
      if (core.storage !== storage || core.end !== end) {
        throw new TypeError(
          `Cannot ${READ_FROM} as the ByteBuffer was used while readFrom was reading: do not use the buffer until its promise settles`,
        );
      }
      core.end = end + count;
      total += count;
    }
  } catch (error) {
    if (!streamFailed) await reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/**
 * Whether the next read may transfer the storage: never the caller's memory (it stays valid, as
 * in Go) nor shared memory (it cannot be transferred); the buffer's own storage when its
 * ArrayBuffer is small, or when reads deliver a large share of it (the transfer is then cheap
 * per byte). `lastRead` is what the previous read delivered.
 */
function readsDirectly(core: BufferCore, lastRead: number): boolean {
  if (!core.owned || !(core.storage.buffer instanceof ArrayBuffer)) return false;
  // Owned storage spans its ArrayBuffer but for allocateAligned's padding: compare the capacity.
  return core.capacity <= DIRECT_LIMIT || core.capacity <= DIRECT_SHARE * lastRead;
}

/** What one read did: the bytes appended, or `null` when the stream was cancelled meanwhile. */
type Step = { count: number; done: boolean } | null;

/** BYOB reads until the end, each direct or through scratch memory (see the file comment). */
async function readByob(core: BufferCore, reader: ReadableStreamBYOBReader): Promise<number> {
  let total = 0;
  let lastRead = 0;
  const scratch = new Scratch();
  let streamFailed = false;
  try {
    for (;;) {
      core.check(READ_FROM);
      core.reserve(MIN_READ, READ_FROM);
      let step: Step;
      if (readsDirectly(core, lastRead)) {
        try {
          step = await readDirect(core, reader);
        } catch (error) {
          streamFailed = true;
          throw error;
        }
      } else {
        let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
        try {
          result = await scratch.read(reader, core.capacity - core.end);
        } catch (error) {
          streamFailed = true;
          throw error;
        }
        step = scratch.append(core, result);
      }
      if (step === null) return total;
      total += step.count;
      lastRead = step.count;
      if (step.done) return total;
    }
  } catch (error) {
    if (!streamFailed) await reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/** One BYOB read straight into the free capacity, adopting the transferred memory after it. */
async function readDirect(core: BufferCore, reader: ReadableStreamBYOBReader): Promise<Step> {
  const storage = core.storage;
  const { byteOffset } = storage; // read before the transfer zeroes it
  const start = core.end;
  let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
  try {
    // An ArrayBuffer (checked by readsDirectly): the cast only narrows the buffer type.
    result = await reader.read(storage.subarray(start) as Uint8Array<ArrayBuffer>);
  } catch (error) {
    forgetLostStorage(core, storage);
    throw error;
  }
  const { value, done } = result;
  if (value === undefined) {
    forgetLostStorage(core, storage); // cancelled while reading
    return null;
  }
  // Same memory under a new ArrayBuffer object: rebuild the storage view over it.
  core.storage = new Uint8Array(value.buffer, byteOffset, core.capacity);
  core.end = start + value.length;
  return { count: value.length, done };
}

/**
 * A BYOB read that fails or is cancelled keeps the memory it was given (the Streams spec drops
 * it): when that took the storage, the contents are gone and the buffer starts over empty.
 */
function forgetLostStorage(core: BufferCore, storage: Uint8Array): void {
  if (storage.length !== core.capacity) core.release();
}

/**
 * The reused memory of scratch reads: SCRATCH_START bytes (or the free space, when smaller),
 * doubling while reads fill it.
 */
class Scratch {
  /** The scratch memory (from allocateAligned) between reads; null while a read holds it. */
  #memory: Uint8Array<ArrayBuffer> | null = null;
  /** Where the memory lies in its ArrayBuffer, to rebuild the view after a read moved it. */
  #byteOffset = 0;
  #capacity = 0;
  #size = SCRATCH_START;

  /** One BYOB read of at most `free` bytes into the scratch memory, which it transfers. */
  read(
    reader: ReadableStreamBYOBReader,
    free: number,
  ): Promise<ReadableStreamReadResult<Uint8Array<ArrayBuffer>>> {
    const wanted = Math.min(this.#size, free); // small storage gets a small scratch buffer
    const kept = this.#memory;
    const memory = kept !== null && kept.length >= wanted ? kept : allocateAligned(wanted);
    this.#memory = null; // a failed or cancelled read keeps it: the next read allocates anew
    this.#byteOffset = memory.byteOffset;
    this.#capacity = memory.length;
    return reader.read(memory.subarray(0, wanted));
  }

  /** Copies what `read` delivered to the end of `core` (one `set`) and takes the memory back. */
  append(core: BufferCore, result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>): Step {
    const { value, done } = result;
    if (value === undefined) return null; // cancelled while reading: the storage is untouched
    core.check(READ_FROM);
    // Only a call made while the read was pending (which the contract forbids) can have taken
    // the free space: grow rather than write past the end.
    if (core.capacity - core.end < value.length) core.reserve(value.length, READ_FROM);
    core.storage.set(value, core.end);
    core.end += value.length;
    if (value.length === this.#capacity && this.#size < SCRATCH_MAX) {
      this.#size *= 2; // reads fill it: fewer, larger reads (allocated on the next read)
    } else {
      // The read moved the memory to a new ArrayBuffer: the same bytes, at the same offset.
      this.#memory = new Uint8Array(value.buffer, this.#byteOffset, this.#capacity);
    }
    return { count: value.length, done };
  }
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
