// Cutting an open file into record-aligned ranges: what splitFile does with the file it opens, and
// scanFile with the file it holds open for the whole scan.
import type { MapHandle } from "../runtime/adapter.ts";
import { nextRecordEnd } from "./_record_bounds.ts";
import type { FileRange } from "./split_file.ts";

/** Bytes read per look for a delimiter near a cut. */
const STEP = 64 * 1024;

/**
 * Cuts the file open as `handle` (`handle.size` bytes) into at most `parts` record-aligned ranges,
 * as `splitFile` describes.
 */
export function cutRanges(handle: MapHandle, parts: number, delimiter: Uint8Array): FileRange[] {
  const size = handle.size;
  const bounds = [0];
  for (let k = 1; k < parts; k++) {
    const previous = bounds[bounds.length - 1];
    const target = Math.floor(size * k / parts);
    // The first delimiter ending at or after the target that starts after the previous cut.
    const end = recordEndFrom(handle, Math.max(previous, target - delimiter.length), delimiter);
    if (end >= size) break;
    if (end > previous) bounds.push(end);
  }
  bounds.push(size);
  const ranges: FileRange[] = [];
  for (let i = 1; i < bounds.length; i++) {
    if (bounds[i] > bounds[i - 1]) {
      ranges.push({ offset: bounds[i - 1], length: bounds[i] - bounds[i - 1] });
    }
  }
  return ranges;
}

/** The end of the first delimiter starting at or after `from`, or the file's size. */
function recordEndFrom(handle: MapHandle, from: number, delimiter: Uint8Array): number {
  for (let at = from; at < handle.size; at += STEP) {
    // Each look overlaps the next by the delimiter's length less one, so none is missed.
    const bytes = handle.read(at, Math.min(STEP + delimiter.length - 1, handle.size - at));
    const end = nextRecordEnd(bytes, 0, delimiter);
    if (end !== -1 && end - delimiter.length < STEP) return at + end;
  }
  return handle.size;
}
