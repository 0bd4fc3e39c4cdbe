// Splits bytes into records at a delimiter (one byte, or a sequence found with KMP so no input byte
// is looked at twice, also across chunk boundaries). A record lying inside one input chunk is a
// view of it. The bytes of an unfinished record are copied into memory of our own, which the rest
// of the record is appended to and which is then handed out as the record: one copy for a record
// spanning chunks, and no input chunk is looked at after its write (a writer that reuses its
// memory, as a BYOB read loop does, cannot change a record still being gathered).
//
// A chunk is split a slice at a time (SLICE bytes), so that a huge chunk costs per byte what small
// ones cost and the records waiting for the reader stay bounded: the record stream hands each
// slice's records over before it splits the next. A single byte (and, with `allowCR`, "\r" beside
// "\n") is found by the search kernel of src/search/ (WebAssembly SIMD over a copy of the window;
// indexOf without it); the records stay views of the chunk.
import { RecordTooLongError } from "../errors.ts";
import { findPositions, positions, WINDOW } from "../search/_positions.ts";

/** Where the delimiter goes: dropped, or kept at the end of its record or the start of the next. */
export type DelimiterDisposition = "discard" | "prefix" | "suffix";

/** What decides the records. */
export interface SplitRules {
  readonly delimiter: Uint8Array<ArrayBuffer>;
  readonly disposition: DelimiterDisposition;
  readonly maxLength: number;
  /**
   * Lines (TextLineStream's rules): one `\r` before each `\n` is dropped, and the bytes after the
   * last delimiter are a record only when there are some. Otherwise (DelimiterStream's rules, as
   * Go's `bytes.Split`) they always are, so input ending with a delimiter ends with an empty record.
   */
  readonly lines: boolean;
  /** Lines only: a `\r` not followed by `\n` ends a line too (TextLineStream's `allowCR`). */
  readonly allowCR?: boolean;
}

/** Bytes of a chunk split per call: the records of one slice wait for the reader at most. */
export const SLICE = 1 << 20;

const CR = 13;
const LF = 10;
const EMPTY = new Uint8Array(0);

export class RecordSplitter {
  readonly #delimiter: Uint8Array<ArrayBuffer>;
  readonly #fallback: Uint16Array; // KMP failure function: longest proper border of delimiter[0:i+1]
  readonly #suffix: boolean;
  readonly #prefix: boolean;
  readonly #maxLength: number;
  readonly #lines: boolean;
  readonly #allowCR: boolean;
  #held: Uint8Array<ArrayBuffer> = EMPTY; // the unfinished record's bytes, copied: held[0:heldLength]; never handed out empty
  #heldLength = 0;
  #matched = 0; // delimiter bytes matched at the end of what was split so far
  #start = 0; // where the unfinished record starts in the chunk being split (nothing held)

  constructor(rules: SplitRules) {
    const delimiter = rules.delimiter;
    this.#delimiter = delimiter;
    this.#suffix = rules.disposition === "suffix";
    this.#prefix = rules.disposition === "prefix";
    this.#maxLength = rules.maxLength;
    this.#lines = rules.lines;
    this.#allowCR = rules.lines && rules.allowCR === true;
    this.#fallback = new Uint16Array(delimiter.length);
    for (let i = 1, border = 0; i < delimiter.length; i++) {
      while (border > 0 && delimiter[i] !== delimiter[border]) border = this.#fallback[border - 1];
      if (delimiter[i] === delimiter[border]) border++;
      this.#fallback[i] = border;
    }
  }

