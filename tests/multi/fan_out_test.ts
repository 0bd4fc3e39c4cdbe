// fanOut: Go's MultiWriter tests and example (src/io/multi_test.go, example_test.go) ported; one
// view for every sink (no copy per sink); sinks that take the memory (byte transforms) or keep views
// (record splitters) still see every byte; errors, close and abort reach every sink; descriptors of
// file sinks; any data under any chunking to any number of sinks (property).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  copyBuffer,
  fanOut,
  fileSink,
  FixedChunkStream,
  LineStream,
  SliceStream,
} from "../../mod.ts";
import { makeScratch, removeScratch } from "../file/_fixtures.ts";
import { countDescriptors, noProcReason } from "../file/_proc.ts";
import { bounded, byteSource, concat, counting, defaultSource, split } from "../read/_sources.ts";

const dir = makeScratch("fan-out");
after(() => removeScratch(dir));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A sink that copies what it is written and records its calls. */
function recorder(options: { failAt?: number; failure?: unknown; delay?: number } = {}) {
  const log = {
    views: [] as Uint8Array[],
    copies: [] as Uint8Array[],
    /** Writes that have finished (after the delay). */
    done: 0,
    closed: false,
    aborted: [] as unknown[],
  };
  const stream = new WritableStream<Uint8Array>({
    async write(view) {
      if (options.failAt === log.views.length) throw options.failure;
      log.views.push(view);
      log.copies.push(view.slice());
      if (options.delay !== undefined) await new Promise((done) => setTimeout(done, options.delay));
      log.done++;
    },
    close() {
      log.closed = true;
    },
    abort(reason) {
      log.aborted.push(reason);
    },
  });
  return { stream, log, text: () => decoder.decode(concat(log.copies)) };
}

/** Collects what a transform's readable side gives, as one array. */
function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return Array.fromAsync(readable).then(concat);
}

async function sha1Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

describe("Go's io tests of MultiWriter, on fanOut", () => {
  for (const kind of ["byte", "default"] as const) {
    it(`TestMultiWriter: a hash and a buffer see the same bytes (${kind} source)`, async () => {
      const sourceString = "My input text.";
      const source = kind === "byte"
        ? byteSource([encoder.encode(sourceString)], "respond").stream
        : defaultSource([encoder.encode(sourceString)]).stream;
      const hash = recorder();
      const sink = recorder();
      const { written } = await bounded(copyBuffer(source, fanOut(hash.stream, sink.stream)));
      assert.equal(written, sourceString.length);
      assert.equal(
        await sha1Hex(concat(hash.log.copies)),
        "01cb303fa8c30a64123067c5aa6284ba7ec2d31b",
      );
      assert.equal(sink.text(), sourceString);
    });
  }

  it("TestMultiWriter_String: strings encoded on the way in", async () => {
    const hash = recorder();
    const sink = recorder();
    await ReadableStream.from(["My input", " text."]).pipeThrough(new TextEncoderStream())
      .pipeTo(fanOut(hash.stream, sink.stream));
    assert.equal(
      await sha1Hex(concat(hash.log.copies)),
      "01cb303fa8c30a64123067c5aa6284ba7ec2d31b",
    );
    assert.equal(sink.text(), "My input text.");
  });

  it("TestMultiWriter_WriteStringSingleAlloc: every sink gets the very same view, no copy", async () => {
    const one = recorder();
    const two = recorder();
    const writer = fanOut(one.stream, two.stream).getWriter();
    const chunk = encoder.encode("foo");
    await writer.write(chunk);
    assert.equal(one.log.views[0], chunk);
    assert.equal(two.log.views[0], chunk);
  });

  it("TestMultiWriterSingleChainFlatten: nested fan-outs write their sinks at the same depth", async () => {
    const previous = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    try {
      const depthOf = async (levels: number) => {
        const depths: number[] = [];
        const leaf = () =>
          new WritableStream<Uint8Array>({
            write() {
              depths.push(new Error().stack!.split("\n").length);
            },
          });
        let chain = fanOut(leaf());
        for (let i = 0; i < levels; i++) chain = fanOut(chain);
        const writer = fanOut(leaf(), chain, leaf()).getWriter();
        await writer.write(new Uint8Array(1));
        return depths;
      };
      const flat = await depthOf(0);
      assert.equal(flat.length, 3);
      assert.deepEqual(await depthOf(100), flat);
    } finally {
      Error.stackTraceLimit = previous;
    }
  });

  it("TestMultiWriterError: a sink's error fails the write, aborts the others, stops all writes", async () => {
    const bad = new Error("short write");
    const failing = recorder({ failAt: 0, failure: bad });
    const other = recorder();
    const writer = fanOut(failing.stream, other.stream).getWriter();
    await assert.rejects(writer.write(new Uint8Array(100)), bad);
    assert.deepEqual(other.log.aborted, [bad]);
    await assert.rejects(writer.write(new Uint8Array(1)), bad);
    assert.equal(other.log.views.length, 1, "the write in flight reached it, nothing after");
  });

  it("TestMultiWriterCopy: changing the array afterwards changes nothing", async () => {
    const sink = recorder();
    const list = [sink.stream];
    const writer = fanOut(...list).getWriter();
    list[0] = recorder().stream;
    await writer.write(encoder.encode("hello world"));
    assert.equal(sink.text(), "hello world");
  });

  it("ExampleMultiWriter", async () => {
    const one = recorder();
    const two = recorder();
    const r = byteSource([encoder.encode("some io.Reader stream to be read\n")], "enqueue").stream;
    await bounded(copyBuffer(r, fanOut(one.stream, two.stream)));
    assert.equal(one.text() + two.text(), "some io.Reader stream to be read\n".repeat(2));
  });
});

