// One huge chunk written to a record splitter: it is split a slice at a time, so the records
// waiting for the reader stay bounded (about a slice's worth) and a write of 24 MiB costs per byte
// what small writes cost. Before, the whole chunk was split at once: millions of records held in
// one array (256 MiB of short lines took +740 MiB and ~5 s).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DelimiterStream, LineStream, records } from "../../mod.ts";
import { SLICE } from "../../src/transform/_record_splitter.ts";

const LINE = new TextEncoder().encode("1234567\n");
const SIZE = 24 << 20;

function hugeChunk(): Uint8Array {
  const chunk = new Uint8Array(SIZE);
  for (let at = 0; at < SIZE; at += LINE.length) chunk.set(LINE, at);
  return chunk;
}

describe("a huge chunk through a record splitter", () => {
  for (
    const [name, make] of [
      ["LineStream", () => new LineStream()],
      ["DelimiterStream of one byte", () => new DelimiterStream(10)],
      ["DelimiterStream of two bytes", () => new DelimiterStream(new TextEncoder().encode("7\n"))],
    ] as const
  ) {
    it(`hands out its records a slice at a time (${name})`, async () => {
      const pair = make();
      const writer = pair.writable.getWriter();
      let written = false;
      const write = writer.write(hugeChunk()).then(() => written = true);
      const batches = records(pair.readable);
      const first = await batches.next();
      assert.equal(first.done, false);
      const most = SLICE / LINE.length + 1;
      assert.ok(first.value!.length <= most, `${first.value!.length} records waited at once`);
      assert.equal(written, false, "the write waits until the reader took every record");
      let total = first.value!.length;
      let largest = total;
      const rest = (async () => {
        for await (const batch of batches) {
          total += batch.length;
          largest = Math.max(largest, batch.length);
        }
      })();
      await write;
      await writer.close();
      await rest;
      assert.equal(total, SIZE / LINE.length + (name === "LineStream" ? 0 : 1));
      assert.ok(largest <= most, `${largest} records waited at once`);
    });
  }

  it("refuses a record past maxLength before splitting the rest of the chunk", async () => {
    const pair = new LineStream({ maxLength: 1000 });
    const writer = pair.writable.getWriter();
    const write = writer.write(new Uint8Array(SIZE).fill(0x61));
    await assert.rejects(write, /Record too long: \d+ bytes seen, maxLength is 1000/);
    await assert.rejects(pair.readable.getReader().read(), /Record too long/);
  });
});
