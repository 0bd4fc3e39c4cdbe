// Splits bytes into records at a delimiter (one byte, or a sequence found with KMP so no input byte
// is looked at twice, also across chunk boundaries). A record lying inside one input chunk is a
// view of it. The bytes of an unfinished record are copied into memory of our own, which the rest
// of the record is appended to and which is then handed out as the record: one copy for a record
// spanning chunks, and no input chunk is looked at after its write (a writer that reuses its
// memory, as a BYOB read loop does, cannot change a record still being gathered).
import { RecordTooLongError } from "../errors.ts";

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
}

const CR = 13;
const EMPTY = new Uint8Array(0);

export class RecordSplitter {
  readonly #delimiter: Uint8Array<ArrayBuffer>;
  readonly #fallback: Uint16Array; // KMP failure function: longest proper border of delimiter[0:i+1]
  readonly #suffix: boolean;
  readonly #prefix: boolean;
  readonly #maxLength: number;
  readonly #lines: boolean;
  #held: Uint8Array<ArrayBuffer> = EMPTY; // the unfinished record's bytes, copied: held[0:heldLength]; never handed out empty
  #heldLength = 0;
  #matched = 0; // delimiter bytes matched at the end of the held bytes

  constructor(rules: SplitRules) {
    const delimiter = rules.delimiter;
    this.#delimiter = delimiter;
    this.#suffix = rules.disposition === "suffix";
    this.#prefix = rules.disposition === "prefix";
    this.#maxLength = rules.maxLength;
    this.#lines = rules.lines;
    this.#fallback = new Uint16Array(delimiter.length);
    for (let i = 1, border = 0; i < delimiter.length; i++) {
      while (border > 0 && delimiter[i] !== delimiter[border]) border = this.#fallback[border - 1];
      if (delimiter[i] === delimiter[border]) border++;
      this.#fallback[i] = border;
    }
  }

  /** Appends the records that `chunk` ends to `out`; holds the rest. */
  split(chunk: Uint8Array<ArrayBuffer>, out: Uint8Array<ArrayBuffer>[]): void {
    if (this.#delimiter.length === 1) this.#splitOnByte(chunk, out);
    else this.#splitOnSequence(chunk, out);
  }

  /** Appends the last record, if the rules make one of what is held. */
  flush(out: Uint8Array<ArrayBuffer>[]): void {
    if (this.#lines && this.#heldLength === 0) return;
    out.push(this.#check(this.#takeHeld(EMPTY, 0)));
    this.#matched = 0;
  }

  // The hot loop of lines: one search and one view per record.
  #splitOnByte(chunk: Uint8Array<ArrayBuffer>, out: Uint8Array<ArrayBuffer>[]): void {
    const byte = this.#delimiter[0];
    const keepAtEnd = this.#suffix ? 1 : 0;
    const nextStart = this.#prefix ? 0 : 1;
    const maxLength = this.#maxLength;
    const lines = this.#lines;
    let found = chunk.indexOf(byte);
    if (found === -1) return this.#hold(chunk, 0);
    let start = 0;
    if (this.#heldLength > 0) {
      out.push(this.#endLine(this.#takeHeld(chunk.subarray(0, found + keepAtEnd), 0)));
      start = found + nextStart;
      found = chunk.indexOf(byte, found + 1);
    }
    // A view made from the buffer costs less than `subarray` (no species lookup): 10-25% here.
    const buffer = chunk.buffer;
    const base = chunk.byteOffset;
    while (found !== -1) {
      let end = found + keepAtEnd;
      if (lines && end > start && chunk[end - 1] === CR) end--;
      if (end - start > maxLength) throw new RecordTooLongError(maxLength, end - start);
      out.push(new Uint8Array(buffer, base + start, end - start));
      start = found + nextStart;
      found = chunk.indexOf(byte, found + 1);
    }
    this.#hold(chunk, start);
  }

  #splitOnSequence(chunk: Uint8Array<ArrayBuffer>, out: Uint8Array<ArrayBuffer>[]): void {
    const delimiter = this.#delimiter;
    const length = delimiter.length;
    const first = delimiter[0];
    let matched = this.#matched;
    let start = 0; // where the unfinished record's bytes in this chunk begin
    let i = 0;
    while (i < chunk.length) {
      if (matched === 0) {
        const found = chunk.indexOf(first, i);
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
    this.#hold(chunk, start);
  }

  /** Holds `chunk[start:]` as part of the unfinished record, refusing it once it is too long. */
  #hold(chunk: Uint8Array<ArrayBuffer>, start: number): void {
    if (start >= chunk.length) return;
    this.#append(start === 0 ? chunk : chunk.subarray(start));
    // Bytes that may still turn out to be a dropped delimiter (or a line's `\r`) do not count yet.
    const undecided = this.#lines ? 1 : this.#suffix ? 0 : this.#matched;
    const length = this.#heldLength - undecided;
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
