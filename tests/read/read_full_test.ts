import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readAtLeast, readFull, toByteStream, UnexpectedEofError } from "../../mod.ts";
import {
  bounded,
  byteSource,
  concat,
  counting,
  fenceIntact,
  source,
  sourceKinds,
  split,
  window,
} from "./_sources.ts";

/** A BYOB reader over any source kind (a default stream goes through toByteStream). */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader {
  return toByteStream(stream).getReader({ mode: "byob" });
}

describe("readFull", () => {
  for (const kind of sourceKinds) {
    it(`fills a window at a non-zero offset across chunks (${kind})`, async () => {
      const { stream } = source(kind, split(counting(10), [1, 3, 2, 4]));
      const reader = byobReader(stream);
      const { buf } = window(7, 5, 4);
      const view = await bounded(readFull(reader, buf));
      assert.ok(view !== null);
      assert.deepEqual(view, counting(7));
      assert.equal(view.byteOffset, 5);
      assert.ok(fenceIntact(view.buffer, 5, 7));
      assert.equal(buf.length, 0, "buf is transferred");
    });

    it(`throws UnexpectedEofError with the partial view in the caller's memory (${kind})`, async () => {
      const { stream } = source(kind, [counting(2), counting(1, 2)]);
      const reader = byobReader(stream);
      const { buf } = window(6, 4, 2);
      const error = await bounded(readFull(reader, buf)).then(
        () => assert.fail("expected a rejection"),
        (error: unknown) => error,
      );
      assert.ok(error instanceof UnexpectedEofError);
      assert.deepEqual(error.partial, counting(3));
      assert.equal(error.partial.byteOffset, 4);
      assert.equal(error.partial.buffer.byteLength, 12);
      assert.ok(fenceIntact(error.partial.buffer, 4, 6));
      assert.equal(error.wanted, 6);
    });
  }

  it("returns null at a clean end before any byte", async () => {
    const reader = byteSource([counting(4)], "respond").stream.getReader({ mode: "byob" });
    const view = await bounded(readFull(reader, new Uint8Array(4)));
    assert.deepEqual(view, counting(4));
    assert.equal(await bounded(readFull(reader, new Uint8Array(view!.buffer))), null);
  });

  it("writes straight into the caller's memory with a byte source (no enqueue)", async () => {
    const { stream, log } = byteSource(split(counting(9), [4, 4]), "respond");
    const view = await bounded(readFull(stream.getReader({ mode: "byob" }), new Uint8Array(9)));
    assert.deepEqual(view, counting(9));
    assert.equal(log.respondedBytes, 9);
    assert.equal(log.enqueued, 0);
  });

  it("reports a short read when the source closed with bytes still queued", async () => {
    // read(view, { min }) would error the stream with a TypeError and lose the queued bytes.
    const stream = new ReadableStream({
      type: "bytes",
      start(controller) {
        controller.enqueue(counting(3));
        controller.close();
      },
    });
    await assert.rejects(
      bounded(readFull(stream.getReader({ mode: "byob" }), new Uint8Array(8))),
      (error: unknown) => error instanceof UnexpectedEofError && error.partial.length === 3,
    );
  });

  it("resolves an empty buf to an empty view without reading", async () => {
    const { stream, log } = byteSource([counting(2)], "respond");
    const reader = stream.getReader({ mode: "byob" });
    const pulls = log.pulls;
    const empty = new Uint8Array(new ArrayBuffer(4), 1, 0);
    const view = await bounded(readFull(reader, empty));
    assert.equal(view?.length, 0);
    assert.equal(empty.buffer.byteLength, 4, "not transferred");
    assert.equal(log.pulls, pulls);
  });

  it("rejects with the stream's error, and on bad arguments", async () => {
    const boom = new Error("boom");
    const reader = byteSource([counting(2)], "enqueue", { error: boom }).stream.getReader({
      mode: "byob",
    });
    await assert.rejects(bounded(readFull(reader, new Uint8Array(4))), boom);
    // @ts-expect-error: a stream is not a reader
    await assert.rejects(readFull(new ReadableStream(), new Uint8Array(4)), {
      name: "TypeError",
      message: /reader must be a ReadableStreamBYOBReader: received \[object ReadableStream\]/,
    });
    const other = byteSource([], "respond").stream.getReader({ mode: "byob" });
    const detached = new Uint8Array(4);
    detached.buffer.transfer();
    await assert.rejects(readAtLeast(other, detached, 1), {
      name: "TypeError",
      message: /buf is detached/,
    });
    // @ts-expect-error: not a Uint8Array
    await assert.rejects(readFull(other, new Uint16Array(4)), {
      name: "TypeError",
      message: /buf must be a Uint8Array: received Uint16Array\(8\)/,
    });
  });
});

