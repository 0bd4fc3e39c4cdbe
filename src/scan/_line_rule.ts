// Lines, by @std/streams' TextLineStream rules: a line ends at "\n" and one "\r" before it is
// dropped; with `allowCR`, a "\r" not followed by "\n" ends a line too. The bytes after the last
// line ending are a final line when there are some (its "\r" kept, or dropped with `allowCR`, as
// TextLineStream does).
import { checkLength, findInData, type ScanState, type SplitRule } from "./_engine.ts";

const LF = 10;
const CR = 13;

export function lineRule(allowCR: boolean): SplitRule {
  return allowCR ? crLines : lfLines;
}

const lfLines: SplitRule = {
  undecided: 1,
  search(state: ScanState): number {
    const { memory, data, starts, ends, maxLength } = state;
    const found = findInData(state, LF, LF);
    if (found === 0) return 0;
    const bytes = memory.bytes;
    const words = memory.words;
    const startSlot = starts >> 2;
    const endSlot = ends >> 2;
    let start = state.head;
    for (let k = 0; k < found; k++) {
      const lineFeed = words[endSlot + k];
      const end = lineFeed > start && bytes[data + lineFeed - 1] === CR ? lineFeed - 1 : lineFeed;
      words[startSlot + k] = start;
      words[endSlot + k] = end;
      if (end - start > maxLength) checkLength(state, end - start);
      start = lineFeed + 1;
    }
    state.head = start;
    return found;
  },
  finish: finalLine(false),
};

const crLines: SplitRule = {
  undecided: 1,
  search(state: ScanState): number {
    const { memory, data, starts, ends, filled } = state;
    const candidates = findInData(state, LF, CR);
    let searched = state.searched;
    const bytes = memory.bytes;
    const words = memory.words;
    const startSlot = starts >> 2;
    const endSlot = ends >> 2;
    let start = state.head;
    let found = 0;
    for (let k = 0; k < candidates; k++) {
      const at = words[endSlot + k];
      let end = at;
      if (bytes[data + at] === CR) {
        if (at + 1 < filled) {
          if (bytes[data + at + 1] === LF) continue; // "\r\n": the "\n" ends the line
        } else if (!state.eof) {
          searched = at; // a "\r" last: the next read tells whether "\n" follows
          break;
        }
      } else if (at > start && bytes[data + at - 1] === CR) {
        end = at - 1;
      }
      words[startSlot + found] = start;
      words[endSlot + found++] = end;
      checkLength(state, end - start);
      start = at + 1;
    }
    state.searched = searched;
    state.head = start;
    return found;
  },
  finish: finalLine(true),
};

function finalLine(dropCR: boolean): (state: ScanState) => number {
  return (state) => {
    const { head, filled } = state;
    if (head >= filled) return 0;
    const end = dropCR && state.memory.bytes[state.data + filled - 1] === CR ? filled - 1 : filled;
    checkLength(state, end - head);
    state.memory.words[state.starts >> 2] = head;
    state.memory.words[state.ends >> 2] = end;
    state.head = filled;
    return 1;
  };
}
