import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { copyBuffer, type CopyResult, openFile } from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import {
  bounded,
  byteSource,
  concat,
  counting,
  defaultSource,
  source,
  type SourceKind,
  sourceKinds,
  split,
  window,
} from "./_sources.ts";

/** A sink that copies what it is given (as the contract asks) and records its calls. */
function recordingSink(options: { delay?: number; failAt?: number; failure?: unknown } = {}) {
  const log = {
    copies: [] as Uint8Array[],
    views: [] as Uint8Array[],
    /** Each view's byteOffset and its buffer's byteLength, when it was written. */
    places: [] as [number, number][],
    closed: false,
    aborted: [] as unknown[],
    changedWhileHeld: false,
  };
  const stream = new WritableStream<Uint8Array>({
    async write(view) {
      if (options.failAt === log.copies.length) throw options.failure;
      const copy = view.slice();
      log.views.push(view);
      log.places.push([view.byteOffset, view.buffer.byteLength]);
      if (options.delay !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, options.delay));
        // Had the next read refilled the buffer while this write was pending, the bytes differ.
        if (view.length !== copy.length || view.some((byte, i) => byte !== copy[i])) {
          log.changedWhileHeld = true;
        }
      }
      log.copies.push(copy);
    },
    close() {
      log.closed = true;
    },
    abort(reason) {
      log.aborted.push(reason);
    },
  });
  return { stream, log };
}

