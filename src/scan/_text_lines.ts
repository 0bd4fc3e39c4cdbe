// Splits decoded text that holds whole lines, each with its line ending, with @std/streams'
// TextLineStream rules: a line ends at "\n" and one "\r" before it is dropped; with `allowCR`, a
// "\r" not followed by "\n" ends a line too. Used by lines() where the decoded text does not
// map one code unit to one byte (text beyond ASCII), so the scanner's byte offsets cannot cut it.
import { RecordTooLongError } from "../errors.ts";

export const UNIT = "UTF-16 code units";

/** Appends the lines of `text` (whole lines, each ended) to `out`. */
export function splitWholeLines(
  text: string,
  allowCR: boolean,
  maxLength: number,
  out: string[],
): void {
  let start = 0;
  let lineFeed = text.indexOf("\n");
  let carriageReturn = allowCR ? text.indexOf("\r") : -1;
  while (start < text.length) {
    if (lineFeed !== -1 && lineFeed < start) lineFeed = text.indexOf("\n", start);
    if (carriageReturn !== -1 && carriageReturn < start) {
      carriageReturn = text.indexOf("\r", start);
    }
    let end = lineFeed === -1 ? text.length : lineFeed;
    if (carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed - 1)) {
      end = carriageReturn; // a lone "\r" (allowCR)
    } else if (end > start && end === lineFeed && text.charCodeAt(end - 1) === 13) {
      end--; // "\r\n"
    }
    if (end - start > maxLength) throw new RecordTooLongError(maxLength, end - start, UNIT);
    out.push(text.slice(start, end));
    start = (end === lineFeed - 1 ? lineFeed : end) + 1;
  }
}