describe("fanOut: sinks that take or keep memory", () => {
  it("sinks that take the memory are written last, one copy less than there are of them", async () => {
    const plain = recorder();
    const first = new SliceStream(0);
    const second = new SliceStream(2);
    const outputs = [collect(first.readable), collect(second.readable)];
    const writer = fanOut(first.writable, plain.stream, second.writable).getWriter();
    const chunks = [0, 1, 2].map((i) => counting(10, i * 10)); // each spans its whole buffer
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
    const [all, sliced] = await Promise.all(outputs);
    assert.deepEqual(all, counting(30));
    assert.deepEqual(sliced, counting(28, 2));
    assert.deepEqual(concat(plain.log.copies), counting(30));
    assert.ok(chunks.every((chunk) => chunk.length === 0), "the last taker took each chunk itself");
    assert.equal(first.stats.bytesCopied + second.stats.bytesCopied, 0, "each took a whole buffer");
  });

  it("a record splitter keeps its records intact beside a sink that takes the memory", async () => {
    const lines = new LineStream();
    const fixed = new FixedChunkStream(5);
    const records = Array.fromAsync(lines.readable);
    const parts = collect(fixed.readable);
    const writer = fanOut(lines.writable, fixed.writable).getWriter();
    await writer.write(encoder.encode("one\ntwo\n"));
    await writer.write(encoder.encode("three\n"));
    await writer.close();
    assert.deepEqual((await records).map((record) => decoder.decode(record)), [
      "one",
      "two",
      "three",
    ]);
    assert.equal(decoder.decode(await parts), "one\ntwo\nthree\n");
  });

  it("copyBuffer into a fan-out over a record splitter gives each read new memory", async () => {
    const lines = new LineStream();
    const records = Array.fromAsync(lines.readable);
    const plain = recorder();
    const source = byteSource(split(encoder.encode("a\nbb\nccc\n"), [2, 3, 4]), "respond").stream;
    await bounded(copyBuffer(source, fanOut(lines.writable, plain.stream), new Uint8Array(3)));
    assert.deepEqual((await records).map((record) => decoder.decode(record)), ["a", "bb", "ccc"]);
  });

  it("a sink of one's own that detaches the memory others need errors the fan-out", async () => {
    const thief = new WritableStream<Uint8Array>({
      write(view) {
        structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });
      },
    });
    const after = recorder();
    const third = recorder();
    const writer = fanOut(thief, after.stream, third.stream).getWriter();
    await assert.rejects(writer.write(new Uint8Array(8)), {
      name: "TypeError",
      message:
        /a sink took \(detached\) the memory of a 8-byte chunk that other sinks still needed/,
    });
    assert.equal(after.log.aborted.length, 1);
  });
});

