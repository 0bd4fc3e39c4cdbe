import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chunks } from "../../mod.ts";
import {
  bounded,
  byteSource,
  concat,
  counting,
  defaultSource,
  fenceIntact,
  source,
  sourceKinds,
  split,
  window,
} from "./_sources.ts";

/** Collects copies of every yielded view (each is valid only until the next step). */
async function collect(iterator: AsyncIterableIterator<Uint8Array>): Promise<Uint8Array[]> {
  const views: Uint8Array[] = [];
  for await (const view of iterator) views.push(view.slice());
  return views;
}

describe("chunks", () => {
  for (const kind of sourceKinds) {
    it(`yields every byte once, 1 to buf.length bytes a step (${kind})`, async () => {
      const data = counting(40);
      const { stream } = source(kind, split(data, [3, 11, 1, 9]));
      const views = await bounded(collect(chunks(stream, 4)));
      assert.deepEqual(concat(views), data);
      assert.ok(views.every((view) => view.length >= 1 && view.length <= 4));
      assert.equal(stream.locked, false, "released at the end");
    });

    it(`keeps the views inside a window at a non-zero offset (${kind})`, async () => {
      const { stream } = source(kind, split(counting(20), [7, 13]));
      const { buf } = window(5, 6, 3);
      const seen: Uint8Array[] = [];
      for await (const view of chunks(stream, buf)) {
        assert.equal(view.byteOffset, 6);
        assert.equal(view.buffer.byteLength, 14);
        assert.ok(fenceIntact(view.buffer, 6, 5));
        seen.push(view.slice());
      }
      assert.deepEqual(concat(seen), counting(20));
    });

    it(`cancels the stream with an AbortError and unlocks it on break (${kind})`, async () => {
      const { stream, log } = source(kind, [counting(6)], { endless: true });
      let steps = 0;
      for await (const view of chunks(stream, 4)) {
        assert.ok(view.length > 0);
        if (++steps === 3) break;
      }
      assert.equal(log.cancelled.length, 1);
      assert.ok(log.cancelled[0] instanceof DOMException);
      assert.equal((log.cancelled[0] as DOMException).name, "AbortError");
      assert.equal(stream.locked, false);
    });

    it(`rejects the step with the stream's error after the bytes before it (${kind})`, async () => {
      const boom = new Error("boom");
      const { stream, log } = source(kind, [counting(5)], { error: boom });
      const iterator = chunks(stream, 8);
      assert.deepEqual((await bounded(iterator.next())).value, counting(5));
      await assert.rejects(bounded(iterator.next()), boom);
      assert.equal(stream.locked, false);
      assert.deepEqual(log.cancelled, []);
      assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    });

    it(`ends at once on an empty stream (${kind})`, async () => {
      const { stream } = source(kind, []);
      assert.deepEqual(await bounded(collect(chunks(stream, 8))), []);
      assert.equal(stream.locked, false);
    });
  }

  it("reads a byte stream straight into the buffer: no enqueue, one memory reused", async () => {
    const { stream, log } = byteSource([counting(3), counting(3, 3), counting(3, 6)], "respond");
    const { buf } = window(4, 2, 2);
    const iterator = chunks(stream, buf);
    const first = (await bounded(iterator.next())).value as Uint8Array;
    assert.equal(buf.length, 0, "buf is transferred at the first step");
    // A mark in the window's last byte (not filled by a 3-byte read) survives into the next step
    // only if the next read lands in the same memory.
    new Uint8Array(first.buffer, 2, 4)[3] = 0x42;
    const second = (await bounded(iterator.next())).value as Uint8Array;
    assert.equal(first.length, 0, "the previous view is detached by the next step");
    assert.deepEqual(second, counting(3, 3));
    assert.equal(new Uint8Array(second.buffer, 2, 4)[3], 0x42);
    await bounded(iterator.return!());
    assert.equal(log.enqueued, 0);
    assert.equal(log.respondedBytes, 6);
  });

  it("copies a default stream into buf itself, keeping the rest of an oversized chunk", async () => {
    const { stream } = defaultSource([counting(10)]);
    const buf = new Uint8Array(new ArrayBuffer(12), 4, 4);
    const lengths: number[] = [];
    const seen: Uint8Array[] = [];
    for await (const view of chunks(stream, buf)) {
      assert.equal(view.buffer, buf.buffer);
      assert.equal(view.byteOffset, 4);
      lengths.push(view.length);
      seen.push(view.slice());
    }
    assert.deepEqual(lengths, [4, 4, 2]);
    assert.deepEqual(concat(seen), counting(10));
    assert.equal(buf.length, 4, "buf stays attached");
  });

  it("skips zero-length chunks, and ends on a stream of nothing but them", async () => {
    const empty = new Uint8Array(0);
    const { stream } = defaultSource([empty, counting(1), empty, empty, counting(2, 1), empty]);
    assert.deepEqual(await bounded(collect(chunks(stream, 8))), [counting(1), counting(2, 1)]);
    const only = defaultSource([empty, empty, empty]).stream;
    assert.deepEqual(await bounded(collect(chunks(only, 8))), []);
  });

  it("allocates a buffer of the size given", async () => {
    const { stream } = byteSource([counting(9)], "enqueue");
    const views: number[] = [];
    for await (const view of chunks(stream, 4)) views.push(view.buffer.byteLength);
    assert.deepEqual(views, [4, 4, 4]);
  });

  it("cancels on return() before any step, and serves next() calls in order", async () => {
    const { stream, log } = defaultSource([counting(4)], { endless: true });
    const iterator = chunks(stream, 2);
    assert.equal(stream.locked, true, "locked from the call on");
    await bounded(iterator.return!());
    assert.equal(log.cancelled.length, 1);
    assert.equal(stream.locked, false);

    const sizes = defaultSource([counting(1), counting(2), counting(3)]).stream;
    const ordered = chunks(sizes, 8);
    const results = await bounded(Promise.all([ordered.next(), ordered.next(), ordered.next()]));
    // The views alias one buffer (their bytes are the last step's): their lengths show the order.
    assert.deepEqual(results.map((result) => result.value?.length), [1, 2, 3]);
    assert.deepEqual(await ordered.next(), { done: true, value: undefined });
  });

  it("rejects a chunk that is not a Uint8Array and cancels the stream with that error", async () => {
    let reason: unknown;
    const stream = new ReadableStream({
      pull(controller) {
        controller.enqueue("text");
      },
      cancel(why) {
        reason = why;
      },
    }) as unknown as ReadableStream<Uint8Array>;
    const iterator = chunks(stream, 4);
    await assert.rejects(bounded(iterator.next()), {
      name: "TypeError",
      message: /chunks must be Uint8Arrays: received "text"/,
    });
    assert.ok(reason instanceof TypeError);
    assert.equal(stream.locked, false);
  });

  it("throws on bad arguments, naming them, and leaves the stream unlocked", () => {
    const { stream } = byteSource([counting(2)], "respond");
    // @ts-expect-error: not a stream
    assert.throws(() => chunks([new Uint8Array(2)], 4), {
      name: "TypeError",
      message: /src must be a ReadableStream: received \[object Array\]/,
    });
    // @ts-expect-error: not a buffer or a size
    assert.throws(() => chunks(stream, "4"), {
      name: "TypeError",
      message: /buf must be a Uint8Array or a number: received "4"/,
    });
    for (const size of [0, -1, 1.5, NaN]) {
      assert.throws(() => chunks(stream, size), {
        name: "RangeError",
        message: new RegExp(`buf must be an integer in \\[1, 1073741824\\]: received ${size}`),
      });
    }
    assert.throws(() => chunks(stream, new Uint8Array(0)), {
      name: "RangeError",
      message: /buf must not be empty/,
    });
    const detached = new Uint8Array(4);
    detached.buffer.transfer();
    assert.throws(() => chunks(stream, detached), { name: "TypeError", message: /detached/ });
    assert.throws(() => chunks(stream, new Uint8Array(new SharedArrayBuffer(4))), {
      name: "TypeError",
      message: /buf must not be shared memory/,
    });
    assert.equal(stream.locked, false);
    const reader = stream.getReader();
    assert.throws(() => chunks(stream, 4), {
      name: "TypeError",
      message: /src must not be locked/,
    });
    reader.releaseLock();
  });

  it("copies a default stream into shared memory", async () => {
    const { stream } = defaultSource([counting(5)]);
    const views = await bounded(collect(chunks(stream, new Uint8Array(new SharedArrayBuffer(4)))));
    assert.deepEqual(concat(views), counting(5));
  });

  it("reads the runtime's own file stream (Bun: a default stream; Deno: a byte stream; Node: a Blob's)", async () => {
    const bun = (globalThis as { Bun?: { file(path: string): { stream(): ReadableStream } } }).Bun;
    const dir = mkdtempSync(join(tmpdir(), "chunks-"));
    try {
      const path = join(dir, "data.bin");
      const data = counting(100_000);
      writeFileSync(path, data);
      const stream: ReadableStream<Uint8Array> = bun
        ? bun.file(path).stream()
        : "Deno" in globalThis
        ? (await Deno.open(path)).readable
        : (await openAsBlob(path)).stream();
      const seen: Uint8Array[] = [];
      for await (const view of chunks(stream, 4096)) {
        assert.ok(view.length >= 1 && view.length <= 4096);
        seen.push(view.slice());
      }
      assert.deepEqual(concat(seen), data);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("reproduces any data under any chunking and buffer size (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 20 }),
        fc.constantFrom(...sourceKinds),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 7 }),
        async (data, sizes, kind, size, offset) => {
          const { stream } = source(kind, split(data, sizes));
          const buf = new Uint8Array(new ArrayBuffer(offset + size + 3), offset, size);
          const seen: Uint8Array[] = [];
          for await (const view of chunks(stream, buf)) {
            assert.ok(view.length >= 1 && view.length <= size);
            assert.equal(view.byteOffset, offset);
            seen.push(view.slice());
          }
          assert.deepEqual(concat(seen), data);
          assert.equal(stream.locked, false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
