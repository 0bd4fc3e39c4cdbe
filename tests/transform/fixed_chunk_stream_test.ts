import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { FixedChunkStream } from "../../mod.ts";
import {
  asRead,
  bounded,
  inputArbitrary,
  inputCopies,
  placed,
  readByob,
  readDefault,
  readsRecords,
  runThrough,
  split,
  whole,
} from "./_helpers.ts";

/** The plain reference: `data` cut every `size` bytes. */
function reference(data: Uint8Array, size: number): Uint8Array[] {
  const records: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    records.push(data.subarray(offset, offset + size));
  }
  return records;
}

describe("FixedChunkStream", () => {
  it("cuts chunks of exactly size bytes, the last one short", async () => {
    const output = await readDefault(
      ReadableStream.from([placed([1, 2, 3]), placed([4, 5, 6, 7, 8]), placed([9])])
        .pipeThrough(new FixedChunkStream(4)),
    );
    assert.deepEqual(output.map((c) => [...c]), [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it("passes aligned input of exactly size bytes as views, copying nothing", async () => {
    const inputs = [whole([1, 2, 3, 4]), whole([5, 6, 7, 8])];
    const fixed = new FixedChunkStream(4);
    const output = await readDefault(ReadableStream.from(inputs).pipeThrough(fixed));
    assert.deepEqual(output.map((c) => [...c]), [[1, 2, 3, 4], [5, 6, 7, 8]]);
    for (const input of inputs) assert.equal(input.byteLength, 0, "handed over");
    assert.deepEqual(fixed.stats, { bytesIn: 8, bytesOut: 8, bytesViewed: 8, bytesCopied: 0 });
  });

  it("for a default reader, copies all but the last record cut from one input chunk", async () => {
    // 64 KiB in, 4 KiB records out: 15 copied, the 16th handed over as a view.
    const fixed = new FixedChunkStream(4096);
    const output = await readDefault(
      ReadableStream.from([new Uint8Array(65536).fill(1)]).pipeThrough(fixed),
    );
    assert.equal(output.length, 16);
    assert.equal(output[15].byteOffset, 61440, "the last record is a view of the input");
    assert.deepEqual(fixed.stats, {
      bytesIn: 65536,
      bytesOut: 65536,
      bytesViewed: 4096,
      bytesCopied: 61440,
    });
  });

  it("copies a record spanning two input chunks once for a default reader", async () => {
    const fixed = new FixedChunkStream(4);
    const output = await readDefault(
      ReadableStream.from([whole([1, 2]), whole([3, 4])]).pipeThrough(fixed),
    );
    assert.deepEqual(output.map((c) => [...c]), [[1, 2, 3, 4]]);
    assert.deepEqual(fixed.stats, { bytesIn: 4, bytesOut: 4, bytesViewed: 0, bytesCopied: 4 });
  });

  it("fills BYOB views straight from the input: no copy whatever the chunking", async () => {
    const fixed = new FixedChunkStream(5);
    const data = Array.from({ length: 23 }, (_, i) => i);
    const { bytes } = await readByob(
      ReadableStream.from([whole(data.slice(0, 7)), whole(data.slice(7))]).pipeThrough(fixed),
      [1, 3, 8],
      2,
    );
    assert.deepEqual([...bytes], data);
    assert.deepEqual(fixed.stats, { bytesIn: 23, bytesOut: 23, bytesViewed: 0, bytesCopied: 0 });
  });

  it("validates size, naming it", () => {
    assert.throws(
      () => new FixedChunkStream(0),
      /size must be an integer in \[1, 1073741824\]: received 0/,
    );
    assert.throws(() => new FixedChunkStream(1.5), RangeError);
    assert.throws(() => new FixedChunkStream("4" as never), TypeError);
  });

  it("equals the plain reference under random chunkings and reads", async () => {
    await fc.assert(
      fc.asyncProperty(
        inputArbitrary([0, 1, 2, 3]),
        fc.integer({ min: 1, max: 40 }),
        async ({ data, cuts, offset, plan }, size) => {
          const fixed = new FixedChunkStream(size);
          const chunks = split(data, cuts, offset);
          const copiedIn = inputCopies(chunks); // partial views are copied on input
          const output = await runThrough(fixed, chunks, plan);
          assert.deepEqual(output.map((c) => [...c]), asRead(reference(data, size), plan));
          const { bytesIn, bytesOut, bytesViewed, bytesCopied } = fixed.stats;
          assert.equal(bytesIn, data.length);
          assert.equal(bytesOut, data.length);
          if (!readsRecords(plan)) assert.deepEqual([bytesViewed, bytesCopied], [0, copiedIn]);
          else if (copiedIn === 0) assert.equal(bytesViewed + bytesCopied, data.length);
          else assert.ok(bytesViewed + bytesCopied >= data.length && bytesCopied >= copiedIn);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("FixedChunkStream memory", () => {
  it("streams a record longer than the source to a BYOB reader with one chunk in flight", async () => {
    const chunkSize = 65536;
    const total = 64 * chunkSize;
    let produced = 0;
    let consumed = 0;
    let peak = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced === total) return controller.close();
        produced += chunkSize;
        controller.enqueue(new Uint8Array(chunkSize).fill(produced / chunkSize));
      },
    }, { highWaterMark: 0 });
    const fixed = new FixedChunkStream(2 ** 30); // one record larger than the whole stream
    const reader = source.pipeThrough(fixed).getReader({ mode: "byob" });
    let view = new Uint8Array(1024);
    for (;;) {
      const { done, value } = await bounded(reader.read(view));
      if (done) break;
      assert.equal(value[0], Math.floor(consumed / chunkSize) + 1);
      consumed += value.byteLength;
      peak = Math.max(peak, produced - consumed);
      view = new Uint8Array(value.buffer);
    }
    assert.equal(consumed, total);
    assert.ok(peak <= 3 * chunkSize, `peak in flight ${peak} bytes`);
  });

  it("still joins such a record for a default reader once the input ends", async () => {
    const fixed = new FixedChunkStream(2 ** 30);
    const input = Array.from({ length: 4 }, (_, i) => placed(new Uint8Array(1000).fill(i)));
    const [record, ...rest] = await readDefault(ReadableStream.from(input).pipeThrough(fixed));
    assert.equal(record.byteLength, 4000);
    assert.equal(rest.length, 0);
    assert.equal(record[3999], 3);
  });
});
