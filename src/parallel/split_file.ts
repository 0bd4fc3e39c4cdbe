/**
 * Cutting a file into byte ranges that respect its records, for scanning them in parallel.
 *
 * @module
 */

import { checkDelimiter, checkInteger, checkOptions } from "../_validate.ts";
import { FileError } from "../errors.ts";
import { toPath } from "../file/_path.ts";
import { runtime } from "../runtime/adapter.ts";
import { cutRanges } from "./_cut_ranges.ts";

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
/** The most ranges asked for: each costs an object, and a look into the file. */
const MAX_PARTS = 2 ** 20;

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
 * @param parts How many ranges at most (an integer from 1 to 2^20 = 1,048,576).
 * @param options `delimiter` (default `\n`).
 * @returns The ranges, in file order.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL, `options` is neither
 *   undefined nor a plain object, or `delimiter` is neither a number nor a Uint8Array.
 * @throws {RangeError} When `parts` is not an integer in [1, 2^20], or `delimiter` is out of
 *   [0, 255] or empty.
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
  options?: SplitFileOptions,
): FileRange[] {
  const filePath = toPath(action, path);
  checkInteger(action, "parts", parts, 1, MAX_PARTS);
  const given = checkOptions(action, options).delimiter;
  const delimiter = checkDelimiter(action, given === undefined ? 10 : given);
  const handle = runtime.openForMap(filePath, false);
  try {
    if (handle.kind !== "regular") {
      throw new FileError("split", filePath, "ENOTSUP", {
        reason: "it has no fixed size to split (a /proc file)",
      });
    }
    return cutRanges(handle, parts, delimiter);
  } finally {
    handle.close();
  }
}
