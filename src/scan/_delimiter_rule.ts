// Records between delimiters, by DelimiterStream's rules (Go's bytes.Split): a delimiter of one
// byte or a sequence (leftmost matches, never overlapping), dropped or kept at the end of its
// record ("suffix") or the start of the next ("prefix"); the bytes after the last delimiter are
// always a record, so input ending with a delimiter ends with an empty record.
//
// A sequence is found from its first byte: the kernel gives every place that byte is, and each
// is checked for the rest of the sequence. A place too close to the end of the data to tell is
// searched again once more bytes are read.
import { checkLength, findInData, type ScanState, type SplitRule } from "./_engine.ts";

export type Disposition = "discard" | "prefix" | "suffix";

export function delimiterRule(delimiter: Uint8Array, disposition: Disposition): SplitRule {
  const length = delimiter.length;
  const keepAtEnd = disposition === "suffix" ? length : 0;
  const nextStart = disposition === "prefix" ? 0 : length;
  const finish = (state: ScanState): number => {
    const { head, filled } = state;
    checkLength(state, filled - head);
    state.memory.words[state.starts >> 2] = head;
    state.memory.words[state.ends >> 2] = filled;
    state.head = filled;
    return 1;
  };
  // What the unfinished record may end with that is not its own: the start of a delimiter.
  const undecided = disposition === "suffix" ? 0 : length - 1;
  if (length === 1) {
    const byte = delimiter[0];
    return {
      undecided,
      search(state) {
        const { memory, starts, ends, maxLength } = state;
        const found = findInData(state, byte, byte);
        const words = memory.words;
        const startSlot = starts >> 2;
        const endSlot = ends >> 2;
        let start = state.head;
        for (let k = 0; k < found; k++) {
          const at = words[endSlot + k];
          const end = at + keepAtEnd;
          words[startSlot + k] = start;
          words[endSlot + k] = end;
          if (end - start > maxLength) checkLength(state, end - start);
          start = at + nextStart;
        }
        state.head = start;
        return found;
      },
      finish,
    };
  }
  const first = delimiter[0];
  return {
    undecided,
    search(state) {
      const { memory, data, starts, ends, filled } = state;
      const candidates = findInData(state, first, first);
      let searched = state.searched;
      const bytes = memory.bytes;
      const words = memory.words;
      const startSlot = starts >> 2;
      const endSlot = ends >> 2;
      let start = state.head;
      let found = 0;
      // `mark`: where the last match ended; a candidate before it lies inside that match.
      let matchedTo = state.mark;
      for (let k = 0; k < candidates; k++) {
        const at = words[endSlot + k];
        if (at < matchedTo) continue;
        if (at + length > filled) {
          if (state.eof) continue;
          searched = at; // decided once more bytes are read
          break;
        }
        let matches = true;
        for (let i = 1; i < length; i++) {
          if (bytes[data + at + i] !== delimiter[i]) {
            matches = false;
            break;
          }
        }
        if (!matches) continue;
        const end = at + keepAtEnd;
        words[startSlot + found] = start;
        words[endSlot + found++] = end;
        checkLength(state, end - start);
        start = at + nextStart;
        matchedTo = at + length;
      }
      state.mark = matchedTo;
      state.searched = searched;
      state.head = start;
      return found;
    },
    finish,
  };
}
