// A window's chunks given to a scanner (scan(), count()): the window is read straight into the
// scanner's buffer with positional reads, never mapped and never copied out of a chunk; the
// records are those of iterating the chunks, the progress counts every byte, and nothing stays
// open or mapped.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { FileError, ScanError, scanFile } from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { countDescriptors, countMappings, noProcReason } from "../file/_proc.ts";
import type { WindowReport } from "./_scanners/describe.ts";

const direct = new URL("./_scanners/scans_directly.ts", import.meta.url);
const describing = new URL("./_scanners/describe.ts", import.meta.url);
const oneBatch = new URL("./_scanners/scans_one_batch.ts", import.meta.url);
const truncates = new URL("./_scanners/truncates_then_counts.ts", import.meta.url);
type Direct = { lines: number; bytes: number; mappedWhileScanning: boolean; error?: string };

describe("a window read by a scanner", () => {
  let dir: string;
  let path: string;
  let size: number;
  before(() => {
    dir = makeScratch("window-direct");
    let text = "";
    for (let i = 0; i < 50_000; i++) text += `${i},${"z".repeat((i * 13) % 97)}\n`;
    size = text.length;
    path = writeScratch(dir, "lines.txt", text);
  });
  after(() => removeScratch(dir));

  for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
    const where = parallelFrom === 0 ? "on Workers" : "in this thread";
    it(`gives the lines iterating the chunks gives, never mapping the window (${where})`, async () => {
      let progress = 0;
      const results = await scanFile<Direct>(path, direct, {
        workers: 2,
        parallelFrom,
        onProgress: (done) => progress = done,
      });
      const reports = await scanFile<WindowReport>(path, describing, { workers: 2, parallelFrom });
      assert.deepEqual(results.map(({ lines }) => lines), reports.map(({ lines }) => lines));
      assert.equal(results.reduce((sum, { bytes }) => sum + bytes, 0), size);
      assert.ok(results.every(({ mappedWhileScanning }) => !mappedWhileScanning), "mapped");
      assert.equal(progress, size, "the progress counts every byte read");
      if (!noProcReason) {
        assert.equal(countDescriptors(path), 0);
        assert.equal(countMappings(path), 0);
      }
    });
  }

  it("refuses to be iterated once a scanner read it", async () => {
    const [result] = await scanFile<Direct>(path, direct, {
      parallelFrom: Number.MAX_SAFE_INTEGER,
      data: { iterateAfter: true },
    });
    assert.equal(
      result.error,
      "TypeError: Cannot iterate the window's chunks as a scanner reads it directly",
    );
  });

  for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
    const where = parallelFrom === 0 ? "on Workers" : "in this thread";
    it(`releases a window its scanner stopped reading after one batch (${where})`, async () => {
      const counts = await scanFile<number>(path, oneBatch, { workers: 2, parallelFrom });
      assert.ok(counts.every((lines) => lines > 0), `${counts}`);
      if (!noProcReason) {
        assert.equal(countDescriptors(path), 0);
        assert.equal(countMappings(path), 0);
      }
    });

    it(`rejects when the file ends before a window read directly does (${where})`, async () => {
      const short = writeScratch(dir, `short-${parallelFrom}.txt`, "line\n".repeat(20_000));
      const error = await scanFile(short, truncates, { workers: 2, parallelFrom }).then(
        () => assert.fail("the scan of a file cut under it resolved"),
        (error: unknown) => error,
      );
      assert.ok(error instanceof FileError && error.code === "ESTALE", String(error));
      assert.ok(error.cause instanceof ScanError, String(error.cause));
      assert.match(String((error.cause as ScanError).cause), /the file changed size/);
      if (!noProcReason) assert.equal(countDescriptors(short), 0);
    });
  }
});