  /**
   * Appends the records that `chunk[from:]` ends, up to a slice's worth of bytes, to `out`;
   * returns where the next call goes on (`chunk.length` once the chunk is split, its rest held).
   * A chunk is split from 0, slice after slice, before the next chunk.
   */
  split(chunk: Uint8Array<ArrayBuffer>, from: number, out: Uint8Array<ArrayBuffer>[]): number {
    const to = Math.min(chunk.length, from + SLICE);
    if (from === 0) {
      this.#start = 0;
      if (this.#allowCR && chunk.length > 0) this.#settleHeldCR(chunk, out);
    }
    if (this.#delimiter.length > 1) this.#splitOnSequence(chunk, from, to, out);
    else if (this.#allowCR) this.#splitOnLineEnds(chunk, from, to, out);
    else this.#splitOnByte(chunk, from, to, out);
    if (to === chunk.length) {
      this.#hold(chunk, this.#start);
    } else {
      // A record growing past maxLength is refused before the rest of a huge chunk is split.
      const length = this.#heldLength + to - this.#start - this.#undecided();
      if (length > this.#maxLength) throw new RecordTooLongError(this.#maxLength, length);
    }
    return to;
  }

  /** Appends the last record, if the rules make one of what is held. */
  flush(out: Uint8Array<ArrayBuffer>[]): void {
    if (this.#lines && this.#heldLength === 0) return;
    // allowCR: a final "\r" ends the last line (TextLineStream drops it).
    const drop = this.#allowCR && this.#held[this.#heldLength - 1] === CR ? 1 : 0;
    out.push(this.#check(this.#takeHeld(EMPTY, drop)));
    this.#matched = 0;
  }

  // The hot loop of lines: the window's delimiters found at once, one view per record.
  #splitOnByte(
    chunk: Uint8Array<ArrayBuffer>,
    from: number,
    to: number,
    out: Uint8Array<ArrayBuffer>[],
  ): void {
    const byte = this.#delimiter[0];
    const keepAtEnd = this.#suffix ? 1 : 0;
    const nextStart = this.#prefix ? 0 : 1;
    const maxLength = this.#maxLength;
    const lines = this.#lines;
    // A view made from the buffer costs less than `subarray` (no species lookup): 10-25% here.
    const buffer = chunk.buffer;
    const base = chunk.byteOffset;
    let start = this.#start;
    for (let window = from; window < to; window += WINDOW) {
      const found = findPositions(chunk, window, Math.min(window + WINDOW, to), byte, byte);
      const at = positions();
      let k = 0;
      if (found > 0 && this.#heldLength > 0) {
        out.push(this.#endLine(this.#takeHeld(chunk.subarray(0, at[0] + keepAtEnd), 0)));
        start = at[0] + nextStart;
        k = 1;
      }
      for (; k < found; k++) {
        const delimiter = at[k];
        let end = delimiter + keepAtEnd;
        if (lines && end > start && chunk[end - 1] === CR) end--;
        if (end - start > maxLength) throw new RecordTooLongError(maxLength, end - start);
        out.push(new Uint8Array(buffer, base + start, end - start));
        start = delimiter + nextStart;
      }
    }
    this.#start = start;
  }

  // allowCR: "\n", "\r\n" and a lone "\r" end a line; a "\r" last in the chunk waits for the next.
  #splitOnLineEnds(
    chunk: Uint8Array<ArrayBuffer>,
    from: number,
    to: number,
    out: Uint8Array<ArrayBuffer>[],
  ): void {
    const maxLength = this.#maxLength;
    const last = chunk.length - 1;
    const buffer = chunk.buffer;
    const base = chunk.byteOffset;
    let start = this.#start;
    for (let window = from; window < to; window += WINDOW) {
      const found = findPositions(chunk, window, Math.min(window + WINDOW, to), LF, CR);
      const at = positions();
      for (let k = 0; k < found; k++) {
        const ending = at[k];
        let end = ending;
        if (chunk[ending] === CR) {
          if (ending === last || chunk[ending + 1] === LF) continue; // decided later, or "\r\n"
        } else if (ending > start && chunk[ending - 1] === CR) {
          end--;
        }
        if (this.#heldLength > 0) {
          out.push(this.#endLine(this.#takeHeld(chunk.subarray(0, end), 0)));
        } else {
          if (end - start > maxLength) throw new RecordTooLongError(maxLength, end - start);
          out.push(new Uint8Array(buffer, base + start, end - start));
        }
        start = ending + 1;
      }
    }
    this.#start = start;
  }

  /**
   * allowCR, at the start of a chunk: held bytes ending with "\r" end a line unless this chunk
   * starts with "\n" (then the "\n" ends it, as "\r\n").
   */
  #settleHeldCR(chunk: Uint8Array<ArrayBuffer>, out: Uint8Array<ArrayBuffer>[]): void {
    if (this.#heldLength === 0 || this.#held[this.#heldLength - 1] !== CR || chunk[0] === LF) {
      return;
    }
    out.push(this.#check(this.#takeHeld(EMPTY, 1)));
  }

  #splitOnSequence(
    chunk: Uint8Array<ArrayBuffer>,
    from: number,
    to: number,
    out: Uint8Array<ArrayBuffer>[],
  ): void {
    const delimiter = this.#delimiter;
    const length = delimiter.length;
    const first = delimiter[0];
    // indexOf must not look past this slice: a view that ends with it.
    const view = to === chunk.length ? chunk : chunk.subarray(0, to);
    let matched = this.#matched;
    let start = this.#start; // where the unfinished record's bytes in this chunk begin
    let i = from;
    while (i < to) {
      if (matched === 0) {
        const found = view.indexOf(first, i);
        if (found === -1) break;
        i = found + 1;
        matched = 1;
      } else if (chunk[i] === delimiter[matched]) {
        i++;
        matched++;
      } else {
        matched = this.#fallback[matched - 1];
        continue;
      }
      if (matched < length) continue;
      matched = 0;
      // The delimiter is chunk[i - length, i); a negative start means it began in held bytes.
      const delimiterStart = i - length;
      const end = this.#suffix ? i : delimiterStart;
      if (this.#heldLength === 0) {
        out.push(this.#check(chunk.subarray(start, end)));
      } else if (end >= 0) {
        out.push(this.#check(this.#takeHeld(chunk.subarray(0, end), 0)));
      } else {
        out.push(this.#check(this.#takeHeld(EMPTY, -end)));
      }
      if (!this.#prefix) start = i;
      else if (delimiterStart >= 0) start = delimiterStart;
      else {
        // The delimiter opens the next record and began in an earlier chunk: its first bytes
        // (equal to the delimiter's) are held again.
        this.#append(delimiter.subarray(0, -delimiterStart));
        start = 0;
      }
    }
    this.#matched = matched;
    this.#start = start;
  }

  /** Bytes at the end of the unfinished record that may turn out not to be part of it. */
  #undecided(): number {
    return this.#lines ? 1 : this.#suffix ? 0 : this.#matched;
  }

  /** Holds `chunk[start:]` as part of the unfinished record, refusing it once it is too long. */
  #hold(chunk: Uint8Array<ArrayBuffer>, start: number): void {
    if (start >= chunk.length) return;
    this.#append(start === 0 ? chunk : chunk.subarray(start));
    // Bytes that may still turn out to be a dropped delimiter (or a line's `\r`) do not count yet.
    const length = this.#heldLength - this.#undecided();
    if (length > this.#maxLength) throw new RecordTooLongError(this.#maxLength, length);
  }

  /** Copies `bytes` after the held ones, growing the memory to about twice what it must hold. */
  #append(bytes: Uint8Array<ArrayBuffer>): void {
    const length = this.#heldLength + bytes.length;
    if (length > this.#held.length) {
      const grown = new Uint8Array(Math.max(length, 2 * this.#held.length, 64));
      if (this.#heldLength > 0) grown.set(this.#held.subarray(0, this.#heldLength));
      this.#held = grown;
    }
    this.#held.set(bytes, this.#heldLength);
    this.#heldLength = length;
  }

  /**
   * The held bytes followed by `tail`, less `drop` bytes at the end (taken from the held bytes;
   * `tail` is then empty): the held memory itself, handed out (the next record gets new memory).
   */
  #takeHeld(tail: Uint8Array<ArrayBuffer>, drop: number): Uint8Array<ArrayBuffer> {
    if (this.#heldLength === 0) return tail.length > 0 ? tail : new Uint8Array(0);
    this.#append(tail);
    const record = this.#held.subarray(0, this.#heldLength - drop);
    this.#held = EMPTY;
    this.#heldLength = 0;
    return record;
  }

  /** A line joined from held bytes: its `\r` before the `\n` dropped, its length checked. */
  #endLine(record: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    if (this.#lines && record.length > 0 && record[record.length - 1] === CR) {
      return this.#check(record.subarray(0, record.length - 1));
    }
    return this.#check(record);
  }

  #check(record: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    if (record.length > this.#maxLength) {
      throw new RecordTooLongError(this.#maxLength, record.length);
    }
    return record;
  }
}
