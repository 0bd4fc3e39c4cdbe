import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readInto } from "../../mod.ts";
import { bounded, byteSource, counting, defaultSource, fenceIntact, window } from "./_sources.ts";

describe("readInto", () => {
  for (const mode of ["respond", "enqueue"] as const) {
    it(`lands the bytes exactly in a window at a non-zero offset (${mode})`, async () => {
      const { stream } = byteSource([counting(5, 1)], mode);
      const reader = stream.getReader({ mode: "byob" });
      const { buf, memory } = window(8, 3, 5);
      const view = await bounded(readInto(reader, buf));
      assert.ok(view !== null);
      assert.deepEqual(view, counting(5, 1));
      assert.equal(view.byteOffset, 3);
      assert.equal(view.buffer.byteLength, 16);
      assert.ok(fenceIntact(view.buffer, 3, 5));
      assert.equal(buf.length, 0, "buf is transferred");
      assert.equal(memory.byteLength, 0);
    });
  }

  it("has the source write straight into the caller's memory, reused from read to read", async () => {
    const { stream, log } = byteSource([counting(3), counting(3, 10)], "respond");
    const reader = stream.getReader({ mode: "byob" });
    const { buf } = window(8);
    const first = await bounded(readInto(reader, buf));
    assert.ok(first !== null);
    // Mark a byte of the window the first read did not fill; a fresh or copied buffer would not
    // carry it into the second read.
    new Uint8Array(first.buffer, 3, 8)[7] = 0x42;
    const second = await bounded(readInto(reader, new Uint8Array(first.buffer, 3, 8)));
    assert.ok(second !== null);
    assert.deepEqual(second, counting(3, 10));
    assert.equal(new Uint8Array(second.buffer, 3, 8)[7], 0x42);
    assert.equal(log.respondedBytes, 6);
    assert.equal(log.enqueued, 0, "no chunk was enqueued, so the stream copied nothing");
  });

  it("gives what one read gave, and waits for min bytes across chunks", async () => {
    const { stream } = byteSource([counting(2), counting(2, 2), counting(2, 4)], "enqueue");
    const reader = stream.getReader({ mode: "byob" });
    const one = await bounded(readInto(reader, new Uint8Array(8)));
    assert.deepEqual(one, counting(2));
    const atLeast = await bounded(readInto(reader, new Uint8Array(8), 3));
    assert.deepEqual(atLeast, counting(4, 2));
    assert.equal(await bounded(readInto(reader, new Uint8Array(8))), null);
  });

  it("returns fewer than min bytes when the stream ends first", async () => {
    const { stream } = byteSource([counting(2)], "respond");
    const reader = stream.getReader({ mode: "byob" });
    assert.deepEqual(await bounded(readInto(reader, new Uint8Array(8), 8)), counting(2));
  });

  it("returns the queued bytes when the source closed with fewer than min queued", async () => {
    // A native read(view, { min: 8 }) errors the stream with a TypeError here.
    const stream = new ReadableStream({
      type: "bytes",
      start(controller) {
        controller.enqueue(counting(3));
        controller.close();
      },
    });
    const reader = stream.getReader({ mode: "byob" });
    assert.deepEqual(await bounded(readInto(reader, new Uint8Array(8), 8)), counting(3));
    assert.equal(await bounded(readInto(reader, new Uint8Array(8))), null);
  });

  it("returns null at the end, and on an empty stream", async () => {
    const { stream } = byteSource([], "respond");
    const reader = stream.getReader({ mode: "byob" });
    assert.equal(await bounded(readInto(reader, new Uint8Array(4))), null);
    const ended = byteSource([counting(3)], "respond").stream.getReader({ mode: "byob" });
    const view = await bounded(readInto(ended, new Uint8Array(4)));
    assert.deepEqual(view, counting(3));
    assert.equal(await bounded(readInto(ended, new Uint8Array(view!.buffer))), null);
    assert.equal(await bounded(readInto(ended, new Uint8Array(4))), null, "and stays at the end");
  });

  it("returns an empty buf itself without reading (Go: Read with an empty p returns 0)", async () => {
    const { stream, log } = byteSource([counting(4)], "respond");
    const reader = stream.getReader({ mode: "byob" });
    const empty = new Uint8Array(new ArrayBuffer(4), 2, 0);
    const pullsBefore = log.pulls;
    assert.equal(await bounded(readInto(reader, empty)), empty);
    assert.equal(empty.buffer.byteLength, 4, "not transferred");
    assert.equal(log.pulls, pullsBefore);
    await assert.rejects(readInto(reader, empty, 1), {
      name: "RangeError",
      message: /min must be omitted for an empty buf: received 1/,
    });
  });

  it("returns null when the reader is cancelled while the read waits", async () => {
    const stream = new ReadableStream({ type: "bytes", pull() {} });
    const reader = stream.getReader({ mode: "byob" });
    const reading = readInto(reader, new Uint8Array(4));
    await reader.cancel("stop");
    assert.equal(await bounded(reading), null);
  });

  it("rejects with the stream's error", async () => {
    const boom = new Error("boom");
    const { stream } = byteSource([counting(2)], "enqueue", { error: boom });
    const reader = stream.getReader({ mode: "byob" });
    assert.deepEqual(await bounded(readInto(reader, new Uint8Array(8))), counting(2));
    await assert.rejects(bounded(readInto(reader, new Uint8Array(8))), boom);
  });

  it("rejects bad arguments, naming them", async () => {
    const { stream } = byteSource([counting(4)], "respond");
    const reader = stream.getReader({ mode: "byob" });
    const defaultReader = defaultSource([]).stream.getReader();
    await assert.rejects(
      // @ts-expect-error: a default reader is not a BYOB reader
      readInto(defaultReader, new Uint8Array(4)),
      { name: "TypeError", message: /reader must be a ReadableStreamBYOBReader: received/ },
    );
    await assert.rejects(
      // @ts-expect-error: not a Uint8Array
      readInto(reader, [1, 2]),
      { name: "TypeError", message: /buf must be a Uint8Array: received \[object Array\]/ },
    );
    const detached = new Uint8Array(8);
    detached.buffer.transfer();
    await assert.rejects(readInto(reader, detached), { name: "TypeError", message: /detached/ });
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    await assert.rejects(readInto(reader, shared), {
      name: "TypeError",
      message: /buf must not be shared memory/,
    });
    for (const min of [0, -1, 9, 1.5, NaN]) {
      await assert.rejects(readInto(reader, new Uint8Array(8), min), {
        name: "RangeError",
        message: new RegExp(`min must be an integer in \\[1, 8\\]: received ${min}`),
      });
    }
    await assert.rejects(
      // @ts-expect-error: min is a number
      readInto(reader, new Uint8Array(8), "2"),
      { name: "TypeError", message: /min must be a number: received "2"/ },
    );
    // None of the bad calls read anything.
    assert.deepEqual(await bounded(readInto(reader, new Uint8Array(8))), counting(4));
  });
});
