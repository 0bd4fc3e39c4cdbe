// concatStreams: Go's MultiReader tests and example (src/io/multi_test.go, example_test.go)
// ported, over every kind of source; BYOB reads filled in the caller's memory (handed down to a
// byte source, or filled past the queue of a file section, or copied from a default stream);
// errors and cancels reaching every source; descriptors of file sources; any data under any
// split into sources and any read sizes (property).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  chunks,
  concatStreams,
  copyBuffer,
  openFile,
  openRandomAccess,
  readFull,
  SliceStream,
} from "../../mod.ts";
import { makeScratch, pattern, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { countDescriptors, noProcReason } from "../file/_proc.ts";
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
} from "../read/_sources.ts";

const dir = makeScratch("concat");
after(() => removeScratch(dir));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A stream of `text` of the given kind (one chunk). */
function textStream(kind: SourceKind, text: string): ReadableStream<Uint8Array> {
  return source(kind, text === "" ? [] : [encoder.encode(text)]).stream;
}

/** The next `n` bytes of `reader`, which must be there, as text. */
async function fullText(reader: ReadableStreamBYOBReader, n: number): Promise<string> {
  const view = await bounded(readFull(reader, new Uint8Array(n)));
  assert.ok(view !== null, "the stream ended");
  return decoder.decode(view);
}

describe("Go's io tests of MultiReader, on concatStreams", () => {
  for (const kind of sourceKinds) {
    it(`TestMultiReader: a read ends where a source ends (${kind} sources)`, async () => {
      const withFooBar = () =>
        concatStreams(textStream(kind, "foo "), textStream(kind, ""), textStream(kind, "bar"))
          .getReader({ mode: "byob" });
      const expectReads = async (reads: [number, string | null][]) => {
        const reader = withFooBar();
        let memory = new ArrayBuffer(20);
        let at = 0;
        for (const [size, expected] of reads) {
          const { done, value } = await bounded(reader.read(new Uint8Array(memory, at, size)));
          if (expected === null) {
            assert.equal(done, true);
            break;
          }
          assert.equal(decoder.decode(value), expected);
          memory = value!.buffer as ArrayBuffer;
          at += value!.length;
        }
        await reader.cancel();
      };
      await expectReads([[2, "fo"], [5, "o "], [5, "bar"], [5, null]]);
      await expectReads([[4, "foo "], [1, "b"], [3, "ar"], [1, null]]);
      await expectReads([[5, "foo "]]);
    });
  }

  it("TestMultiReaderAsWriterTo: copyBuffer through a nested concatenation", async () => {
    const nested = concatStreams(
      textStream("byob-respond", "foo "),
      concatStreams(textStream("default", ""), textStream("byob-enqueue", "bar")),
    );
    let text = "";
    const sink = new WritableStream<Uint8Array>({
      write: (view) => void (text += decoder.decode(view)),
    });
    const { written } = await bounded(copyBuffer(nested, sink));
    assert.equal(written, 7);
    assert.equal(text, "foo bar");
  });

  it("TestMultiReaderCopy: changing the array afterwards changes nothing", async () => {
    const list = [textStream("default", "hello world")];
    const joined = concatStreams(...list);
    list[0] = textStream("default", "goodbye");
    assert.equal(await new Response(joined).text(), "hello world");
  });

  it("TestMultiReaderFlatten: nested concatenations read their sources at the same depth", async () => {
    // Go compares the call depth of the innermost Read; here the depth of the innermost source's
    // pull, which runs inside the outer stream's read, so nesting that was not flattened adds
    // frames for every level.
    const previous = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    try {
      const depthOf = async (levels: number) => {
        let depth = 0;
        const innermost = new ReadableStream({
          type: "bytes",
          pull(controller) {
            depth = new Error().stack!.split("\n").length;
            controller.close();
            controller.byobRequest?.respond(0);
          },
        });
        let stream: ReadableStream<Uint8Array> = concatStreams(innermost);
        for (let i = 0; i < levels; i++) stream = concatStreams(stream);
        const reader = stream.getReader({ mode: "byob" });
        assert.equal((await bounded(reader.read(new Uint8Array(4)))).done, true);
        return depth;
      };
      const one = await depthOf(0);
      assert.ok(one > 0);
      assert.equal(await depthOf(100), one);
    } finally {
      Error.stackTraceLimit = previous;
    }
  });

  it("TestMultiReaderSingleByteWithEOF: sources of one byte each, under a limit", async () => {
    const oneByte = (byte: number) =>
      new ReadableStream({
        type: "bytes",
        pull(controller) {
          const view = controller.byobRequest!.view as Uint8Array;
          view[0] = byte;
          controller.byobRequest!.respond(1);
          controller.close();
        },
      });
    const limited = concatStreams(oneByte(0x61), oneByte(0x62)).pipeThrough(new SliceStream(0, 10));
    assert.equal(await bounded(new Response(limited).text()), "ab");
  });

  it("TestMultiReaderFinalEOF: a source's last byte, then the end", async () => {
    const reader = concatStreams(textStream("byob-respond", ""), textStream("byob-respond", "a"))
      .getReader({ mode: "byob" });
    const first = await bounded(reader.read(new Uint8Array(2)));
    assert.equal(decoder.decode(first.value), "a");
    assert.equal((await bounded(reader.read(new Uint8Array(2)))).done, true);
  });

  it("TestMultiReaderFreesExhaustedReaders: a source that ended is let go at once", async () => {
    const first = textStream("byob-respond", "foo");
    const second = textStream("byob-respond", "bar");
    const reader = concatStreams(first, second).getReader({ mode: "byob" });
    assert.equal(first.locked, true);
    assert.equal(await fullText(reader, 4), "foob");
    assert.equal(first.locked, false, "the ended source is released");
    assert.equal(second.locked, true);
    assert.equal(await fullText(reader, 2), "ar");
  });

  it("TestInterleavedMultiReader: a concatenation passed on is taken over whole", async () => {
    // Go lets two MultiReaders share sources; a stream has one reader, so the inner one is locked.
    const inner = concatStreams(textStream("default", "123"), textStream("default", "45678"));
    const outer = concatStreams(inner);
    assert.equal(inner.locked, true);
    const reader = outer.getReader({ mode: "byob" });
    assert.equal(await fullText(reader, 4), "1234");
    assert.equal(await fullText(reader, 4), "5678");
  });

  it("ExampleMultiReader", async () => {
    const r = concatStreams(
      textStream("byob-respond", "first reader "),
      textStream("default", "second reader "),
      textStream("byob-enqueue", "third reader\n"),
    );
    assert.equal(await new Response(r).text(), "first reader second reader third reader\n");
  });
});

