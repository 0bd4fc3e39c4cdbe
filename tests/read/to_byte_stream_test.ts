import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFull, toByteStream } from "../../mod.ts";
import {
  bounded,
  byteSource,
  concat,
  counting,
  defaultSource,
  fenceIntact,
  split,
  window,
} from "./_sources.ts";

describe("toByteStream", () => {
  it("returns a byte stream itself, unlocked", () => {
    const { stream } = byteSource([counting(2)], "respond");
    assert.equal(toByteStream(stream), stream);
    assert.equal(stream.locked, false);
  });

  it("makes a TransformStream's readable readable with a BYOB reader", async () => {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    void writer.write(counting(3));
    void writer.write(counting(3, 3));
    void writer.close();
    const reader = toByteStream(readable).getReader({ mode: "byob" });
    assert.deepEqual(await bounded(readFull(reader, new Uint8Array(6))), counting(6));
    assert.equal((await bounded(reader.read(new Uint8Array(1)))).done, true);
  });

  it("copies into the BYOB view at its offset, keeping the rest of a larger chunk", async () => {
    const { stream } = defaultSource([counting(10)]);
    const reader = toByteStream(stream).getReader({ mode: "byob" });
    const { buf } = window(4, 5, 3);
    const first = await bounded(reader.read(buf));
    assert.deepEqual(first.value, counting(4));
    assert.equal(first.value?.byteOffset, 5);
    assert.ok(fenceIntact(first.value!.buffer, 5, 4));
    const rest = await bounded(reader.read(new Uint8Array(16)));
    assert.deepEqual(rest.value, counting(6, 4));
  });

  it("serves a read with min from several chunks", async () => {
    const { stream } = defaultSource(split(counting(9), [2, 2, 2, 2]));
    const reader = toByteStream(stream).getReader({ mode: "byob" });
    const { value } = await bounded(reader.read(new Uint8Array(8), { min: 5 }));
    assert.ok(value !== undefined && value.length >= 5);
    assert.deepEqual(value, counting(value.length));
  });

  it("gives default readers copies, leaving the source's memory attached", async () => {
    // Chunks that are views of one buffer the source still owns: enqueueing them on a byte
    // stream would transfer (detach) that whole buffer.
    const shared = counting(12);
    const pieces = [shared.subarray(0, 4), shared.subarray(4, 8), shared.subarray(8)];
    const reader = toByteStream(ReadableStream.from(pieces)).getReader();
    const got: Uint8Array[] = [];
    while (true) {
      const { done, value } = await bounded(reader.read());
      if (done) break;
      assert.notEqual(value.buffer, shared.buffer);
      got.push(value);
    }
    assert.deepEqual(concat(got), counting(12));
    assert.equal(shared.buffer.byteLength, 12, "the source's buffer is still attached");
    assert.deepEqual(shared, counting(12));
  });

  it("skips zero-length chunks, and ends on an empty stream", async () => {
    const empty = new Uint8Array(0);
    const { stream } = defaultSource([empty, counting(2), empty, counting(1, 2), empty]);
    const reader = toByteStream(stream).getReader({ mode: "byob" });
    const first = await bounded(reader.read(new Uint8Array(8)));
    assert.deepEqual(first.value, counting(2));
    const second = await bounded(reader.read(new Uint8Array(first.value!.buffer)));
    assert.deepEqual(second.value, counting(1, 2));
    const end = await bounded(reader.read(new Uint8Array(second.value!.buffer)));
    assert.equal(end.done, true);
    assert.equal(end.value?.length, 0);

    const none = toByteStream(defaultSource([]).stream).getReader();
    assert.equal((await bounded(none.read())).done, true);
  });

  it("passes cancel to the source with its reason", async () => {
    const { stream, log } = defaultSource([counting(4)], { endless: true });
    const bytes = toByteStream(stream);
    assert.equal(stream.locked, true);
    const reader = bytes.getReader({ mode: "byob" });
    await bounded(reader.read(new Uint8Array(2)));
    await bounded(reader.cancel("enough"));
    assert.deepEqual(log.cancelled, ["enough"]);
    assert.equal(stream.locked, false);
  });

  it("errors with the source's error", async () => {
    const boom = new Error("boom");
    const { stream } = defaultSource([counting(2)], { error: boom });
    const reader = toByteStream(stream).getReader({ mode: "byob" });
    assert.deepEqual((await bounded(reader.read(new Uint8Array(4)))).value, counting(2));
    await assert.rejects(bounded(reader.read(new Uint8Array(4))), boom);
  });

  it("errors on a chunk that is not a Uint8Array, cancelling the source", async () => {
    let reason: unknown;
    const source = new ReadableStream({
      pull(controller) {
        controller.enqueue([1, 2]);
      },
      cancel(why) {
        reason = why;
      },
    }) as unknown as ReadableStream<Uint8Array>;
    const reader = toByteStream(source).getReader({ mode: "byob" });
    await assert.rejects(bounded(reader.read(new Uint8Array(4))), {
      name: "TypeError",
      message: /chunks must be Uint8Arrays: received \[object Array\]/,
    });
    assert.ok(reason instanceof TypeError);
  });

  it("throws on a value that is not a stream, or a locked stream", () => {
    // @ts-expect-error: not a stream
    assert.throws(() => toByteStream(new Uint8Array(2)), {
      name: "TypeError",
      message: /src must be a ReadableStream: received Uint8Array\(2\)/,
    });
    const { stream } = defaultSource([]);
    const reader = stream.getReader();
    assert.throws(() => toByteStream(stream), {
      name: "TypeError",
      message: /src must not be locked/,
    });
    reader.releaseLock();
  });

  it("reproduces any data under any chunking through BYOB reads (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        async (data, sizes, size) => {
          const reader = toByteStream(defaultSource(split(data, sizes)).stream)
            .getReader({ mode: "byob" });
          const got: Uint8Array[] = [];
          let view = new Uint8Array(size);
          while (true) {
            const { done, value } = await reader.read(view);
            if (done) break;
            got.push(value.slice());
            view = new Uint8Array(value.buffer);
          }
          assert.deepEqual(concat(got), data);
        },
      ),
      { numRuns: 150 },
    );
  });
});