describe("copyBuffer", () => {
  for (const kind of sourceKinds) {
    it(`copies every byte, returns the count and closes dst (${kind})`, async () => {
      const data = counting(50);
      const { stream } = source(kind, split(data, [7, 20, 1, 13]));
      const sink = recordingSink();
      assert.equal((await bounded(copyBuffer(stream, sink.stream, new Uint8Array(8)))).written, 50);
      assert.deepEqual(concat(sink.log.copies), data);
      assert.equal(sink.log.closed, true);
      assert.equal(stream.locked, false);
      assert.equal(sink.stream.locked, false);
    });

    it(`aborts dst with the source's error and rejects with it (${kind})`, async () => {
      const boom = new Error("boom");
      const { stream } = source(kind, [counting(4)], { error: boom });
      const sink = recordingSink();
      await assert.rejects(bounded(copyBuffer(stream, sink.stream, new Uint8Array(8))), boom);
      assert.deepEqual(sink.log.aborted, [boom]);
      assert.deepEqual(concat(sink.log.copies), counting(4));
      assert.equal(stream.locked, false);
      assert.equal(sink.stream.locked, false);
    });

    it(`cancels src with the sink's error and rejects with it (${kind})`, async () => {
      const bad = new Error("sink failed");
      const { stream, log } = source(kind, [counting(4)], { endless: true });
      const sink = recordingSink({ failAt: 2, failure: bad });
      await assert.rejects(bounded(copyBuffer(stream, sink.stream, new Uint8Array(4))), bad);
      assert.deepEqual(log.cancelled, [bad]);
      assert.equal(stream.locked, false);
      assert.equal(sink.stream.locked, false);
    });
  }

  it("never refills the buffer while a write is pending, and reuses one memory", async () => {
    const { stream, log } = byteSource(split(counting(30), [5, 5, 5, 5, 5, 5]), "respond");
    const sink = recordingSink({ delay: 3 });
    const { buf } = window(8, 4, 4);
    assert.equal((await bounded(copyBuffer(stream, sink.stream, buf))).written, 30);
    assert.equal(sink.log.changedWhileHeld, false);
    assert.deepEqual(concat(sink.log.copies), counting(30));
    assert.equal(sink.log.places.length, 6);
    assert.ok(sink.log.places.every(([offset, size]) => offset === 4 && size === 16));
    assert.equal(sink.log.views[0].length, 0, "a written view is detached by the next read");
    assert.equal(log.enqueued, 0, "the source wrote straight into the buffer");
    assert.equal(buf.length, 0, "buf was transferred at the first read");
  });

  it("hands a default stream's chunks over as they are, skipping empty ones", async () => {
    const pieces = [counting(3), new Uint8Array(0), counting(40, 3)];
    const sink = recordingSink();
    const buf = new Uint8Array(8);
    const { written: total, buffer } = await bounded(
      copyBuffer(ReadableStream.from(pieces), sink.stream, buf),
    );
    assert.equal(total, 43);
    assert.deepEqual(sink.log.views, [pieces[0], pieces[2]]);
    assert.equal(sink.log.views[1], pieces[2], "the very chunk, not a copy");
    assert.deepEqual(buf, new Uint8Array(8), "buf was not used");
    assert.equal(buffer, buf, "and is handed back as it is");
  });

  it("leaves dst open with preventClose", async () => {
    const sink = recordingSink();
    const first = defaultSource([counting(2)]).stream;
    const second = byteSource([counting(3, 2)], "enqueue").stream;
    const options = { preventClose: true };
    assert.equal((await bounded(copyBuffer(first, sink.stream, undefined, options))).written, 2);
    assert.equal((await bounded(copyBuffer(second, sink.stream, undefined, options))).written, 3);
    assert.equal(sink.log.closed, false);
    assert.deepEqual(concat(sink.log.copies), counting(5));
    await sink.stream.close();
    assert.equal(sink.log.closed, true);
  });

  it("uses a 32 KiB buffer by default", async () => {
    let requested = 0;
    const stream = new ReadableStream({
      type: "bytes",
      pull(controller) {
        requested = controller.byobRequest!.view!.byteLength;
        controller.close();
        controller.byobRequest!.respond(0);
      },
    });
    assert.equal((await bounded(copyBuffer(stream, recordingSink().stream))).written, 0);
    assert.equal(requested, 32 * 1024);
  });

  it("stops waiting on an idle source when the sink errors", async () => {
    const bad = new Error("sink gone");
    let sinkController!: WritableStreamDefaultController;
    const dst = new WritableStream<Uint8Array>({
      start(controller) {
        sinkController = controller;
      },
    });
    const cancelled: unknown[] = [];
    // A source that never answers: only the sink's error can end the copy.
    const idle = new ReadableStream({
      type: "bytes",
      pull() {},
      cancel: (reason) => void cancelled.push(reason),
    });
    const copying = copyBuffer(idle, dst, new Uint8Array(4));
    setTimeout(() => sinkController.error(bad), 5);
    await assert.rejects(bounded(copying), bad);
    assert.deepEqual(cancelled, [bad]);
    assert.equal(idle.locked, false);
  });

  it("cancels src when dst has already errored", async () => {
    const gone = new Error("gone");
    const dst = new WritableStream<Uint8Array>({
      start(controller) {
        controller.error(gone);
      },
    });
    const { stream, log } = source("default", [counting(4)], { endless: true });
    await assert.rejects(bounded(copyBuffer(stream, dst)), gone);
    assert.deepEqual(log.cancelled, [gone]);
    assert.equal(stream.locked, false);
    assert.equal(dst.locked, false);
  });

  it("keeps copying when the sink takes (detaches) the memory it was given", async () => {
    const copies: Uint8Array[] = [];
    const dst = new WritableStream<Uint8Array>({
      write(view) {
        copies.push(view.slice());
        (view.buffer as ArrayBuffer).transfer();
      },
    });
    const { stream } = byteSource(split(counting(12), [4, 4, 4]), "enqueue");
    assert.equal((await bounded(copyBuffer(stream, dst, new Uint8Array(4)))).written, 12);
    assert.deepEqual(concat(copies), counting(12));
  });

  it("rejects bad arguments, naming them, and leaves both streams unlocked", async () => {
    const src = byteSource([counting(2)], "respond").stream;
    const dst = recordingSink().stream;
    // @ts-expect-error: not a stream
    await assert.rejects(copyBuffer(src, {}, new Uint8Array(4)), {
      name: "TypeError",
      message: /dst must be a WritableStream: received \[object Object\]/,
    });
    // @ts-expect-error: not a stream
    await assert.rejects(copyBuffer("src", dst), {
      name: "TypeError",
      message: /src must be a ReadableStream: received "src"/,
    });
    // @ts-expect-error: a size is not a buffer
    await assert.rejects(copyBuffer(src, dst, 4096), {
      name: "TypeError",
      message: /buf must be a Uint8Array: received 4096/,
    });
    await assert.rejects(copyBuffer(src, dst, new Uint8Array(0)), {
      name: "RangeError",
      message: /buf must not be empty/,
    });
    const detached = new Uint8Array(4);
    detached.buffer.transfer();
    await assert.rejects(copyBuffer(src, dst, detached), {
      name: "TypeError",
      message: /detached/,
    });
    await assert.rejects(copyBuffer(src, dst, new Uint8Array(new SharedArrayBuffer(4))), {
      name: "TypeError",
      message: /buf must not be shared memory/,
    });
    // @ts-expect-error: options is an object
    await assert.rejects(copyBuffer(src, dst, undefined, "close"), {
      name: "TypeError",
      message: /options must be a plain object or undefined: received "close"/,
    });
    assert.equal(src.locked, false);
    assert.equal(dst.locked, false);
    const writer = dst.getWriter();
    await assert.rejects(copyBuffer(src, dst), {
      name: "TypeError",
      message: /dst must not be locked/,
    });
    writer.releaseLock();
    assert.equal((await bounded(copyBuffer(src, dst))).written, 2);
  });

  it("reproduces any data under any chunking and buffer size (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 20 }),
        fc.constantFrom(...sourceKinds),
        fc.integer({ min: 1, max: 50 }),
        async (data, sizes, kind, size) => {
          const { stream } = source(kind, split(data, sizes));
          const sink = recordingSink();
          assert.equal(
            (await copyBuffer(stream, sink.stream, new Uint8Array(size))).written,
            data.length,
          );
          assert.deepEqual(concat(sink.log.copies), data);
          assert.ok(sink.log.copies.every((copy) => copy.length > 0));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("copyBuffer gives its buffer back (Go's ExampleCopyBuffer)", () => {
  const dir = makeScratch("copy-buffer");
  after(() => removeScratch(dir));
  const text = (s: string) => new TextEncoder().encode(s);

  /** A stream of `s` of the given kind, in pieces of 5 bytes. */
  async function readerOf(kind: SourceKind | "openFile", s: string) {
    if (kind === "openFile") return await openFile(writeScratch(dir, `${s.length}.txt`, s));
    return source(kind, split(text(s), [5, 5, 5])).stream;
  }

  for (const kind of [...sourceKinds, "openFile"] as const) {
    it(`copies two sources through one buffer, and a third with what it hands back (${kind})`, async () => {
      const out = recordingSink();
      const memory = new ArrayBuffer(16);
      const buf = new Uint8Array(memory, 4, 8);
      const options = { preventClose: true };
      const places: [number, number, number][] = [];
      const place = (result: CopyResult) => {
        places.push([
          result.buffer.byteOffset,
          result.buffer.length,
          result.buffer.buffer.byteLength,
        ]);
        return result;
      };
      // buf is used here...
      const first = place(
        await bounded(copyBuffer(await readerOf(kind, "first reader\n"), out.stream, buf, options)),
      );
      // ... reused here also. No need to allocate an extra buffer.
      const second = place(
        await bounded(
          copyBuffer(await readerOf(kind, "second reader\n"), out.stream, first.buffer, options),
        ),
      );
      const third = place(
        await bounded(copyBuffer(await readerOf(kind, "third\n"), out.stream, second.buffer)),
      );
      assert.equal(
        new TextDecoder().decode(concat(out.log.copies)),
        "first reader\nsecond reader\nthird\n",
      );
      assert.deepEqual([first.written, second.written, third.written], [13, 14, 6]);
      // The same place in the same 16-byte memory each time, never a new allocation.
      assert.deepEqual(places, [[4, 8, 16], [4, 8, 16], [4, 8, 16]]);
      if (kind === "default") {
        assert.equal(
          third.buffer,
          buf,
          "a default stream never touches buf: it is handed back as is",
        );
      } else {
        assert.equal(memory.byteLength, 0, "a byte stream's read transferred buf");
        assert.equal(out.log.places.every(([offset, size]) => offset === 4 && size === 16), true);
      }
    });
  }

  it("hands back the new buffer when the sink took the memory", async () => {
    const dst = new WritableStream<Uint8Array>({
      write(view) {
        structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });
      },
    });
    const { written, buffer } = await bounded(
      copyBuffer(byteSource([counting(12)], "respond").stream, dst, new Uint8Array(4)),
    );
    assert.equal(written, 12);
    assert.equal(buffer.length, 4);
    assert.equal(
      (await bounded(
        copyBuffer(byteSource([counting(3)], "respond").stream, recordingSink().stream, buffer),
      )).written,
      3,
    );
  });

  it("hands back the buffer it allocated when none was given", async () => {
    const { buffer } = await bounded(
      copyBuffer(byteSource([counting(3)], "enqueue").stream, recordingSink().stream),
    );
    assert.equal(buffer.length, 32 * 1024);
    assert.equal(
      (await bounded(
        copyBuffer(
          byteSource([counting(40_000)], "enqueue").stream,
          recordingSink().stream,
          buffer,
        ),
      )).written,
      40_000,
    );
  });
});