describe("concatStreams: memory", () => {
  it("hands the reader's view down to a byte source, which fills it in place", async () => {
    const a = byteSource(split(counting(30), [10, 10, 10]), "respond");
    const b = byteSource([counting(5, 30)], "respond");
    const reader = concatStreams(a.stream, b.stream).getReader({ mode: "byob" });
    let view = new Uint8Array(new ArrayBuffer(64), 8, 16);
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await bounded(reader.read(view));
      if (done) break;
      assert.equal(value.byteOffset, 8);
      assert.equal(value.buffer.byteLength, 64, "the reader's own memory, passed along");
      parts.push(value.slice());
      view = new Uint8Array(value.buffer, 8, 16);
    }
    assert.deepEqual(concat(parts), counting(35));
    assert.equal(
      a.log.enqueued + b.log.enqueued,
      0,
      "no chunk was made: every byte landed in place",
    );
    assert.equal(a.log.respondedBytes + b.log.respondedBytes, 35);
  });

  it("file sections and openFile streams fill the view past their queue", async () => {
    const content = pattern(50_000);
    const path = writeScratch(dir, "memory.bin", content);
    const file = await openRandomAccess(path);
    try {
      const joined = concatStreams(file.stream(0, 20_000), await openFile(path, { start: 20_000 }));
      const buffer = new Uint8Array(4096);
      const parts: Uint8Array[] = [];
      for await (const view of chunks(joined, buffer)) parts.push(view.slice());
      assert.deepEqual(concat(parts), content);
    } finally {
      file.close();
    }
  });

  it("default sources are copied: a default read never detaches the source's chunk", async () => {
    const memory = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const pieces = [memory.subarray(0, 3), memory.subarray(3)];
    const joined = concatStreams(ReadableStream.from(pieces));
    const got = await Array.fromAsync(joined);
    assert.deepEqual(concat(got), memory);
    assert.equal(memory.length, 6, "the source's memory is intact");
  });

  it("a default read of a byte source gets a chunk of its own size", async () => {
    const got = await Array.fromAsync(concatStreams(byteSource([counting(10)], "respond").stream));
    assert.deepEqual(got, [counting(10)]);
    assert.equal(got[0].buffer.byteLength, 10);
  });
});

