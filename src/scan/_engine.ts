// The scanner's loop (Go's bufio.Scanner.Scan): one buffer it owns, filled by reads from the
// source; each step searches the bytes not yet searched and hands out the records found there as
// ranges of the buffer. When a step finds nothing, the unfinished record is moved to the front
// and the rest of the buffer is read into; the buffer grows only when one record fills all of it.
//
// Memory (one per scanner, see _kernel.ts): the record ranges, as two i32 arrays of `cap + 64`
// slots (the SIMD kernel writes the delimiters' offsets into `ends` and may overshoot by 63),
// then the data from a page boundary (reads into it run at full speed: src/_aligned.ts), then
// the kernel's slack.
import { RecordTooLongError } from "../errors.ts";
import { type ScanMemory, scanMemory, SLACK } from "../search/_kernel.ts";

/** Fills the start of `view` from the source: the count, 0 at the end. */
export interface Filler {
  fill(view: Uint8Array): Promise<number>;
  /** Fills `view` when it can without waiting: the count (0 at the end), else undefined. */
  fillReady(view: Uint8Array): number | undefined;
}

/** What decides the records (one per split rule). */
export interface SplitRule {
  /**
   * Bytes at the end of an unfinished record that may turn out not to be part of it (a `\r`
   * before a line's `\n`, the start of a delimiter), not counted against `maxLength`.
   */
  readonly undecided: number;
  /**
   * Finds the records that end in [searched, filled): writes their ranges from slot 0 of `starts`
   * and `ends` and returns how many; moves `head` to the start of the unfinished record and
   * `searched` to where the next search starts. At most `cap + 63` records.
   */
  search(state: ScanState): number;
  /** At the end of the input, after `search` found nothing more: the final record (1), or 0. */
  finish(state: ScanState): number;
}

/** The records per step at most (the kernel may add 63), and the room for their ranges. */
const CAP = 16384;
const RANGE_SLOTS = CAP + 64;
const STARTS = 0;
const ENDS = RANGE_SLOTS * 4;
const DATA = Math.ceil((2 * RANGE_SLOTS * 4) / 4096) * 4096;

/**
 * The state of one scan: the memory and where things are in it. Offsets are relative to the
 * data's first byte (`data`), as the records' ranges are.
 */
export class ScanState {
  readonly memory: ScanMemory;
  /** Address of the data, and of the slot arrays. */
  readonly data = DATA;
  readonly starts = STARTS;
  readonly ends = ENDS;
  readonly cap = CAP;
  readonly maxLength: number;
  /** Bytes the data may hold before the memory grows. */
  capacity: number;
  /** Where the unfinished record starts. */
  head = 0;
  /** Where the next search starts. */
  searched = 0;
  /** Bytes in the data. */
  filled = 0;
  /** No more bytes will come. */
  eof = false;
  /** A mark a rule keeps in the data (it moves with the data): e.g. where a match ended. */
  mark = 0;
  /** A flag a rule keeps between steps: e.g. inside a word. */
  flag = false;
  /** The stream offset of the data's first byte. */
  offset = 0;

  constructor(capacity: number, maxLength: number, simd: boolean) {
    this.capacity = capacity;
    this.maxLength = maxLength;
    this.memory = scanMemory(DATA + capacity + SLACK, simd);
  }
}

/** One scan: the state, its rule and its source, one step at a time. */
export class ScanEngine {
  readonly state: ScanState;
  readonly #rule: SplitRule;
  readonly #source: Filler;
  #finished = false;
  #final = false;

  constructor(state: ScanState, rule: SplitRule, source: Filler) {
    this.state = state;
    this.#rule = rule;
    this.#source = source;
  }

  /**
   * True when the last step's one record is the final one the rule made of the bytes after the
   * last delimiter (it ended at the end of the input, not at a delimiter).
   */
  get final(): boolean {
    return this.#final;
  }

  /**
   * The count of records of the next step when it can be had without waiting for the source
   * (0 at the end), else undefined: `next()` then waits.
   */
  tryNext(): number | undefined {
    const state = this.state;
    this.#final = false;
    for (;;) {
      const found = this.#search();
      if (found > 0) return found;
      if (state.eof) return this.#finish();
      const read = this.#source.fillReady(this.#room());
      if (read === undefined) return undefined;
      this.#took(read);
    }
  }

  /** The count of records of the next step, 0 at the end. */
  async next(): Promise<number> {
    for (;;) {
      const found = this.tryNext();
      if (found !== undefined) return found;
      this.#took(await this.#source.fill(this.#room()));
    }
  }

  /** Searches until records are found, or until what is left needs more bytes to decide. */
  #search(): number {
    const state = this.state;
    for (;;) {
      const before = state.searched;
      if (before >= state.filled) return 0;
      const found = this.#rule.search(state);
      if (found > 0 || state.searched <= before || state.searched >= state.filled) return found;
    }
  }

  #finish(): number {
    if (this.#finished) return 0;
    this.#finished = true;
    const found = this.#rule.finish(this.state);
    this.#final = found > 0;
    return found;
  }

  /** Room after the data for the next read: the unfinished record moved to the front first. */
  #room(): Uint8Array {
    const state = this.state;
    if (state.head > 0) {
      const { head, data } = state;
      state.memory.bytes.copyWithin(data, data + head, data + state.filled);
      state.offset += head;
      state.filled -= head;
      state.searched -= head;
      state.mark -= head;
      state.head = 0;
    }
    const pending = state.filled - this.#rule.undecided;
    if (pending > state.maxLength) throw new RecordTooLongError(state.maxLength, pending);
    if (state.filled === state.capacity) this.#grow();
    return new Uint8Array(
      state.memory.bytes.buffer,
      state.data + state.filled,
      state.capacity - state.filled,
    );
  }

  /** One record fills the buffer: twice the room, as far as the memory can go. */
  #grow(): void {
    const state = this.state;
    const capacity = Math.min(2 * state.capacity, MAX_CAPACITY);
    if (capacity === state.capacity) {
      throw new RecordTooLongError(state.capacity, state.filled);
    }
    state.memory.grow(state.data + capacity + SLACK);
    state.capacity = capacity;
  }

  #took(count: number): void {
    if (count === 0) this.state.eof = true;
    else this.state.filled += count;
  }
}

/**
 * The most data one scanner holds: 1 GiB, so that every offset fits the i32 slots and every
 * address a 32-bit memory.
 */
export const MAX_CAPACITY = 2 ** 30;

/**
 * Finds `first` or `second` (the same byte twice for one) in what is left to search: their offsets
 * fill the `ends` slots (at most `cap + 63`), and `searched` moves to where the search stopped.
 * Returns how many were found.
 */
export function findInData(state: ScanState, first: number, second: number): number {
  const { memory, data } = state;
  const found = memory.kernel.find(
    data + state.searched,
    data + state.filled,
    first,
    second,
    data,
    state.ends,
    state.cap,
  );
  state.searched = memory.kernel.resume() - data;
  return found;
}

/** Throws when a record found by a rule is longer than `maxLength`. */
export function checkLength(state: ScanState, length: number): void {
  if (length > state.maxLength) throw new RecordTooLongError(state.maxLength, length);
}
