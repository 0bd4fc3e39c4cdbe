import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SliceStream } from "../../mod.ts";
import {
  asRead,
  bounded,
  inputArbitrary,
  placed,
  readByob,
  readDefault,
  runThrough,
  sourceOf,
  split,
  whole,
} from "./_helpers.ts";

describe("SliceStream", () => {
  it("passes bytes [start, end) on, as views of the input chunks", async () => {
    const inputs = [whole([0, 1, 2]), whole([3, 4, 5]), whole([6, 7, 8])];
    const slice = new SliceStream(2, 7);
    const output = await readDefault(ReadableStream.from(inputs).pipeThrough(slice));
    assert.deepEqual(output.map((c) => [...c]), [[2], [3, 4, 5], [6]]);
    // Views of the input memory: each keeps its offset in the transferred 3-byte buffer.
    assert.deepEqual(output.map((c) => [c.byteOffset, c.buffer.byteLength]), [[2, 3], [0, 3], [
      0,
      3,
    ]]);
    assert.deepEqual(slice.stats, { bytesIn: 9, bytesOut: 5, bytesViewed: 5, bytesCopied: 0 });
  });

  it("cancels the source once end is reached, with no wasted reads", async () => {
    const { stream, pulls, cancelled } = sourceOf(
      Array.from({ length: 50 }, (_, i) => placed([i, i])),
    );
    const output = await readDefault(stream.pipeThrough(new SliceStream(1, 4)));
    assert.deepEqual(output.map((c) => [...c]), [[0], [1, 1]]);
    await bounded(
      (async () => {
        while (!cancelled().called) await new Promise((resolve) => setTimeout(resolve, 1));
      })(),
    );
    assert.ok(cancelled().reason instanceof TypeError);
    assert.equal(pulls(), 2, "the source was read no further than the slice");
  });

  it("with start === end passes nothing and cancels the source", async () => {
    const { stream, pulls, cancelled } = sourceOf([placed([1]), placed([2]), placed([3])]);
    assert.deepEqual(await readDefault(stream.pipeThrough(new SliceStream(5, 5))), []);
    await bounded(
      (async () => {
        while (!cancelled().called) await new Promise((resolve) => setTimeout(resolve, 1));
      })(),
    );
    assert.ok(pulls() <= 2, `pulled ${pulls()} chunks`);
  });

  it("fills BYOB views with min and odd sizes, copying nothing", async () => {
    const slice = new SliceStream(3);
    const { bytes } = await readByob(
      ReadableStream.from([whole([0, 1, 2, 3, 4]), whole([5, 6, 7, 8, 9, 10])]).pipeThrough(
        slice,
      ),
      [1, 5, 3],
      3,
    );
    assert.deepEqual([...bytes], [3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(slice.stats, { bytesIn: 11, bytesOut: 8, bytesViewed: 0, bytesCopied: 0 });
  });

  it("validates start and end, naming them", () => {
    assert.throws(() => new SliceStream(-1), /start must be an integer >= 0: received -1/);
    assert.throws(() => new SliceStream(5, 4), /end must be an integer >= 5: received 4/);
    assert.throws(() => new SliceStream(0, "4" as never), /end must be a number: received "4"/);
    assert.throws(() => new SliceStream(0.5), RangeError);
  });

  it("equals the plain reference under random chunkings and reads", async () => {
    await fc.assert(
      fc.asyncProperty(
        inputArbitrary([0, 1, 2, 3, 4, 5, 6, 7]),
        fc.nat(220),
        fc.option(fc.nat(220), { nil: undefined }),
        async ({ data, cuts, offset, plan }, start, length) => {
          const end = length === undefined ? Infinity : start + length;
          const chunks = split(data, cuts, offset);
          // A default reader gets each chunk's part inside [start, end).
          const records: Uint8Array[] = [];
          let position = 0;
          for (const chunk of chunks) {
            const from = Math.max(start - position, 0);
            const to = Math.min(end - position, chunk.length);
            if (from < to) records.push(chunk.slice(from, to));
            position += chunk.length;
          }
          const slice = new SliceStream(start, end);
          const output = await runThrough(slice, chunks, plan);
          assert.deepEqual(output.map((c) => [...c]), asRead(records, plan));
          // Partial views (offset > 0) are copied on input, whole chunks are taken over.
          assert.equal(slice.stats.bytesCopied, offset === 0 ? 0 : slice.stats.bytesIn);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