describe("concatStreams: errors and ends", () => {
  it("a source's error errors the result, and the sources after it are cancelled with it", async () => {
    const boom = new Error("boom");
    const first = defaultSource([counting(3)]);
    const failing = byteSource([counting(2)], "respond", { error: boom });
    const last = defaultSource([counting(3)]);
    const joined = concatStreams(first.stream, failing.stream, last.stream);
    await assert.rejects(bounded(Array.fromAsync(joined)), boom);
    assert.deepEqual(last.log.cancelled, [boom]);
    assert.equal(last.stream.locked, false);
    assert.equal(failing.stream.locked, false);
  });

  it("cancelling the result cancels every source not finished, with the reason", async () => {
    const first = defaultSource([counting(3)]);
    const second = byteSource([counting(3)], "enqueue", { endless: true });
    const third = defaultSource([counting(3)]);
    const joined = concatStreams(first.stream, second.stream, third.stream);
    const reader = joined.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel("enough");
    assert.deepEqual(first.log.cancelled, [], "the finished source is not cancelled");
    assert.deepEqual(second.log.cancelled, ["enough"]);
    assert.deepEqual(third.log.cancelled, ["enough"]);
    assert.ok([first, second, third].every(({ stream }) => !stream.locked));
  });

  it("a chunk that is not a Uint8Array errors the result", async () => {
    const bad = ReadableStream.from(["text"]) as unknown as ReadableStream<Uint8Array>;
    await assert.rejects(Array.fromAsync(concatStreams(bad)), {
      name: "TypeError",
      message: /Uint8Array/,
    });
  });

  it("no source: an empty stream", async () => {
    assert.deepEqual(await Array.fromAsync(concatStreams()), []);
  });

  it("refuses what is not a stream, a locked stream and a stream given twice, locking none", () => {
    const free = defaultSource([]).stream;
    // @ts-expect-error: not a stream
    assert.throws(() => concatStreams(free, "x"), {
      name: "TypeError",
      message: /sources\[1\] must be a ReadableStream: received "x"/,
    });
    const locked = defaultSource([]).stream;
    locked.getReader();
    assert.throws(() => concatStreams(free, locked), {
      name: "TypeError",
      message: /sources\[1\] must not be locked/,
    });
    assert.throws(() => concatStreams(free, free), {
      name: "TypeError",
      message: /sources\[1\] is sources\[0\] again/,
    });
    assert.equal(free.locked, false);
  });

  it("closes the descriptors of openFile sources as each ends, and on cancel", {
    skip: noProcReason,
  }, async () => {
    const path = writeScratch(dir, "fds.bin", pattern(1000));
    const all = concatStreams(await openFile(path), await openFile(path));
    assert.equal(countDescriptors(path), 2);
    assert.equal((await new Response(all).arrayBuffer()).byteLength, 2000);
    assert.equal(countDescriptors(path), 0);
    const cancelled = concatStreams(await openFile(path), await openFile(path));
    const reader = cancelled.getReader();
    await reader.read();
    await reader.cancel();
    assert.equal(countDescriptors(path), 0);
  });
});

describe("concatStreams: property", () => {
  it("reads any data split into any sources, with any reads", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 8 }),
        fc.array(fc.constantFrom(...sourceKinds), { minLength: 8, maxLength: 8 }),
        fc.constantFrom("byob", "default", "chunks"),
        fc.integer({ min: 1, max: 64 }),
        async (data, cuts, kinds, readKind, size) => {
          const pieces = split(data, cuts);
          const joined = concatStreams(
            ...pieces.map((piece, i) =>
              source(kinds[i % kinds.length], split(piece, [size + 3])).stream
            ),
          );
          let got: Uint8Array;
          if (readKind === "default") got = concat(await Array.fromAsync(joined));
          else if (readKind === "chunks") {
            const parts: Uint8Array[] = [];
            for await (const view of chunks(joined, size)) parts.push(view.slice());
            got = concat(parts);
          } else {
            const reader = joined.getReader({ mode: "byob" });
            const parts: Uint8Array[] = [];
            let view = new Uint8Array(size);
            for (;;) {
              const { done, value } = await reader.read(view);
              if (done) break;
              parts.push(value.slice());
              view = new Uint8Array(value.buffer, 0, size);
            }
            got = concat(parts);
          }
          assert.deepEqual(got, data);
        },
      ),
      { numRuns: 200 },
    );
  });
});
