// The copy loop behind copyBuffer and copyN: pieces from the source (BYOB reads into the one
// buffer, or a default stream's chunks as they are), each written to the sink before the next is
// read, with pipeTo's error rules; at the end the buffer's memory is handed back to the caller.

import { allocateAligned } from "../_aligned.ts";
import { checkBytes, checkFlag, checkOptions, isDetached } from "../_validate.ts";
import { UnexpectedEofError } from "../errors.ts";
import { ChunkReader } from "../plumbing/_chunk_reader.ts";
import { retainsChunks } from "../plumbing/_record_source.ts";
import { type AnyReader, cancelQuietly, checkTransferable } from "../plumbing/_stream.ts";

/** What a copy resolves with: the count, and the buffer's memory to use again. */
export interface CopyResult {
  /** The number of bytes written to `dst`. */
  readonly written: number;
  /**
   * The copy's buffer, handed back: the same memory as the `buf` passed in (same `byteOffset`
   * and length in its ArrayBuffer), now the caller's again. A BYOB read transfers the memory, so
   * `buf` itself may be empty (detached) after a copy from a byte stream: pass this view to the
   * next copy instead (Go's `io.CopyBuffer(dst, src, buf)` reusing `buf`). A buffer the copy
   * allocated (no `buf`, or the sink took the memory) is handed back too.
   */
  readonly buffer: Uint8Array;
}

/** How a copy reads, writes and ends. */
export interface CopyPlan {
  /** For error messages: "copy src to dst". */
  readonly action: string;
  /** The source's reader (acquired by the caller). */
  readonly source: AnyReader;
  /** Release the reader's lock at the end (false: the caller's own reader, left locked). */
  readonly releaseSource: boolean;
  readonly dst: WritableStream<Uint8Array>;
  readonly buffer: Uint8Array;
  /** Bytes to copy at most (Infinity: to the end of the source); fewer is an UnexpectedEofError. */
  readonly limit: number;
  readonly preventClose: boolean;
}

/** Checks a copy's buffer: a `Uint8Array`, attached, not empty. */
export function checkBuffer(action: string, buf: unknown): Uint8Array {
  checkBytes(action, "buf", buf);
  const bytes = buf as Uint8Array;
  if (bytes.length === 0) {
    throw new RangeError(`Cannot ${action} as buf must not be empty: received Uint8Array(0)`);
  }
  return bytes;
}

/** Checks a copy's options (the rule of CONTRIBUTING.md); returns `preventClose`. */
export function checkCopyOptions(action: string, options: unknown): boolean {
  return checkFlag(action, "preventClose", checkOptions(action, options).preventClose, false);
}

/** Go's default copy buffer: 32 KiB, placed for a full-speed kernel copy. */
export function defaultBuffer(): Uint8Array {
  return allocateAligned(32 * 1024);
}

/** Runs the copy of `plan`; rejects as `pipeTo` would, with both locks released. */
export async function copy(plan: CopyPlan): Promise<CopyResult> {
  const { source, dst, limit } = plan;
  let pieces: Pieces;
  try {
    pieces = source.byob
      ? byobPieces(
        source.reader,
        checkTransferable(plan.action, "buf", plan.buffer),
        retainsChunks(dst),
      )
      : passPieces(source.reader, plan.buffer, limit !== Infinity);
  } catch (error) {
    if (plan.releaseSource) source.reader.releaseLock();
    throw error;
  }
  const writer = dst.getWriter();
  let finished = false;
  const sink: { failed: boolean; error?: unknown } = { failed: false };
  // A sink that errors while the source is idle must not leave the copy waiting on a read.
  writer.closed.catch((error) => {
    if (finished) return;
    sink.failed = true;
    sink.error = error;
    return pieces.cancel(error);
  });

  let total = 0;
  try {
    while (total < limit) {
      let piece: Uint8Array | null;
      try {
        piece = await pieces.next(limit - total);
      } catch (error) {
        await Promise.all([pieces.cancel(error), writer.abort(error).catch(ignore)]);
        throw error;
      }
      if (piece === null) break;
      // Counted before the write: a sink that takes the memory leaves the view empty.
      const count = piece.length;
      try {
        await writer.write(piece);
      } catch (error) {
        await pieces.cancel(error);
        throw error;
      }
      total += count;
      pieces.written(piece);
    }
    // The source also ends when it was cancelled because the sink errored.
    if (sink.failed) throw sink.error;
    if (total < limit && limit !== Infinity) {
      // The memory goes back through the error: `partial` is an empty view of it.
      const error = new UnexpectedEofError(pieces.memory().subarray(0, 0), limit, {
        received: total,
      });
      await writer.abort(error).catch(ignore);
      throw error;
    }
    await pieces.end();
    if (!plan.preventClose) await writer.close();
    return { written: total, buffer: pieces.memory() };
  } finally {
    finished = true;
    if (plan.releaseSource) pieces.release();
    writer.releaseLock();
  }
}

/** Where the copy gets its pieces: the next one, then word that the sink is done with it. */
interface Pieces {
  /** The next piece, at most `max` bytes; null at the end of the source. */
  next(max: number): Promise<Uint8Array | null>;
  written(piece: Uint8Array): void;
  /** The buffer's memory now (after the last read, or the end). */
  memory(): Uint8Array;
  /** After the last piece of a limited copy: a default stream that cannot take back a rest is cancelled. */
  end(): Promise<void>;
  cancel(reason: unknown): Promise<void>;
  release(): void;
}

function byobPieces(
  reader: ReadableStreamBYOBReader,
  buf: Uint8Array<ArrayBuffer>,
  sinkKeeps: boolean,
): Pieces {
  const { byteOffset, length } = buf;
  let view = buf;
  return {
    async next(max) {
      const target = max < length ? new Uint8Array(view.buffer, byteOffset, max) : view;
      const { done, value } = await reader.read(target);
      if (!done && value !== undefined) return value;
      // The end hands the memory back too, in an empty view of it.
      view = value === undefined
        ? allocateAligned(length) as Uint8Array<ArrayBuffer>
        : new Uint8Array(value.buffer, byteOffset, length);
      return null;
    },
    written(piece) {
      // The piece is the last read's view: its buffer is the reused memory, an ArrayBuffer.
      const memory = piece.buffer as ArrayBuffer;
      view = sinkKeeps || isDetached(memory)
        ? allocateAligned(length) as Uint8Array<ArrayBuffer>
        : new Uint8Array(memory, byteOffset, length);
    },
    memory: () => view,
    end: () => Promise.resolve(),
    cancel: (reason) => cancelQuietly(reader, reason),
    release: () => reader.releaseLock(),
  };
}

function passPieces(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  buf: Uint8Array,
  limited: boolean,
): Pieces {
  const chunks = new ChunkReader(reader);
  return {
    next: (max) => chunks.next(max),
    written: ignore,
    memory: () => buf,
    // The rest of a chunk cannot go back into a default stream: a limited copy ends it.
    end: () => limited ? cancelQuietly(reader, copiedEnough()) : Promise.resolve(),
    cancel: (reason) => cancelQuietly(reader, reason),
    release: () => chunks.release(),
  };
}

function copiedEnough(): DOMException {
  return new DOMException("copyN copied the bytes it was asked for", "AbortError");
}

function ignore(): void {}
