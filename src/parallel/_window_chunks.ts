// A window of a file handed out in chunks that end on record boundaries: views of one mapping of
// the window where the runtime can map, else the window read through one reused buffer. Each
// chunk taken counts its bytes in the shared progress counter; an abort raised by another thread
// stops the iteration at the next chunk.
import { mapFile, type MappedFile } from "../file/map_file.ts";
import { runtime } from "../runtime/adapter.ts";
import { lastRecordEnd, nextRecordEnd } from "./_record_bounds.ts";
import type { FileRange } from "./split_file.ts";

/**
 * What the threads of one scan share, in one SharedArrayBuffer: the bytes scanned so far (added
 * to by every thread, read by the caller's for progress) and a flag that stops every thread.
 */
export class ScanControl {
  readonly shared: SharedArrayBuffer;
  readonly #done: BigInt64Array;
  readonly #stop: Int32Array;

  constructor(shared: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.shared = shared;
    this.#done = new BigInt64Array(shared, 0, 1);
    this.#stop = new Int32Array(shared, 8, 1);
  }

  /** Adds `bytes` to the bytes scanned. */
  add(bytes: number): void {
    Atomics.add(this.#done, 0, BigInt(bytes));
  }

  /** The bytes scanned so far, by every thread. */
  get bytesDone(): number {
    return Number(Atomics.load(this.#done, 0));
  }

  /** Asks every thread to stop at its next chunk. */
  stop(): void {
    Atomics.store(this.#stop, 0, 1);
  }

  get stopped(): boolean {
    return Atomics.load(this.#stop, 0) === 1;
  }
}

/** How a window is cut into chunks. */
export interface WindowPlan {
  /** The file as the caller named it. */
  readonly path: string;
  /** What to open: the scan's held descriptor (`/proc/self/fd/N`), or `path` where there is none. */
  readonly source: string;
  readonly range: FileRange;
  readonly delimiter: Uint8Array;
  /** About how many bytes each chunk holds (a longer record makes a longer chunk). */
  readonly chunkSize: number;
  /** Whether the window is mapped (chunks are views of the mapping) or read through one buffer. */
  readonly mapped: boolean;
}

/**
 * How to release, at once and synchronously, each window this thread holds: for a Worker whose
 * thread ends before its scanner settles (process.exit() in the worker module), where no finally
 * block runs. A mapping is unmapped; a read window's descriptor is closed (Deno closes it within
 * the cancel call).
 */
const heldWindows = new Set<() => void>();

/** Releases every window this thread still holds (see `heldWindows`). */
export function releaseHeldWindows(): void {
  for (const release of heldWindows) {
    try {
      release();
    } catch {
      // The thread is ending: nobody is left to tell.
    }
  }
  heldWindows.clear();
}

/** The chunks of one window; `return()` (also when the consumer stops early) releases the file. */
export function windowChunks(plan: WindowPlan, control: ScanControl): AsyncGenerator<Uint8Array> {
  return plan.mapped ? mappedChunks(plan, control) : readChunks(plan, control);
}

function stopped(): DOMException {
  return new DOMException("The scan was stopped", "AbortError");
}

async function* mappedChunks(plan: WindowPlan, control: ScanControl): AsyncGenerator<Uint8Array> {
  const { length } = plan.range;
  // try/finally rather than `using`: Node 22 cannot parse `using`, and JSR's npm build keeps it.
  const file = mapWindow(plan);
  const release = () => file.close();
  heldWindows.add(release);
  try {
    const bytes = file.bytes;
    for (let start = 0; start < length;) {
      if (control.stopped) throw stopped();
      const end = chunkEnd(bytes, start, Math.min(start + plan.chunkSize, length), plan.delimiter);
      yield bytes.subarray(start, end);
      control.add(end - start);
      start = end;
    }
  } finally {
    heldWindows.delete(release);
    file.close();
  }
}

function mapWindow({ source, range: { offset, length } }: WindowPlan): MappedFile {
  try {
    return mapFile(source, { offset, length, populate: true, fallback: "error" });
  } catch (error) {
    // The window was cut from the file's size at the start: it cannot be too long unless the
    // file shrank since.
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(
      `the file changed size: the window's ${length} bytes from ${offset} are no longer there`,
      { cause: error },
    );
  }
}

/** Where a chunk from `start` ends: after the last delimiter before `limit`, else the next one. */
function chunkEnd(bytes: Uint8Array, start: number, limit: number, delimiter: Uint8Array): number {
  if (limit >= bytes.length) return bytes.length;
  const end = lastRecordEnd(bytes, start, limit, delimiter);
  if (end > start) return end;
  const next = nextRecordEnd(bytes, limit - delimiter.length + 1, delimiter);
  return next === -1 ? bytes.length : next;
}

async function* readChunks(plan: WindowPlan, control: ScanControl): AsyncGenerator<Uint8Array> {
  const { offset, length } = plan.range;
  const end = offset + length;
  // Positional reads straight into the held buffer, closed synchronously on every way out (also
  // when the worker module ends the thread: node:fs descriptors outlive a Worker otherwise).
  const file = runtime.openRandom(plan.source);
  const release = () => file.close();
  heldWindows.add(release);
  let held = new Uint8Array(2 * plan.chunkSize); // bytes read, not yet handed out
  let heldLength = 0;
  let position = offset;
  try {
    for (;;) {
      if (control.stopped) throw stopped();
      if (held.length - heldLength < plan.chunkSize) {
        // A record longer than a chunk: the only case that copies what was read.
        const grown = new Uint8Array(2 * (heldLength + plan.chunkSize));
        grown.set(held.subarray(0, heldLength));
        held = grown;
      }
      const wanted = Math.min(held.length - heldLength, end - position);
      if (wanted === 0) break;
      const count = file.readAt(held.subarray(heldLength, heldLength + wanted), position);
      if (count === 0) {
        throw new RangeError(
          `the file changed size: ${position - offset} of the window's ${length} bytes were there`,
        );
      }
      position += count;
      heldLength += count;
      if (heldLength < plan.chunkSize && position < end) continue;
      // The window's last bytes end its last record; before that, chunks end after a delimiter.
      const cut = position === end
        ? heldLength
        : lastRecordEnd(held, 0, heldLength, plan.delimiter);
      if (cut <= 0) continue; // one record longer than a chunk: read on
      yield held.subarray(0, cut);
      control.add(cut);
      held.copyWithin(0, cut, heldLength); // the start of the next record only
      heldLength -= cut;
    }
  } finally {
    heldWindows.delete(release);
    file.close();
  }
}
