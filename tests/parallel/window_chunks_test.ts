// The chunks a scanner is given: whole records, the window's bytes exactly, progress counted in
// the shared counter, a stop raised by another thread, and a window the file no longer holds.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ScanControl, windowChunks } from "../../src/parallel/_window_chunks.ts";
import { canMap, makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { countDescriptors, countMappings, noProcReason } from "../file/_proc.ts";

const dir = makeScratch("window-chunks");
after(() => removeScratch(dir));
const text = Array.from({ length: 3000 }, (_, i) => "y".repeat((i * 13) % 57) + "\n").join("");
const content = new TextEncoder().encode(text);
const path = writeScratch(dir, "lines.txt", content);
const newline = new Uint8Array([10]);
/** The ways a window can be read here: read always, mapped where this process can map. */
const ways = canMap ? [true, false] : [false];

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const copies: Uint8Array[] = [];
  for await (const chunk of chunks) copies.push(chunk.slice());
  return copies;
}

for (const mapped of ways) {
  describe(`windowChunks (${mapped ? "mapped" : "read"})`, () => {
    it("hands out the window's bytes as chunks that end just after a delimiter", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: content.length - 1 }),
          fc.integer({ min: 1, max: 5000 }),
          async (start, chunkSize) => {
            // Windows start on a record, as splitFile cuts them.
            const offset = start === 0 ? 0 : content.lastIndexOf(10, start - 1) + 1;
            const range = { offset, length: content.length - offset };
            const control = new ScanControl();
            const chunks = await collect(
              windowChunks(
                { path, source: path, range, delimiter: newline, chunkSize, mapped },
                control,
              ),
            );
            const joined = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
            let at = 0;
            for (const chunk of chunks) {
              assert.ok(chunk.length > 0, "an empty chunk");
              assert.equal(chunk.at(-1), 10, "a chunk cuts a record");
              joined.set(chunk, at);
              at += chunk.length;
            }
            assert.deepEqual(joined, content.subarray(offset));
            assert.equal(control.bytesDone, range.length);
          },
        ),
        { numRuns: 30 },
      );
    });

    it("stops at the next chunk once another thread raised the stop flag", async () => {
      const control = new ScanControl();
      const range = { offset: 0, length: content.length };
      const chunks = windowChunks(
        { path, source: path, range, delimiter: newline, chunkSize: 512, mapped },
        control,
      );
      const first = await chunks.next();
      assert.equal(first.done, false);
      // The flag lives in the shared memory: a second view of it stands for another thread.
      new ScanControl(control.shared).stop();
      await assert.rejects(chunks.next(), (error) => (error as DOMException).name === "AbortError");
      assert.ok(control.bytesDone > 0 && control.bytesDone < content.length);
      if (!noProcReason) {
        assert.equal(countMappings(path), 0);
        assert.equal(countDescriptors(path), 0);
      }
    });

    it("a consumer that stops after one chunk releases the file", async () => {
      const range = { offset: 0, length: content.length };
      const chunks = windowChunks(
        { path, source: path, range, delimiter: newline, chunkSize: 100, mapped },
        new ScanControl(),
      );
      for await (const chunk of chunks) {
        assert.ok(chunk.length > 0);
        break;
      }
      if (!noProcReason) {
        assert.equal(countMappings(path), 0);
        assert.equal(countDescriptors(path), 0);
      }
    });

    it("a window the file no longer holds is a RangeError saying the file changed size", async () => {
      const short = writeScratch(dir, "short.txt", "a\nb\n");
      const range = { offset: 0, length: 10 };
      const chunks = windowChunks(
        { path: short, source: short, range, delimiter: newline, chunkSize: 4, mapped },
        new ScanControl(),
      );
      await assert.rejects(
        collect(chunks),
        (error) =>
          error instanceof RangeError &&
          /the file changed size: .*window's 10 bytes/.test(error.message),
      );
      if (!noProcReason) {
        assert.equal(countMappings(short), 0);
        assert.equal(countDescriptors(short), 0);
      }
    });
  });
}