describe("readAtLeast", () => {
  it("returns at least min bytes, up to buf.length", async () => {
    const reader = byteSource([counting(2), counting(3, 2), counting(4, 5)], "enqueue").stream
      .getReader({ mode: "byob" });
    const { buf } = window(6, 2, 3);
    const view = await bounded(readAtLeast(reader, buf, 4));
    assert.deepEqual(view, counting(5));
    assert.equal(view?.byteOffset, 2);
    assert.ok(fenceIntact(view!.buffer, 2, 6));
    const rest = await bounded(readAtLeast(reader, new Uint8Array(view!.buffer, 2, 6), 1));
    assert.deepEqual(rest, counting(4, 5));
    assert.equal(await bounded(readAtLeast(reader, new Uint8Array(6), 1)), null);
  });

  it("throws UnexpectedEofError when fewer than min bytes came before the end", async () => {
    const reader = byteSource([counting(3)], "respond").stream.getReader({ mode: "byob" });
    await assert.rejects(
      bounded(readAtLeast(reader, new Uint8Array(10), 5)),
      (error: unknown) =>
        error instanceof UnexpectedEofError && error.wanted === 5 &&
        error.partial.length === 3 && /read 3 of 5 bytes/.test(error.message),
    );
  });

  it("returns an empty view without reading when min is 0 (Go's ReadAtLeast)", async () => {
    const { stream, log } = byteSource([counting(2)], "respond");
    const reader = stream.getReader({ mode: "byob" });
    const pulls = log.pulls;
    const view = await bounded(readAtLeast(reader, new Uint8Array(4), 0));
    assert.equal(view?.length, 0);
    assert.equal(log.pulls, pulls);
  });

  it("rejects min outside [0, buf.length] (Go's ErrShortBuffer), naming it", async () => {
    const reader = byteSource([counting(2)], "respond").stream.getReader({ mode: "byob" });
    for (const min of [5, -1, 2.5, NaN, Infinity]) {
      await assert.rejects(readAtLeast(reader, new Uint8Array(4), min), {
        name: "RangeError",
        message: new RegExp(`min must be an integer in \\[0, 4\\]: received ${min}`),
      });
    }
    // @ts-expect-error: min is required
    await assert.rejects(readAtLeast(reader, new Uint8Array(4)), {
      name: "TypeError",
      message: /min must be a number: received undefined/,
    });
  });
});

describe("readFull and readAtLeast under random chunking", () => {
  it("readFull reproduces any data in whole records (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 20 }),
        fc.constantFrom(...sourceKinds),
        fc.integer({ min: 1, max: 40 }),
        async (data, sizes, kind, size) => {
          const reader = byobReader(source(kind, split(data, sizes)).stream);
          const records: Uint8Array[] = [];
          let tail = new Uint8Array(0);
          let memory = new ArrayBuffer(size);
          while (true) {
            try {
              const view = await readFull(reader, new Uint8Array(memory));
              if (view === null) break;
              assert.equal(view.length, size);
              records.push(view.slice());
              memory = view.buffer as ArrayBuffer;
            } catch (error) {
              assert.ok(error instanceof UnexpectedEofError);
              tail = error.partial.slice();
              break;
            }
          }
          assert.equal(tail.length, data.length % size);
          assert.deepEqual(concat([...records, tail]), data);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("readAtLeast reproduces any data under any buffer size and min (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 20 }),
        fc.constantFrom(...sourceKinds),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 7 }),
        async (data, sizes, kind, size, offset) => {
          const reader = byobReader(source(kind, split(data, sizes)).stream);
          const got: Uint8Array[] = [];
          let memory = new ArrayBuffer(offset + size + 2);
          while (true) {
            const min = 1 + (got.length % size);
            try {
              const view = await readAtLeast(reader, new Uint8Array(memory, offset, size), min);
              if (view === null) break;
              assert.ok(view.length >= min && view.length <= size);
              assert.equal(view.byteOffset, offset);
              got.push(view.slice());
              memory = view.buffer as ArrayBuffer;
            } catch (error) {
              assert.ok(error instanceof UnexpectedEofError);
              assert.ok(error.partial.length > 0 && error.partial.length < min);
              got.push(error.partial.slice());
              break;
            }
          }
          assert.deepEqual(concat(got), data);
        },
      ),
      { numRuns: 150 },
    );
  });
});
