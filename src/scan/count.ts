/**
 * Counting one byte value in a whole stream (Go's `bytes.Count` over a file: `wc -l`).
 *
 * @module
 */

import { checkInteger } from "../_validate.ts";
import { scanMemory, SLACK } from "../search/_kernel.ts";
import { type ScanInput, scanSource } from "./_source.ts";

const action = "count";
const bufferSize = 1 << 20;
const DATA = 4096;

/**
 * Counts the bytes equal to `byte` in `src` (by default `10`, `\n`: the newline count that
 * `wc -l` prints), reading it through one buffer of 1 MiB, as Go's `File.Read` loop with
 * `bytes.Count`: an `openFile` stream is read straight into the buffer, and each read is counted
 * with a WebAssembly SIMD loop where the runtime has it. Nothing is allocated per read.
 *
 * Sources are those of {@link scan}: a stream, a `Uint8Array`, or an (async) iterable of chunks.
 * A stream source is locked from the call on, read to its end, and released; an error of the
 * source rejects the call (after cancelling the source when the error is ours).
 *
 * @param src The bytes to count in.
 * @param byte The byte value to count, `0` to `255` (default `10`).
 * @returns How many bytes of `src` equal `byte`.
 * @throws {TypeError} When `src` is not a stream, a `Uint8Array` or an iterable of them, a
 *   stream is locked, or `byte` is not a number.
 * @throws {RangeError} When `byte` is not an integer in 0-255.
 *
 * @example Counting the lines of a file
 * ```ts
 * import { count, openFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `count-example-${Date.now()}.txt`);
 * writeFileSync(path, "one\ntwo\nthree\n");
 * assert.equal(await count(await openFile(path)), 3);
 * assert.equal(await count(new TextEncoder().encode("a,b,c"), 0x2c), 2);
 * ```
 */
export async function count(src: ScanInput, byte?: number): Promise<number> {
  const value = byte === undefined ? 10 : checkInteger(action, "byte", byte, 0, 255);
  const source = scanSource(action, src, bufferSize);
  const memory = scanMemory(DATA + bufferSize + SLACK, true);
  const view = new Uint8Array(memory.bytes.buffer, DATA, bufferSize);
  let total = 0;
  try {
    for (;;) {
      const read = source.fillReady(view) ?? await source.fill(view);
      if (read === 0) break;
      total += memory.kernel.count(DATA, DATA + read, value);
    }
  } catch (error) {
    await source.cancel(error);
    throw error;
  }
  source.release();
  return total;
}
