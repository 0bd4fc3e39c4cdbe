// The state machine of DelimiterStream: finds a delimiter (one byte or a sequence, also across
// chunk boundaries, with KMP so no input byte is looked at twice) and emits records as views of
// the input chunk. Bytes that may be the start of a delimiter split by a chunk boundary are not
// emitted until the next chunk decides; they always equal `delimiter[0:held]`, so they are not
// kept at all, and when they turn out to be record bytes they are written from the delimiter.
import { RecordTooLongError } from "../errors.ts";
import type { ByteTransformOutput } from "./byte_transformer.ts";

/** Where the delimiter goes: dropped, or kept at the end of its record or the start of the next. */
export type DelimiterDisposition = "discard" | "prefix" | "suffix";

export class Splitter {
  readonly #delimiter: Uint8Array;
  readonly #fallback: Uint16Array; // KMP failure function: longest proper border of delimiter[0:i+1]
  readonly #disposition: DelimiterDisposition;
  readonly #maxLength: number;
  #held = 0; // bytes matched at the end of the input so far, not emitted yet
  #recordLength = 0; // bytes of the current record already emitted

  constructor(delimiter: Uint8Array, disposition: DelimiterDisposition, maxLength: number) {
    this.#delimiter = delimiter;
    this.#disposition = disposition;
    this.#maxLength = maxLength;
    this.#fallback = new Uint16Array(delimiter.length);
    for (let i = 1, border = 0; i < delimiter.length; i++) {
      while (border > 0 && delimiter[i] !== delimiter[border]) border = this.#fallback[border - 1];
      if (delimiter[i] === delimiter[border]) border++;
      this.#fallback[i] = border;
    }
  }

  /** Splits one chunk. The pending region is `delimiter[0:carried]` followed by `chunk[start:i]`. */
  transform(chunk: Uint8Array, out: ByteTransformOutput): void {
    if (this.#delimiter.length === 1) return this.#splitOnByte(chunk, out);
    const delimiter = this.#delimiter;
    const length = delimiter.length;
    const first = delimiter[0];
    let carried = this.#held;
    let matched = this.#held;
    let start = 0;
    let i = 0;
    const emit = (from: number, to: number, partial: boolean) => {
      if (from < carried) {
        out.write(delimiter.subarray(from, Math.min(to, carried)), partial || to > carried);
      }
      if (to > carried || (from >= to && !partial)) {
        const begin = start + Math.max(from, carried) - carried;
        out.enqueue(chunk.subarray(begin, Math.max(begin, start + to - carried)), partial);
      }
    };
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
      const region = carried + i - start;
      const recordEnd = this.#disposition === "suffix" ? region : region - length;
      this.#check(this.#recordLength + recordEnd);
      emit(0, recordEnd, false);
      this.#recordLength = 0;
      if (this.#disposition !== "prefix" || region - length >= carried) {
        // The next record starts after the delimiter, or (prefix) with it, inside this chunk.
        start = this.#disposition === "prefix" ? i - length : i;
      } else {
        // prefix, and the delimiter began in an earlier chunk: its first bytes open the record.
        emit(region - length, carried, true);
        this.#recordLength = carried - (region - length);
      }
      carried = 0;
    }
    const region = carried + chunk.length - start;
    const ready = region - (matched === 0 ? 0 : matched);
    if (ready > 0) {
      emit(0, ready, true);
      this.#recordLength += ready;
      this.#check(this.#recordLength);
    }
    this.#held = matched;
  }

  /**
   * The same for a one-byte delimiter, which never spans chunks: the loop of short records (lines)
   * that a default reader pays per record, kept to one search and one view each.
   */
  #splitOnByte(chunk: Uint8Array, out: ByteTransformOutput): void {
    const byte = this.#delimiter[0];
    const keepAtEnd = this.#disposition === "suffix" ? 1 : 0;
    const keepAtStart = this.#disposition === "prefix" ? 0 : 1;
    let start = 0;
    for (let found = chunk.indexOf(byte); found !== -1; found = chunk.indexOf(byte, found + 1)) {
      const end = found + keepAtEnd;
      this.#check(this.#recordLength + end - start);
      out.enqueue(chunk.subarray(start, end));
      this.#recordLength = 0;
      start = found + keepAtStart;
    }
    if (start < chunk.length) {
      out.enqueue(chunk.subarray(start), true);
      this.#recordLength += chunk.length - start;
      this.#check(this.#recordLength);
    }
  }

  /** Emits the last record: what is left, with any bytes held as a possible delimiter start. */
  flush(out: ByteTransformOutput): void {
    this.#check(this.#recordLength + this.#held);
    if (this.#held > 0) out.write(this.#delimiter.subarray(0, this.#held));
    this.#held = 0;
    this.#recordLength = 0;
  }

  #check(length: number): void {
    if (length > this.#maxLength) throw new RecordTooLongError(this.#maxLength, length);
  }
}
