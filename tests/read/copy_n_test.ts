// copyN: Go's CopyN tests and example (src/io/io_test.go, example_test.go) ported over every kind
// of source; no byte read past n, so the source goes on from there; the buffer handed back; a
// short source's UnexpectedEofError; Go's LimitReader example on SliceStream; any data, any n (property).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  copyN,
  openFile,
  readFull,
  SliceStream,
  toByteStream,
  UnexpectedEofError,
} from "../../mod.ts";
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
} from "./_sources.ts";

const dir = makeScratch("copy-n");
after(() => removeScratch(dir));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A sink that copies what it is written; `text()` is all of it. */
function textSink() {
  const copies: Uint8Array[] = [];
  const log = { closed: false, aborted: [] as unknown[] };
  const stream = new WritableStream<Uint8Array>({
    write: (view) => void copies.push(view.slice()),
    close: () => void (log.closed = true),
    abort: (reason) => void log.aborted.push(reason),
  });
  return { stream, log, text: () => decoder.decode(concat(copies)) };
}

type Kind = SourceKind | "openFile";
const kinds: Kind[] = [...sourceKinds, "openFile"];
let files = 0;

/** A stream of `text` of the given kind, in pieces of 4 bytes. */
async function textSource(kind: Kind, text: string): Promise<ReadableStream<Uint8Array>> {
  if (kind === "openFile") return await openFile(writeScratch(dir, `${files++}.txt`, text));
  return source(kind, split(encoder.encode(text), [4, 4, 4, 4])).stream;
}

describe("Go's io tests of CopyN, on copyN", () => {
  for (const kind of kinds) {
    it(`TestCopyN, TestCopyNReadFrom, TestCopyNWriteTo (${kind} source)`, async () => {
      const sink = textSink();
      const { written } = await bounded(
        copyN(await textSource(kind, "hello, world."), sink.stream, 5),
      );
      assert.equal(written, 5);
      assert.equal(sink.text(), "hello");
      assert.equal(sink.log.closed, true);
    });

    it(`TestCopyNEOF: 3 of "foo" is fine, 4 is UnexpectedEofError after 3 (${kind} source)`, async () => {
      const three = textSink();
      assert.equal(
        (await bounded(copyN(await textSource(kind, "foo"), three.stream, 3))).written,
        3,
      );
      assert.equal(three.text(), "foo");
      const four = textSink();
      const buf = new Uint8Array(8);
      await assert.rejects(
        bounded(copyN(await textSource(kind, "foo"), four.stream, 4, buf)),
        (error: unknown) => {
          assert.ok(error instanceof UnexpectedEofError);
          assert.equal(error.received, 3);
          assert.equal(error.wanted, 4);
          assert.match(error.message, /read 3 of 4 bytes needed/);
          assert.equal(error.partial.length, 0);
          assert.equal(
            error.partial.buffer.byteLength,
            8,
            "the buffer's memory comes back with it",
          );
          assert.deepEqual(four.log.aborted, [error]);
          return true;
        },
      );
      assert.equal(four.text(), "foo");
    });
  }

  it("TestCopyNEOF, wantedAndErrReader: a source that fails after n bytes is never read again", async () => {
    const boom = new Error("wantedAndErrReader error");
    for (const kind of sourceKinds) {
      const { stream } = source(kind, [counting(5)], { error: boom });
      const sink = textSink();
      assert.equal((await bounded(copyN(stream, sink.stream, 5))).written, 5);
    }
  });

  it("TestCopyNegative: a negative n is a RangeError naming n (Go copies nothing)", async () => {
    const sink = textSink();
    const { stream } = byteSource([counting(5)], "respond");
    await assert.rejects(copyN(stream, sink.stream, -1), {
      name: "RangeError",
      message: /n must be an integer >= 0: received -1/,
    });
    assert.equal(stream.locked, false);
    assert.equal(sink.stream.locked, false);
  });

  it("ExampleCopyN", async () => {
    const sink = textSink();
    await bounded(
      copyN(await textSource("byob-respond", "some io.Reader stream to be read"), sink.stream, 4),
    );
    assert.equal(sink.text(), "some");
  });

  it("ExampleLimitReader: SliceStream(0, n) is Go's LimitReader on any stream", async () => {
    for (const kind of kinds) {
      const limited = (await textSource(kind, "some io.Reader stream to be read\n"))
        .pipeThrough(new SliceStream(0, 4));
      assert.equal(await new Response(limited).text(), "some", kind);
    }
  });
});

