import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { InspectStream, progress } from "../../mod.ts";
import {
  asRead,
  concat,
  inputArbitrary,
  inputCopies,
  placed,
  readByob,
  readDefault,
  runThrough,
  sourceOf,
  split,
  whole,
} from "./_helpers.ts";

describe("InspectStream", () => {
  it("calls inspect per chunk and passes the same memory on untouched", async () => {
    const seen: number[][] = [];
    const inspect = new InspectStream((view) => void seen.push([...view]));
    const inputs = [whole([1, 2]), whole([3])];
    const output = await readDefault(ReadableStream.from(inputs).pipeThrough(inspect));
    assert.deepEqual(seen, [[1, 2], [3]]);
    assert.deepEqual(output.map((c) => [...c]), [[1, 2], [3]]);
    assert.deepEqual(inputs.map((c) => c.byteLength), [0, 0], "their buffers were handed over");
    assert.deepEqual(inspect.stats, { bytesIn: 3, bytesOut: 3, bytesViewed: 3, bytesCopied: 0 });
  });

  it("awaits an async inspect before passing the chunk on", async () => {
    const order: string[] = [];
    const inspect = new InspectStream(async (view) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      order.push(`inspected ${view[0]}`);
    });
    const reader = ReadableStream.from([placed([1]), placed([2])]).pipeThrough(inspect).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      order.push(`read ${value[0]}`);
    }
    assert.deepEqual(order, ["inspected 1", "read 1", "inspected 2", "read 2"]);
  });

  it("a throwing inspect errors the output and cancels the source", async () => {
    const failure = new Error("bad");
    const { stream, cancelled } = sourceOf([placed([1]), placed([2])]);
    await assert.rejects(
      readDefault(stream.pipeThrough(
        new InspectStream(() => {
          throw failure;
        }),
      )),
      (error) => error === failure,
    );
    assert.equal(cancelled().reason, failure);
  });

  it("fills 1-byte BYOB views, copying nothing", async () => {
    const inspect = new InspectStream(() => {});
    const { bytes, reads } = await readByob(
      ReadableStream.from([whole([1, 2, 3]), whole([4])]).pipeThrough(inspect),
      [1],
    );
    assert.deepEqual([...bytes], [1, 2, 3, 4]);
    assert.equal(reads.length, 4);
    assert.deepEqual(inspect.stats, { bytesIn: 4, bytesOut: 4, bytesViewed: 0, bytesCopied: 0 });
  });

  it("validates inspect, naming it", () => {
    assert.throws(
      () => new InspectStream("log" as never),
      (error) =>
        error instanceof TypeError &&
        /inspect must be a function: received "log"/.test(error.message),
    );
  });

  it("equals the plain reference under random chunkings and reads", async () => {
    await fc.assert(
      fc.asyncProperty(inputArbitrary([0, 1, 2, 3, 250]), async ({ data, cuts, offset, plan }) => {
        const chunks = split(data, cuts, offset);
        const copiedIn = inputCopies(chunks); // partial views are copied on input
        const records = chunks.map((chunk) => chunk.slice());
        const seen: Uint8Array[] = [];
        const inspect = new InspectStream((view) => void seen.push(view.slice()));
        const output = await runThrough(inspect, chunks, plan);
        assert.deepEqual(output.map((c) => [...c]), asRead(records, plan));
        assert.deepEqual(seen.map((c) => [...c]), records.map((c) => [...c]));
        assert.deepEqual([...concat(seen)], [...data]);
        assert.equal(inspect.stats.bytesCopied, copiedIn);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("progress", () => {
  it("reports the running byte count and the total", async () => {
    const calls: [number, number | undefined][] = [];
    const output = await readDefault(
      ReadableStream.from([placed([1, 2]), placed([3, 4, 5])])
        .pipeThrough(progress((done, total) => void calls.push([done, total]), 5)),
    );
    assert.deepEqual(calls, [[2, 5], [5, 5]]);
    assert.equal(output.length, 2);
    const withoutTotal: [number, number | undefined][] = [];
    await readDefault(
      ReadableStream.from([placed([1])]).pipeThrough(
        progress((done, total) => void withoutTotal.push([done, total])),
      ),
    );
    assert.deepEqual(withoutTotal, [[1, undefined]]);
  });

  it("returns an InspectStream and validates its arguments", () => {
    assert.ok(progress(() => {}) instanceof InspectStream);
    assert.throws(() => progress(5 as never), /onProgress must be a function: received 5/);
    assert.throws(() => progress(() => {}, -1), /total must be an integer >= 0: received -1/);
    assert.throws(() => progress(() => {}, "5" as never), TypeError);
  });
});
