// Finding a byte in memory the caller owns (a stream's chunk), where the SIMD kernel cannot read:
// a window of it is copied into one scratch memory shared by every caller (a search runs to its
// end synchronously, so no two interleave), and the positions come back as i32 slots. Without
// SIMD, `indexOf` finds them in place. Used by the record splitters, whose records must stay
// views of the chunk: only the search reads the copy.
import { type ScanMemory, scanMemory, simdAvailable, SLACK } from "./_kernel.ts";

/** Bytes searched per call: a copy of this size stays in the core's cache. */
export const WINDOW = 64 << 10;
const SLOTS = 0;
const DATA = (WINDOW + 64) * 4;

let scratch: ScanMemory | undefined;
const jsPositions = new Int32Array(WINDOW + 64);
let simd = simdAvailable;

/**
 * Searches with the SIMD kernel (`true`, where available) or with indexOf alone: for tests, which
 * prove the two give the same records. Returns the previous setting.
 */
export function searchWithSimd(on: boolean): boolean {
  const before = simd;
  simd = on && simdAvailable;
  return before;
}

/**
 * Finds every byte equal to `first` or `second` (the same byte twice to look for one) in
 * `bytes[from, to)` (at most `WINDOW` bytes) and returns how many; their indexes in `bytes` are
 * the first slots of `positions()`, valid until the next call.
 */
export function findPositions(
  bytes: Uint8Array,
  from: number,
  to: number,
  first: number,
  second: number,
): number {
  if (!simd) return findInPlace(bytes, from, to, first, second);
  scratch ??= scanMemory(DATA + WINDOW + SLACK, true);
  scratch.bytes.set(bytes.subarray(from, to), DATA);
  return scratch.kernel.find(DATA, DATA + to - from, first, second, DATA - from, SLOTS, WINDOW + 1);
}

function findInPlace(
  bytes: Uint8Array,
  from: number,
  to: number,
  first: number,
  second: number,
): number {
  let count = 0;
  if (first === second) {
    const view = to === bytes.length ? bytes : bytes.subarray(0, to);
    for (let at = view.indexOf(first, from); at !== -1; at = view.indexOf(first, at + 1)) {
      jsPositions[count++] = at;
    }
    return count;
  }
  for (let at = from; at < to; at++) {
    const byte = bytes[at];
    if (byte === first || byte === second) jsPositions[count++] = at;
  }
  return count;
}

/** The slots `findPositions` fills. */
export function positions(): Int32Array {
  return simd ? scratch!.words : jsPositions;
}