describe("fanOut: ends and errors", () => {
  it("close() closes every sink, and releases them", async () => {
    const one = recorder();
    const two = recorder();
    const out = fanOut(one.stream, two.stream);
    await out.getWriter().close();
    assert.equal(one.log.closed && two.log.closed, true);
    assert.equal(one.stream.locked || two.stream.locked, false);
  });

  it("abort() aborts every sink with the reason", async () => {
    const one = recorder();
    const two = recorder();
    await fanOut(one.stream, two.stream).abort("stop");
    assert.deepEqual([one.log.aborted, two.log.aborted], [["stop"], ["stop"]]);
  });

  it("a sink whose close fails fails the close", async () => {
    const bad = new Error("close failed");
    const failing = new WritableStream({ close: () => Promise.reject(bad) });
    const other = recorder({ delay: 5 });
    const writer = fanOut(failing, other.stream).getWriter();
    await writer.write(new Uint8Array(1));
    await assert.rejects(writer.close(), bad);
  });

  it("a chunk that is not a Uint8Array errors the fan-out and aborts every sink", async () => {
    const one = recorder();
    const writer = fanOut(one.stream).getWriter();
    await assert.rejects(writer.write("text" as unknown as Uint8Array), {
      name: "TypeError",
      message: /chunk must be a Uint8Array: received "text"/,
    });
    assert.equal(one.log.aborted.length, 1);
  });

  it("a write resolves once the slowest sink's has", async () => {
    const slow = recorder({ delay: 30 });
    const fast = recorder();
    const writer = fanOut(fast.stream, slow.stream).getWriter();
    await writer.write(new Uint8Array([7]));
    assert.equal(slow.log.done, 1, "the write resolved before the slow sink had finished");
  });

  it("no sink: chunks are dropped", async () => {
    const writer = fanOut().getWriter();
    await writer.write(new Uint8Array(3));
    await writer.close();
  });

  it("refuses what is not a writable, a locked one and one given twice, locking none", () => {
    const free = recorder().stream;
    // @ts-expect-error: not a stream
    assert.throws(() => fanOut(free, {}), {
      name: "TypeError",
      message: /sinks\[1\] must be a WritableStream: received \[object Object\]/,
    });
    const locked = recorder().stream;
    locked.getWriter();
    assert.throws(() => fanOut(free, locked), {
      name: "TypeError",
      message: /sinks\[1\] must not be locked/,
    });
    assert.throws(() => fanOut(free, free), {
      name: "TypeError",
      message: /sinks\[1\] is sinks\[0\] again/,
    });
    assert.equal(free.locked, false);
  });

  it(
    "two file sinks get the same bytes, and their descriptors close",
    { skip: noProcReason },
    async () => {
      const a = join(dir, "a.bin");
      const b = join(dir, "b.bin");
      const data = counting(100_000);
      const out = fanOut(await fileSink(a), await fileSink(b));
      assert.equal(countDescriptors(a) + countDescriptors(b), 2);
      await bounded(copyBuffer(byteSource(split(data, [30_000, 30_000]), "respond").stream, out));
      assert.deepEqual(new Uint8Array(readFileSync(a)), data);
      assert.deepEqual(new Uint8Array(readFileSync(b)), data);
      assert.equal(countDescriptors(a) + countDescriptors(b), 0);
    },
  );
});

describe("fanOut: property", () => {
  it("every sink gets every byte, whatever the chunks, their memory and the sinks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.array(fc.constantFrom("plain", "fixed", "slice"), { maxLength: 4 }),
        async (data, sizes, whole, kinds) => {
          const plain: ReturnType<typeof recorder>[] = [];
          const outputs: Promise<Uint8Array>[] = [];
          const sinks = kinds.map((kind) => {
            if (kind === "plain") {
              const sink = recorder();
              plain.push(sink);
              return sink.stream;
            }
            const transform = kind === "fixed" ? new FixedChunkStream(7) : new SliceStream(0);
            outputs.push(collect(transform.readable));
            return transform.writable;
          });
          const writer = fanOut(...sinks).getWriter();
          for (const [i, piece] of split(data, sizes).entries()) {
            // A chunk spanning its whole buffer (taken over by transforms), or a window of a larger one.
            if (whole[i % whole.length]) await writer.write(piece.slice());
            else {
              const memory = new Uint8Array(piece.length + 4);
              memory.set(piece, 2);
              await writer.write(memory.subarray(2, 2 + piece.length));
            }
          }
          await writer.close();
          for (const sink of plain) assert.deepEqual(concat(sink.log.copies), data);
          for (const output of await Promise.all(outputs)) assert.deepEqual(output, data);
        },
      ),
      { numRuns: 150 },
    );
  });
});
