// Faults: the file under a scan is replaced or deleted. Windows are cut from the file scanFile
// opened; each window must be read from that same file, or the call must reject: never records
// cut in two in silence. The calling thread holds the file open for the whole scan and every
// window opens that descriptor (/proc/self/fd/N), so a same-size file renamed over the path is not
// seen, and a deleted file is scanned to its end (as a Go scan of its mapping is). Without a
// descriptor number (Deno without --allow-ffi) windows open the path again, and the change is
// found by the file's identity at the end: a FileError "ESTALE". The scanner waits for this test's
// signal before it opens its window, so the change always falls mid-scan.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { renameSync, unlinkSync } from "node:fs";
import { FileError, scanFile, splitFile } from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { runtime } from "../../src/runtime/adapter.ts";
import { fileURLToPath } from "node:url";
import { countDescriptors, noProcReason } from "../file/_proc.ts";

const waits = new URL("./_scanners/waits.ts", import.meta.url);
/**
 * Whether windows open the scan's own descriptor: Linux, where the runtime's adapter gives its
 * number (node:fs in Bun and Node, libc in Deno with FFI; not Deno without it).
 */
const heldByDescriptor = process.platform === "linux" && (() => {
  const handle = runtime.openForMap(fileURLToPath(import.meta.url), false);
  try {
    return handle.descriptor !== undefined;
  } finally {
    handle.close();
  }
})();

/** Lines of lengths that depend on `seed`: two texts of one size whose lines end elsewhere. */
function lines(seed: number, size: number): string {
  let text = "";
  for (let i = 0; text.length < size; i++) {
    text += String.fromCharCode(97 + (i + seed) % 26).repeat(((i * 7 + seed * 13) % 61) + 1) + "\n";
  }
  return text.slice(0, size - 1) + "\n";
}

/** Resolves once word `index` of `flags` is at least `value` (10 s at most). */
async function until(flags: Int32Array, index: number, value: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (let now = Atomics.load(flags, index); now < value; now = Atomics.load(flags, index)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`word ${index} stayed at ${now}, below ${value}`);
    const waiting = Atomics.waitAsync(flags, index, now, left);
    if (waiting.async) await waiting.value;
  }
}

describe("a file replaced or deleted while it is scanned", () => {
  let dir: string;
  before(() => dir = makeScratch("faults-replaced"));
  after(() => removeScratch(dir));

  /**
   * Scans a fresh file of `text`, and once every window's scanner has started (none has opened its
   * window yet) calls `change(path)`; the scan's outcome.
   */
  async function scanWhile(
    name: string,
    parallelFrom: number,
    change: (path: string) => void,
  ): Promise<{ path: string; text: string; result?: string; error?: unknown }> {
    const text = lines(1, 200_000);
    const path = writeScratch(dir, name, text);
    const windows = parallelFrom === 0 ? splitFile(path, 2).length : 1;
    const flags = new Int32Array(new SharedArrayBuffer(8));
    // Deno's event loop does not wait for Atomics.waitAsync alone (the in-thread scanner's wait).
    const keepAlive = setInterval(() => {}, 1000);
    const scanning = scanFile<string>(path, waits, {
      workers: 2,
      parallelFrom,
      chunkSize: 4096,
      data: { flags: flags.buffer },
    });
    try {
      await until(flags, 0, windows);
      change(path);
    } finally {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
    }
    try {
      return { path, text, result: (await scanning).join("") };
    } catch (error) {
      return { path, text, error };
    } finally {
      clearInterval(keepAlive);
    }
  }

  for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
    const where = parallelFrom === 0 ? "on 2 Workers" : "in this thread";

    it(
      `a same-size file renamed over the path: ${
        heldByDescriptor ? "the scan sees the old file" : "a FileError ESTALE"
      } (${where})`,
      async () => {
        const outcome = await scanWhile(`renamed-${parallelFrom}.txt`, parallelFrom, (path) => {
          const other = writeScratch(dir, `other-${parallelFrom}.txt`, lines(2, 200_000));
          renameSync(other, path);
        });
        if (heldByDescriptor) {
          assert.equal(outcome.error, undefined, String(outcome.error));
          assert.equal(outcome.result, outcome.text, "the scan read another file than it cut");
        } else {
          assert.ok(outcome.error instanceof FileError, `no FileError: ${outcome.error}`);
          assert.equal(outcome.error.code, "ESTALE");
          assert.equal(outcome.error.path, outcome.path);
          assert.match(outcome.error.message, /replaced by another file during the scan/);
        }
        if (!noProcReason) assert.equal(countDescriptors(outcome.path), 0);
      },
    );

    it(
      `a deleted file: ${
        heldByDescriptor ? "scanned to its end" : "a FileError ESTALE"
      } (${where})`,
      async () => {
        const outcome = await scanWhile(`deleted-${parallelFrom}.txt`, parallelFrom, unlinkSync);
        if (heldByDescriptor) {
          assert.equal(outcome.error, undefined, String(outcome.error));
          assert.equal(outcome.result, outcome.text);
        } else {
          assert.ok(outcome.error instanceof FileError, `no FileError: ${outcome.error}`);
          assert.equal(outcome.error.code, "ESTALE");
          assert.match(outcome.error.message, /deleted during the scan/);
        }
        if (!noProcReason) assert.equal(countDescriptors(`${outcome.path} (deleted)`), 0);
      },
    );
  }
});
