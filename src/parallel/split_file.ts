/**
 * Cutting a file into byte ranges that respect its records, for scanning them in parallel.
 *
 * @module
 */

import { checkDelimiter, checkInteger } from "../_validate.ts";
import { FileError } from "../errors.ts";
import { toPath } from "../file/_path.ts";
import { type MapHandle, runtime } from "../runtime/adapter.ts";
import { nextRecordEnd } from "./_record_bounds.ts";

/** A byte range of a file: `length` bytes from `offset`. */
export interface FileRange {
  /** Where the range starts in the file, in bytes. */
  readonly offset: number;
  /** How many bytes it holds (at least 1). */
  readonly length: number;
}

/** Options of {@link splitFile}. */
export interface SplitFileOptions {
  /** What ends a record: a byte value or a non-empty byte sequence. Default `10` (`\n`). */
  delimiter?: number | Uint8Array;
}

const action = "split file";
/** Bytes read per look for a delimiter near a cut. */
const STEP = 64 * 1024;

/**
 * Cuts a file into at most `parts` byte ranges of about equal size, each ending just after a
 * delimiter (or at the end of the file), so that no record is cut in two: the ranges are in file
 * order, do not overlap, leave no byte out, and none is empty. Go programs cut a file this way to
 * hand each goroutine its own window of one `mmap`; {@link scanFile} does it for Workers.
 *
 * Cheap: it reads only around each cut (64 KiB at a time, until a delimiter shows up), never the
 * whole file. Fewer ranges come back when the file is small or a record spans several cuts; an
 * empty file gives none, a file without any delimiter one. A delimiter that can overlap itself
 * (such as `"aa"`) is looked for from each cut on.
 *
 * @param path The file: a path, or a `file:` URL.
 * @param parts How many ranges at most (an integer >= 1).
 * @param options `delimiter` (default `\n`).
 * @returns The ranges, in file order.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL, or `delimiter` is
 *   neither a number nor a Uint8Array.
 * @throws {RangeError} When `parts` is not an integer >= 1, or `delimiter` is out of [0, 255] or
 *   empty.
 * @throws {FileError} When the file cannot be opened or read, is a FIFO, socket or device
 *   ("ENODEV", never waited for: the message names the kind), or has no fixed size to split (a
 *   /proc file: "ENOTSUP").
 *
 * @example Three ranges of whole lines
 * ```ts
 * import { splitFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `split-file-example-${Date.now()}.txt`);
 * writeFileSync(path, "alpha\nbeta\ngamma\ndelta\nepsilon\n");
 * const ranges = splitFile(path, 3);
 * assert.deepEqual(ranges, [
 *   { offset: 0, length: 11 }, // "alpha\nbeta\n"
 *   { offset: 11, length: 12 }, // "gamma\ndelta\n"
 *   { offset: 23, length: 8 }, // "epsilon\n"
 * ]);
 * ```
 */
export function splitFile(
  path: string | URL,
  parts: number,
  options: SplitFileOptions = {},
): FileRange[] {
  const filePath = toPath(action, path);
  checkInteger(action, "parts", parts, 1);
  const delimiter = checkDelimiter(action, options?.delimiter ?? 10);
  const handle = runtime.openForMap(filePath, false);
  try {
    if (handle.kind !== "regular") {
      throw new FileError("split", filePath, "ENOTSUP", {
        reason: "it has no fixed size to split (a /proc file)",
      });
    }
    return cut(handle, parts, delimiter);
  } finally {
    handle.close();
  }
}

/** The ranges of a file of `handle.size` bytes. */
function cut(handle: MapHandle, parts: number, delimiter: Uint8Array): FileRange[] {
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
