// Words, by Go's bufio.ScanWords rules: runs of bytes between Unicode white space (Go's isSpace:
// "\t", "\n", "\v", "\f", "\r", " ", U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029,
// U+202F, U+205F, U+3000, in UTF-8), never empty. Bytes that are not valid UTF-8 are word bytes,
// as Go's decoder makes them U+FFFD. A white space sequence cut by the end of the data is decided
// once more bytes are read.
//
// `flag`: inside a word (which starts at `head`); otherwise `head` follows the search.
import { checkLength, type ScanState, type SplitRule } from "./_engine.ts";

/**
 * The length of the white space sequence at `at` (1 to 3 bytes), 0 when none starts there, -1
 * when the data ends before it can tell.
 */
function spaceAt(bytes: Uint8Array, at: number, end: number): number {
  const byte = bytes[at];
  if (byte < 0x80) return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) ? 1 : 0;
  if (byte === 0xc2) {
    if (at + 1 >= end) return -1;
    const next = bytes[at + 1];
    return next === 0x85 || next === 0xa0 ? 2 : 0;
  }
  if (byte < 0xe1 || byte > 0xe3) return 0;
  if (at + 1 >= end) return -1;
  if (at + 2 >= end) return -1;
  const second = bytes[at + 1];
  const third = bytes[at + 2];
  if (byte === 0xe1) return second === 0x9a && third === 0x80 ? 3 : 0;
  if (byte === 0xe3) return second === 0x80 && third === 0x80 ? 3 : 0;
  if (second === 0x80) {
    return third <= 0x8a && third >= 0x80 || third === 0xa8 || third === 0xa9 || third === 0xaf
      ? 3
      : 0;
  }
  return second === 0x81 && third === 0x9f ? 3 : 0;
}

export const wordRule: SplitRule = {
  undecided: 2, // a white space sequence cut by the end of the data
  search(state: ScanState): number {
    const { memory, data, starts, ends, cap } = state;
    const bytes = memory.bytes;
    const words = memory.words;
    const startSlot = starts >> 2;
    const endSlot = ends >> 2;
    const end = data + state.filled;
    let inWord = state.flag;
    let head = state.head;
    let found = 0;
    let at = data + state.searched;
    while (at < end && found < cap) {
      const space = spaceAt(bytes, at, end);
      if (space === -1 && !state.eof) break;
      if (space > 0) {
        if (inWord) {
          words[startSlot + found] = head;
          words[endSlot + found++] = at - data;
          checkLength(state, at - data - head);
          inWord = false;
        }
        at += space;
        head = at - data;
      } else {
        if (!inWord) {
          inWord = true;
          head = at - data;
        }
        at++;
      }
    }
    if (inWord) checkLength(state, at - data - head);
    state.flag = inWord;
    state.head = head;
    state.searched = at - data;
    return found;
  },
  finish(state: ScanState): number {
    if (!state.flag || state.head >= state.filled) return 0;
    state.memory.words[state.starts >> 2] = state.head;
    state.memory.words[state.ends >> 2] = state.filled;
    state.head = state.filled;
    state.flag = false;
    return 1;
  },
};
