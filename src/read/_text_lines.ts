// Splits decoded text into lines with @std/streams' TextLineStream rules (without `allowCR`): a
// line ends at "\n", one "\r" before it is dropped, and what follows the last "\n" is a final
// line when it is not empty. Text with no "\n" is only held, so a line spanning many chunks is
// joined once, not rescanned per chunk.
import { RecordTooLongError } from "../errors.ts";

const UNIT = "UTF-16 code units";

export class TextLineSplitter {
  readonly #maxLength: number;
  #pending: string[] = [];
  #pendingLength = 0;

  constructor(maxLength: number) {
    this.#maxLength = maxLength;
  }

  /** Appends the lines that `chars` ends to `out`; holds the rest. */
  split(chars: string, out: string[]): void {
    if (chars.length === 0) return;
    let lineFeed = chars.indexOf("\n");
    if (lineFeed === -1) return this.#hold(chars);
    let text = chars;
    if (this.#pending.length > 0) {
      lineFeed += this.#pendingLength;
      this.#pending.push(chars);
      text = this.#pending.join("");
      this.#pending = [];
      this.#pendingLength = 0;
    }
    const maxLength = this.#maxLength;
    let start = 0;
    while (lineFeed !== -1) {
      const end = lineFeed > start && text.charCodeAt(lineFeed - 1) === 13
        ? lineFeed - 1
        : lineFeed;
      if (end - start > maxLength) throw new RecordTooLongError(maxLength, end - start, UNIT);
      out.push(text.slice(start, end));
      start = lineFeed + 1;
      lineFeed = text.indexOf("\n", start);
    }
    if (start < text.length) this.#hold(text.slice(start));
  }

  /** Appends the final line, if any text is held. */
  flush(out: string[]): void {
    if (this.#pending.length === 0) return;
    const line = this.#pending.join("");
    this.#pending = [];
    this.#pendingLength = 0;
    if (line.length > this.#maxLength) {
      throw new RecordTooLongError(this.#maxLength, line.length, UNIT);
    }
    out.push(line);
  }

  #hold(text: string): void {
    this.#pending.push(text);
    this.#pendingLength += text.length;
    // One "\r" may still be dropped before a "\n".
    if (this.#pendingLength - 1 > this.#maxLength) {
      throw new RecordTooLongError(this.#maxLength, this.#pendingLength - 1, UNIT);
    }
  }
}
