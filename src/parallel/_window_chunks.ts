// A window of a file handed out in chunks that end on record boundaries: views of one mapping of
// the window where the runtime can map, else the window read through one reused buffer. Each
// chunk taken counts its bytes in the shared progress counter; an abort raised by another thread
// stops the iteration at the next chunk.
import { mapFile, type MappedFile } from "../file/map_file.ts";
import { type DirectSource, offerDirectRead } from "../plumbing/_direct.ts";
import { type MapHandle, runtime } from "../runtime/adapter.ts";
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
 * block runs. A mapping is unmapped; a read window's descriptor is closed.
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

/**
 * The chunks of one window; `return()` (also when the consumer stops early) releases the file.
 *
 * Until it is iterated, the window also offers direct reads (src/plumbing/_direct.ts): a scanner
 * (`scan()`, `count()`) given the chunks reads the window's bytes straight into its own buffer
 * with positional reads, instead of copying them out of a mapping or of a buffer they were read
 * into. Neither then happens: the window is never mapped, and each byte is copied once, by the
 * read. (Two Workers counting the halves of a 1 GiB file, warm: 10.7-13.3 GB/s read so, against
 * 6.6-9.5 through mappings, whose page faults the threads of one process take in turn.)
 */
export function windowChunks(plan: WindowPlan, control: ScanControl): WindowChunks {
  return new WindowChunks(plan, control);
}

/** A window's chunks: iterated (mapped or read, as planned), or read directly by a scanner. */
export class WindowChunks implements AsyncIterableIterator<Uint8Array> {
  readonly #plan: WindowPlan;
  readonly #control: ScanControl;
  #chunks: AsyncGenerator<Uint8Array> | undefined;
  #direct: DirectWindow | undefined;
  #done = false;

  constructor(plan: WindowPlan, control: ScanControl) {
    this.#plan = plan;
    this.#control = control;
    offerDirectRead(this, () => {
      if (this.#chunks !== undefined || this.#done) return undefined;
      this.#direct ??= new DirectWindow(plan, control);
      return this.#direct;
    });
  }

  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.#direct !== undefined) {
      return Promise.reject(
        new TypeError("Cannot iterate the window's chunks as a scanner reads it directly"),
      );
    }
    if (this.#done) return Promise.resolve({ done: true, value: undefined });
    this.#chunks ??= this.#plan.mapped
      ? mappedChunks(this.#plan, this.#control)
      : readChunks(this.#plan, this.#control);
    return this.#chunks.next() as Promise<IteratorResult<Uint8Array, undefined>>;
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    this.#done = true;
    this.#direct?.close();
    await this.#chunks?.return(undefined);
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }
}

/** A window read straight into a scanner's memory: positional reads, in order, to its end. */
class DirectWindow implements DirectSource {
  readonly #plan: WindowPlan;
  readonly #control: ScanControl;
  readonly #end: number;
  #file: MapHandle | undefined;
  #position: number;
  readonly #release = () => this.close();

  constructor(plan: WindowPlan, control: ScanControl) {
    this.#plan = plan;
    this.#control = control;
    this.#position = plan.range.offset;
    this.#end = plan.range.offset + plan.range.length;
  }

  /** Fills the start of `view` with the window's next bytes: the count, undefined at its end. */
  readReady = (view: Uint8Array): number | undefined => {
    if (this.#control.stopped) throw stopped();
    const wanted = Math.min(view.length, this.#end - this.#position);
    if (wanted <= 0) return undefined;
    if (this.#file === undefined) {
      // Opened as a window to map is (never blocking; in Deno through libc where it may, which
      // opens /proc/self/fd/N without asking for every permission), then read, never mapped.
      this.#file = runtime.openForMap(this.#plan.source, false);
      heldWindows.add(this.#release);
    }
    const count = this.#file.readAt(
      wanted === view.length ? view : view.subarray(0, wanted),
      this.#position,
    );
    if (count === 0) throw shrunk(this.#plan, this.#position);
    this.#position += count;
    this.#control.add(count);
    return count;
  };

  /** As `readReady`, 0 at the window's end (its file then closed). */
  read = (view: Uint8Array): Promise<number> => {
    try {
      const count = this.readReady(view);
      if (count !== undefined) return Promise.resolve(count);
      this.close();
      return Promise.resolve(0);
    } catch (error) {
      this.close();
      return Promise.reject(error);
    }
  };

  close(): void {
    heldWindows.delete(this.#release);
    this.#file?.close();
    this.#file = undefined;
  }
}

function stopped(): DOMException {
  return new DOMException("The scan was stopped", "AbortError");
}

/** The error of a window whose file ended at `position`, before the window's end. */
function shrunk({ range: { offset, length } }: WindowPlan, position: number): RangeError {
  return new RangeError(
    `the file changed size: ${position - offset} of the window's ${length} bytes were there`,
  );
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
  const file = runtime.openForMap(plan.source, false);
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
      if (count === 0) throw shrunk(plan, position);
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
