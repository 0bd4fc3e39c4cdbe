import { describe, it } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import { ByteTransformStream, chunks } from "../../mod.ts";
import { bounded, placed, readByob, readDefault, sourceOf, whole } from "./_helpers.ts";

/** Passes every chunk on whole. */
function passThrough(options?: { highWaterMark?: number }): ByteTransformStream {
  return new ByteTransformStream({ transform: (chunk, out) => out.enqueue(chunk) }, options);
}

const GiB = 1024 ** 3;

describe("ByteTransformStream backpressure", () => {
  it("reads a 1 GiB source 1 KiB at a time with a bounded amount of bytes in flight", {
    timeout: 120_000,
  }, async () => {
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const chunkSize = 1024 * 1024;
    let produced = 0;
    let consumed = 0;
    let peak = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced === GiB) return controller.close();
        const chunk = new Uint8Array(chunkSize); // fresh memory: a transform takes it over
        chunk[0] = (produced / chunkSize) & 0xff;
        produced += chunkSize;
        controller.enqueue(chunk);
      },
    }, { highWaterMark: 0 });
    const transform = passThrough();
    const reader = source.pipeThrough(transform).getReader({ mode: "byob" });
    let view = new Uint8Array(1024);
    const readAll = async () => {
      for (;;) {
        const { done, value } = await reader.read(view);
        if (done) break;
        if (consumed % chunkSize === 0) assert.equal(value[0], (consumed / chunkSize) & 0xff);
        consumed += value.byteLength;
        peak = Math.max(peak, produced - consumed);
        view = new Uint8Array(value.buffer);
        if (consumed % (64 * chunkSize) === 0) {
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }
      }
    };
    await bounded(readAll(), 110_000, "reading 1 GiB");
    assert.equal(consumed, GiB);
    // In flight at most: the chunk being read, one queued in the writable, one in the pipe.
    assert.ok(peak <= 3 * chunkSize, `peak in flight ${peak} bytes`);
    // Loose on purpose (the collector runs when it likes): far below the 1 GiB that went through.
    const grownMiB = (rssPeak - rssBefore) / 2 ** 20;
    assert.ok(grownMiB < 256, `resident memory grew by ${grownMiB} MiB`);
    assert.deepEqual(transform.stats, {
      bytesIn: GiB,
      bytesOut: GiB,
      bytesViewed: 0,
      bytesCopied: 0,
    });
  });
});

