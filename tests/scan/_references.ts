// Plain references for the scanner's split rules, written from the rules' own definitions:
// @std/streams' TextLineStream with allowCR, and Go's bufio.ScanWords (ported from Go's source:
// utf8.DecodeRune, then isSpace).

/** TextLineStream({ allowCR: true }): lines end at "\r\n", "\n" or "\r"; a final line if any. */
export function crLineReference(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let p = 0; p < bytes.length; p++) {
    if (bytes[p] === 10) {
      out.push(bytes.subarray(start, p));
      start = p + 1;
    } else if (bytes[p] === 13) {
      out.push(bytes.subarray(start, p));
      if (bytes[p + 1] === 10) p++;
      start = p + 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

/** Go's utf8.DecodeRune: the rune at `at` and its width; U+FFFD and width 1 when invalid. */
function decodeRune(bytes: Uint8Array, at: number): [rune: number, width: number] {
  const b0 = bytes[at];
  if (b0 < 0x80) return [b0, 1];
  const need = b0 >= 0xc2 && b0 <= 0xdf
    ? 1
    : b0 >= 0xe0 && b0 <= 0xef
    ? 2
    : b0 >= 0xf0 && b0 <= 0xf4
    ? 3
    : -1;
  if (need === -1 || at + need >= bytes.length) return [0xfffd, 1];
  let low = 0x80;
  let high = 0xbf;
  if (b0 === 0xe0) low = 0xa0;
  else if (b0 === 0xed) high = 0x9f;
  else if (b0 === 0xf0) low = 0x90;
  else if (b0 === 0xf4) high = 0x8f;
  const b1 = bytes[at + 1];
  if (b1 < low || b1 > high) return [0xfffd, 1];
  let rune = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  rune = (rune << 6) | (b1 & 0x3f);
  for (let k = 2; k <= need; k++) {
    const b = bytes[at + k];
    if (b < 0x80 || b > 0xbf) return [0xfffd, 1];
    rune = (rune << 6) | (b & 0x3f);
  }
  return [rune, need + 1];
}

/** Go's unicode white space as bufio.ScanWords sees it (bufio's isSpace). */
function isSpace(rune: number): boolean {
  if (rune <= 0xff) {
    return rune === 0x20 || (rune >= 0x09 && rune <= 0x0d) || rune === 0x85 || rune === 0xa0;
  }
  if (rune >= 0x2000 && rune <= 0x200a) return true;
  return [0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000].includes(rune);
}

/** Go's bufio.Scanner with ScanWords over the whole input at once. */
export function goScanWords(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    // Skip leading spaces.
    let start = at;
    while (start < bytes.length) {
      const [rune, width] = decodeRune(bytes, start);
      if (!isSpace(rune)) break;
      start += width;
    }
    if (start >= bytes.length) break;
    // Scan until space, marking the end of the word.
    let end = start;
    let next = bytes.length;
    while (end < bytes.length) {
      const [rune, width] = decodeRune(bytes, end);
      if (isSpace(rune)) {
        next = end + width;
        break;
      }
      end += width;
    }
    out.push(bytes.subarray(start, end));
    at = next;
  }
  return out;
}