describe("copyN: the source goes on after n bytes", () => {
  it("reads no byte past n from a byte stream, which is unlocked and goes on from there", async () => {
    const { stream, log } = byteSource([counting(20)], "respond");
    const sink = textSink();
    await bounded(copyN(stream, sink.stream, 7, new Uint8Array(4)));
    assert.equal(log.respondedBytes, 7, "7 bytes left the source, no more");
    assert.equal(stream.locked, false);
    assert.deepEqual(log.cancelled, []);
    const rest = await bounded(readFull(stream.getReader({ mode: "byob" }), new Uint8Array(13)));
    assert.deepEqual(rest, counting(13, 7));
  });

  it("leaves a BYOB reader passed in locked, at byte n, for the next readFull", async () => {
    // A length-prefixed body handed to a sink between two headers.
    const frames = new Uint8Array([0, 3, 0x61, 0x62, 0x63, 0, 2, 0x64, 0x65]);
    const reader = byteSource(split(frames, [2, 3, 4]), "enqueue").stream.getReader({
      mode: "byob",
    });
    const bodies: string[] = [];
    let buffer: Uint8Array = new Uint8Array(2);
    for (;;) {
      const header = await bounded(readFull(reader, new Uint8Array(2)));
      if (header === null) break;
      const sink = textSink();
      ({ buffer } = await bounded(copyN(reader, sink.stream, header[1], buffer)));
      bodies.push(sink.text());
    }
    assert.deepEqual(bodies, ["abc", "de"]);
  });

  it("cancels a default stream once n bytes are copied: the rest of a chunk cannot go back", async () => {
    const { stream, log } = defaultSource([counting(10), counting(10, 10)]);
    const sink = textSink();
    await bounded(copyN(stream, sink.stream, 4));
    assert.equal(log.cancelled.length, 1);
    assert.equal((log.cancelled[0] as DOMException).name, "AbortError");
    assert.equal(stream.locked, false);
  });

  it("goes on through toByteStream(default stream), which keeps the rest of a chunk", async () => {
    const bytes = toByteStream(defaultSource([counting(10), counting(10, 10)]).stream);
    const first = textSink();
    await bounded(copyN(bytes, first.stream, 4));
    const rest = await bounded(readFull(bytes.getReader({ mode: "byob" }), new Uint8Array(16)));
    assert.deepEqual(rest, counting(16, 4));
  });
});

describe("copyN: buffer, options and arguments", () => {
  it("hands the buffer back, and copies nothing for n = 0", async () => {
    const buf = new Uint8Array(new ArrayBuffer(32), 8, 16);
    const { buffer, written } = await bounded(
      copyN(byteSource([counting(40)], "respond").stream, textSink().stream, 40, buf),
    );
    assert.equal(written, 40);
    assert.deepEqual([buffer.byteOffset, buffer.length, buffer.buffer.byteLength], [8, 16, 32]);
    const { stream, log } = byteSource([counting(5)], "respond");
    const nothing = await bounded(copyN(stream, textSink().stream, 0, buffer));
    assert.equal(nothing.written, 0);
    assert.equal(log.pulls, 0);
  });

  it("leaves dst open with preventClose, to copy more into it", async () => {
    const sink = textSink();
    await bounded(
      copyN(await textSource("default", "abc"), sink.stream, 2, undefined, { preventClose: true }),
    );
    await bounded(copyN(await textSource("byob-respond", "def"), sink.stream, 3));
    assert.equal(sink.text(), "abdef");
    assert.equal(sink.log.closed, true);
  });

  it("refuses bad arguments, naming them, and locks nothing", async () => {
    const { stream } = byteSource([counting(5)], "respond");
    const dst = textSink().stream;
    // @ts-expect-error: not a source
    await assert.rejects(copyN("src", dst, 1), {
      name: "TypeError",
      message: /src must be a ReadableStream or a ReadableStreamBYOBReader: received "src"/,
    });
    // @ts-expect-error: not a number
    await assert.rejects(copyN(stream, dst, "1"), {
      name: "TypeError",
      message: /n must be a number: received "1"/,
    });
    await assert.rejects(copyN(stream, dst, 1.5), {
      name: "RangeError",
      message: /n must be an integer >= 0: received 1.5/,
    });
    await assert.rejects(copyN(stream, dst, 1, new Uint8Array(0)), {
      name: "RangeError",
      message: /buf must not be empty/,
    });
    // @ts-expect-error: not a sink
    await assert.rejects(copyN(stream, {}, 1), {
      name: "TypeError",
      message: /dst must be a WritableStream/,
    });
    assert.equal(stream.locked, false);
    assert.equal(dst.locked, false);
  });
});

describe("copyN: property", () => {
  it("copies the first n bytes of any data under any chunking, and the rest stays readable", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 10 }),
        fc.constantFrom(...sourceKinds),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(),
        async (data, sizes, kind, size, pick) => {
          const n = data.length === 0 ? 0 : pick % (data.length + 1);
          const { stream } = source(kind, split(data, sizes));
          const bytes = kind === "default" ? toByteStream(stream) : stream;
          const copies: Uint8Array[] = [];
          const sink = new WritableStream<Uint8Array>({
            write: (view) => void copies.push(view.slice()),
          });
          assert.equal((await copyN(bytes, sink, n, new Uint8Array(size))).written, n);
          assert.deepEqual(concat(copies), data.subarray(0, n));
          const rest = concat(await Array.fromAsync(bytes));
          assert.deepEqual(rest, data.subarray(n));
        },
      ),
      { numRuns: 150 },
    );
  });
});