/** True when `promise` is still pending after the event loop has run a few turns. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  return !settled;
}

/** Waits (bounded) until `condition()` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  await bounded(
    (async () => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
    })(),
    5_000,
    what,
  );
}

describe("ByteTransformStream backpressure (small)", () => {
  it("write() resolves only once a reader takes the output", async () => {
    const transform = passThrough();
    const writer = transform.writable.getWriter();
    const written = writer.write(placed([1, 2, 3]));
    assert.ok(await pending(written), "write resolved with nobody reading");
    const reader = transform.readable.getReader();
    assert.deepEqual([...(await bounded(reader.read())).value!], [1, 2, 3]);
    await bounded(written);
  });

  it("write() resolves at once while the output fits the readable highWaterMark", async () => {
    const transform = passThrough({ highWaterMark: 8 });
    const writer = transform.writable.getWriter();
    await bounded(writer.write(placed([1, 2, 3])));
    await bounded(writer.write(placed([4, 5, 6, 7, 8, 9]))); // 3 bytes queued: room for more
    assert.ok(await pending(writer.write(placed([10]))), "9 bytes queued: no room");
  });

  it("a consumer that stops reading stops the source", async () => {
    const chunks = Array.from({ length: 100 }, (_, i) => placed([i, i]));
    const { stream, pulls } = sourceOf(chunks);
    const reader = stream.pipeThrough(passThrough()).getReader({ mode: "byob" });
    await bounded(reader.read(new Uint8Array(1)));
    await pending(new Promise(() => {}));
    assert.ok(pulls() <= 3, `source pulled ${pulls()} times for one byte read`);
    await reader.cancel();
  });
});

describe("ByteTransformStream cancel, abort and errors", () => {
  it("cancelling the readable cancels a piped source with the same reason", async () => {
    const { stream, cancelled } = sourceOf([placed([1]), placed([2]), placed([3])]);
    const reader = stream.pipeThrough(passThrough()).getReader();
    await bounded(reader.read());
    const reason = new Error("enough");
    await bounded(reader.cancel(reason));
    await until(() => cancelled().called, "source cancel");
    assert.equal(cancelled().reason, reason);
  });

  it("cancelling while a write waits for the reader still reaches the source", async () => {
    const { stream, cancelled } = sourceOf([placed(new Uint8Array(64)), placed([2])]);
    const reader = stream.pipeThrough(passThrough()).getReader({ mode: "byob" });
    await bounded(reader.read(new Uint8Array(1))); // the first write now waits for more reads
    await bounded(reader.cancel("stop"));
    await until(() => cancelled().called, "source cancel");
    assert.equal(cancelled().reason, "stop");
  });

  it("calls transformer.cancel with the reason on cancel and on abort", async () => {
    const reasons: unknown[] = [];
    const make = () =>
      new ByteTransformStream({
        transform: (chunk, out) => out.enqueue(chunk),
        cancel: (reason) => void reasons.push(reason),
      });
    await make().readable.cancel("cancelled");
    await make().writable.abort("aborted");
    assert.deepEqual(reasons, ["cancelled", "aborted"]);
  });

  it("aborting the writable errors the readable, even while a write waits", async () => {
    const transform = passThrough();
    const writer = transform.writable.getWriter();
    const written = writer.write(placed([1, 2, 3]));
    const reader = transform.readable.getReader({ mode: "byob" });
    await bounded(reader.read(new Uint8Array(1)));
    const reason = new Error("abort");
    await bounded(writer.abort(reason));
    await assert.rejects(bounded(written), (error) => error === reason);
    await assert.rejects(bounded(reader.read(new Uint8Array(1))), (error) => error === reason);
  });

  it("a throwing transformer errors both sides and cancels a piped source", async () => {
    const failure = new Error("bad input");
    const transform = new ByteTransformStream({
      transform(chunk) {
        if (chunk[0] === 2) throw failure;
      },
    });
    const { stream, cancelled } = sourceOf([placed([1]), placed([2]), placed([3])]);
    const output = stream.pipeThrough(transform);
    await assert.rejects(bounded(readDefault(output)), (error) => error === failure);
    await until(() => cancelled().called, "source cancel");
    assert.equal(cancelled().reason, failure);
    await assert.rejects(transform.writable.getWriter().closed, (error) => error === failure);
  });

  it("breaking out of a for await cancels the piped source", async () => {
    const { stream, cancelled } = sourceOf([placed([1]), placed([2]), placed([3])]);
    for await (const chunk of stream.pipeThrough(passThrough())) {
      assert.deepEqual([...chunk], [1]);
      break;
    }
    await until(() => cancelled().called, "source cancel");
  });

  it("a source that errors errors the output with the same error", async () => {
    const failure = new Error("disk gone");
    let sent = false;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(failure);
        sent = true;
        controller.enqueue(placed([1, 2]));
      },
    });
    const reader = source.pipeThrough(passThrough()).getReader({ mode: "byob" });
    assert.deepEqual([...(await bounded(reader.read(new Uint8Array(8)))).value!], [1, 2]);
    await assert.rejects(bounded(reader.read(new Uint8Array(8))), (error) => error === failure);
  });

  it("a throwing flush errors the output", async () => {
    const failure = new Error("trailer missing");
    const transform = new ByteTransformStream({
      transform: (chunk, out) => out.enqueue(chunk),
      flush() {
        throw failure;
      },
    });
    const output = ReadableStream.from([placed([1])]).pipeThrough(transform);
    await assert.rejects(bounded(readDefault(output)), (error) => error === failure);
  });

  it("a chunk that is not an attached Uint8Array errors both sides with a TypeError", async () => {
    for (
      const bad of [
        [1, 2],
        "ab",
        (() => {
          const view = new Uint8Array(2);
          view.buffer.transfer();
          return view;
        })(),
      ]
    ) {
      const transform = passThrough();
      const writer = transform.writable.getWriter() as WritableStreamDefaultWriter<unknown>;
      await assert.rejects(bounded(writer.write(bad)), TypeError);
      await assert.rejects(bounded(transform.readable.getReader().read()), TypeError);
    }
  });

  it("validates its arguments, naming them", () => {
    assert.throws(
      () => new ByteTransformStream({} as never),
      (error) =>
        error instanceof TypeError &&
        /transformer\.transform must be a function/.test(error.message),
    );
    assert.throws(
      () => new ByteTransformStream({ transform() {} }, { highWaterMark: -1 }),
      (error) =>
        error instanceof RangeError &&
        /highWaterMark must be an integer >= 0: received -1/.test(error.message),
    );
    assert.throws(
      () => new ByteTransformStream({ transform() {} }, { highWaterMark: "1" as never }),
      (error) =>
        error instanceof TypeError &&
        /highWaterMark must be a number: received "1"/.test(error.message),
    );
  });
});

describe("ByteTransformStream views and copies", () => {
  it("takes a chunk spanning its whole buffer over and hands that memory to a default reader", async () => {
    const input = whole([1, 2, 3, 4, 5]);
    const transform = passThrough();
    const [output] = await readDefault(ReadableStream.from([input]).pipeThrough(transform));
    assert.equal(input.byteLength, 0, "the writer's view is detached");
    assert.deepEqual([...output], [1, 2, 3, 4, 5]);
    assert.deepEqual(transform.stats, { bytesIn: 5, bytesOut: 5, bytesViewed: 5, bytesCopied: 0 });
  });

  it("copies a partial view of a larger buffer, leaving the writer's buffer attached", async () => {
    for (const [offset, slack] of [[7, 11], [0, 1], [1, 0]]) {
      const input = placed([1, 2, 3, 4, 5], offset, slack);
      const transform = passThrough();
      const [output] = await readDefault(ReadableStream.from([input]).pipeThrough(transform));
      assert.deepEqual([...input], [1, 2, 3, 4, 5], "the writer's view still reads its bytes");
      assert.equal(input.buffer.byteLength, offset + 5 + slack);
      assert.deepEqual([...output], [1, 2, 3, 4, 5]);
      assert.notEqual(output.buffer, input.buffer);
      assert.deepEqual(transform.stats, {
        bytesIn: 5,
        bytesOut: 5,
        bytesViewed: 0,
        bytesCopied: 5,
      });
    }
  });

  it("copies a chunk over a resizable ArrayBuffer instead of taking it", async () => {
    const resizable = new Uint8Array(new ArrayBuffer(3, { maxByteLength: 16 }));
    resizable.set([4, 5, 6]);
    const transform = passThrough();
    const [output] = await readDefault(ReadableStream.from([resizable]).pipeThrough(transform));
    assert.deepEqual([...output], [4, 5, 6]);
    assert.deepEqual([...resizable], [4, 5, 6], "left attached");
    assert.deepEqual(transform.stats, { bytesIn: 3, bytesOut: 3, bytesViewed: 0, bytesCopied: 3 });
  });

  it("copies a chunk over a SharedArrayBuffer instead of taking it", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    shared.set([9, 8, 7, 6]);
    const transform = passThrough();
    const [output] = await readDefault(ReadableStream.from([shared]).pipeThrough(transform));
    assert.deepEqual([...output], [9, 8, 7, 6]);
    assert.deepEqual([...shared], [9, 8, 7, 6]);
    assert.deepEqual(transform.stats, { bytesIn: 4, bytesOut: 4, bytesViewed: 0, bytesCopied: 4 });
  });

  it("fills BYOB views of any size and offset straight from the input, with min", async () => {
    const data = Array.from({ length: 40 }, (_, i) => i);
    const chunks = [placed(data.slice(0, 5)), placed(data.slice(5, 6)), placed(data.slice(6))];
    for (const [sizes, min] of [[[1]], [[3, 17]], [[64]], [[7], 5], [[32], 32]] as const) {
      const transform = passThrough();
      const { bytes, reads } = await readByob(
        ReadableStream.from(chunks.map((c) => whole(c))).pipeThrough(transform),
        [...sizes],
        min,
      );
      assert.deepEqual([...bytes], data);
      for (const read of reads) assert.equal(read.byteOffset, 1, "results are the reader's views");
      if (min !== undefined) {
        for (const read of reads.slice(0, -1)) assert.ok(read.byteLength >= min);
      }
      assert.deepEqual(transform.stats, {
        bytesIn: 40,
        bytesOut: 40,
        bytesViewed: 0,
        bytesCopied: 0,
      });
    }
  });

  it("copies records sharing one input buffer for a default reader, except the last", async () => {
    const transform = new ByteTransformStream({
      transform(chunk, out) {
        out.enqueue(chunk.subarray(0, 2));
        out.enqueue(chunk.subarray(2, 4));
        out.enqueue(chunk.subarray(4));
      },
    });
    const input = whole([1, 2, 3, 4, 5, 6]);
    const output = await readDefault(ReadableStream.from([input]).pipeThrough(transform));
    assert.deepEqual(output.map((c) => [...c]), [[1, 2], [3, 4], [5, 6]]);
    assert.equal(output[2].byteOffset, 4, "the last record is a view of the input");
    assert.equal(output[2].buffer.byteLength, 6);
    assert.equal(output[0].buffer.byteLength, 2, "the others are fresh copies");
    assert.deepEqual(transform.stats, { bytesIn: 6, bytesOut: 6, bytesViewed: 2, bytesCopied: 4 });
  });

  it("frees an input chunk once its bytes are copied out, never one a reader was handed", async () => {
    const seen: Uint8Array[] = [];
    const keeping = () =>
      new ByteTransformStream({
        transform(chunk, out) {
          seen.push(chunk); // kept against the contract, only to watch its memory
          out.enqueue(chunk.subarray(0, 2));
          out.enqueue(chunk.subarray(2));
        },
      });
    // BYOB: every byte is copied into the reader's views, so both inputs are freed (detached).
    const { bytes } = await readByob(
      ReadableStream.from([whole([1, 2, 3, 4]), whole([5, 6, 7])]).pipeThrough(keeping()),
      [3],
    );
    assert.deepEqual([...bytes], [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(seen.map((chunk) => chunk.buffer.byteLength), [0, 0], "freed at once");
    // Default reader: the first record is copied, the second handed over as a view of the input,
    // so the input must stay whole for the reader.
    seen.length = 0;
    const output = await readDefault(
      ReadableStream.from([whole([1, 2, 3, 4])]).pipeThrough(keeping()),
    );
    assert.deepEqual(output.map((c) => [...c]), [[1, 2], [3, 4]]);
    assert.equal(output[1].buffer.byteLength, 4, "the reader's view keeps its memory");
    // A chunk whose records were all copied for a default reader is freed too.
    seen.length = 0;
    const joined = await readDefault(
      ReadableStream.from([whole([1, 2]), whole([3, 4])]).pipeThrough(
        new ByteTransformStream({
          transform(chunk, out) {
            seen.push(chunk);
            out.enqueue(chunk, true); // one open record across both chunks: copied when taken
          },
          flush: (out) => out.enqueue(new Uint8Array(0)),
        }),
      ),
    );
    assert.deepEqual(joined.map((c) => [...c]), [[1, 2, 3, 4]]);
    assert.deepEqual(seen.map((chunk) => chunk.buffer.byteLength), [0, 0]);
  });

  it("out.write fills a waiting BYOB view directly and copies only what is left", async () => {
    const kept = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const transform = new ByteTransformStream({
      transform(_chunk, out) {
        out.write(kept);
        kept.fill(0); // the transformer reuses its memory at once
      },
    });
    const writer = transform.writable.getWriter();
    const reader = transform.readable.getReader({ mode: "byob" });
    const first = reader.read(new Uint8Array(4));
    await pending(first); // the read now waits in pull
    const written = writer.write(whole([0]));
    assert.deepEqual([...(await bounded(first)).value!], [1, 2, 3, 4]);
    assert.deepEqual([...(await bounded(reader.read(new Uint8Array(4)))).value!], [5, 6]);
    await bounded(written);
    assert.deepEqual(transform.stats, { bytesIn: 1, bytesOut: 6, bytesViewed: 0, bytesCopied: 2 });
  });

  it("joins partial records into one chunk for a default reader, skipping empty ones", async () => {
    const transform = new ByteTransformStream({
      transform(chunk, out) {
        if (chunk[0] === 1) out.enqueue(chunk.subarray(0, 0)); // an empty record
        out.enqueue(chunk, true);
      },
      flush(out) {
        out.write(new Uint8Array([9]));
      },
    });
    const output = await readDefault(
      ReadableStream.from([whole([1]), whole([2, 3])]).pipeThrough(transform),
    );
    assert.deepEqual(output.map((c) => [...c]), [[1, 2, 3, 9]]);
    assert.deepEqual(transform.stats, { bytesIn: 3, bytesOut: 4, bytesViewed: 0, bytesCopied: 5 });
  });

  it("start and terminate: the output closes, the writable errors, the source is cancelled", async () => {
    const transform = new ByteTransformStream({
      start(out) {
        out.write(new Uint8Array([7]));
      },
      transform(chunk, out) {
        out.enqueue(chunk);
        out.terminate();
      },
    });
    const { stream, cancelled, pulls } = sourceOf([placed([1]), placed([2]), placed([3])]);
    const output = await readDefault(stream.pipeThrough(transform));
    assert.deepEqual(output.map((c) => [...c]), [[7], [1]]);
    await until(() => cancelled().called, "source cancel");
    assert.ok(cancelled().reason instanceof TypeError);
    assert.ok(pulls() <= 2);
  });
});

describe("ByteTransformStream read by chunks() (the output fills the caller's buffer directly)", () => {
  it("fills the caller's buffer itself, never transferring it, with no copy counted", async () => {
    const memory = new ArrayBuffer(64);
    const buf = new Uint8Array(memory, 8, 5);
    const transform = passThrough();
    const source = ReadableStream.from([whole([1, 2, 3]), whole([4, 5, 6, 7, 8, 9, 10, 11])]);
    const parts: number[][] = [];
    for await (const view of chunks(source.pipeThrough(transform), buf)) {
      assert.equal(view.buffer, memory);
      assert.equal(view.byteOffset, 8);
      parts.push([...view]);
    }
    assert.deepEqual(parts, [[1, 2, 3], [4, 5, 6, 7, 8], [9, 10, 11]]);
    assert.equal(buf.byteLength, 5, "never transferred");
    assert.equal(transform.readable.locked, false);
    assert.equal((await transform.readable.getReader().read()).done, true, "closed at the end");
    assert.deepEqual(transform.stats, {
      bytesIn: 11,
      bytesOut: 11,
      bytesViewed: 0,
      bytesCopied: 0,
    });
  });

  it("write() resolves only once chunks() has taken every byte of the chunk", async () => {
    const transform = passThrough();
    const writer = transform.writable.getWriter();
    const iterator = chunks(transform.readable, 2);
    const written = writer.write(whole([1, 2, 3]));
    assert.deepEqual([...(await bounded(iterator.next())).value!], [1, 2]);
    assert.ok(await pending(written), "write resolved with a byte still queued");
    assert.deepEqual([...(await bounded(iterator.next())).value!], [3]);
    await bounded(written);
    await writer.close();
    assert.equal((await bounded(iterator.next())).done, true);
  });

  it("a throwing transformer rejects the iteration with its error and cancels the source", async () => {
    const failure = new Error("bad record");
    const { stream, cancelled } = sourceOf([whole([1]), whole([2]), whole([3])]);
    let calls = 0;
    const transform = new ByteTransformStream({
      transform(chunk, out) {
        if (++calls === 2) throw failure;
        out.enqueue(chunk);
      },
    });
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const view of chunks(stream.pipeThrough(transform), 8)) seen.push(...view);
    }, failure);
    assert.deepEqual(seen, [1]);
    await until(() => cancelled().called, "the source's cancel");
    assert.equal(cancelled().reason, failure);
  });

  it("breaking out cancels the piped source", async () => {
    const { stream, cancelled } = sourceOf([whole([1, 2]), whole([3, 4]), whole([5, 6])]);
    for await (const view of chunks(stream.pipeThrough(passThrough()), 8)) {
      assert.deepEqual([...view], [1, 2]);
      break;
    }
    await until(() => cancelled().called, "the source's cancel");
    assert.equal((cancelled().reason as DOMException).name, "AbortError");
  });

  it("a read left waiting by an earlier reader sends chunks() through BYOB reads", async () => {
    const transform = passThrough();
    const early = transform.readable.getReader();
    const orphan = early.read(); // waits in pull: nothing was written yet
    orphan.catch(() => {});
    await pending(orphan);
    early.releaseLock();
    const writer = transform.writable.getWriter();
    const buf = new Uint8Array(4);
    const iterator = chunks(transform.readable, buf);
    const written = writer.write(whole([1, 2, 3]));
    const first = await bounded(iterator.next());
    assert.equal(buf.byteLength, 0, "a BYOB read transferred it");
    assert.deepEqual([...first.value!], [1, 2, 3]);
    await bounded(written);
    await writer.close();
    assert.equal((await bounded(iterator.next())).done, true);
  });
});
