import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteTransformStream, DelimiterStream, FixedChunkStream, records } from "../../mod.ts";
import { bounded, defaultSource, source } from "./_sources.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every batch `records()` gives, each kept as given. */
async function batchesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[][]> {
  const batches: Uint8Array[][] = [];
  for await (const batch of records(stream)) batches.push(batch);
  return batches;
}

describe("records", () => {
  it("takes every record waiting at once: one batch per input chunk of a splitter", async () => {
    const input = [encoder.encode("one\ntwo\nthr"), encoder.encode("ee\n\nfour")];
    const batches = await batchesOf(
      ReadableStream.from(input).pipeThrough(new DelimiterStream(10)),
    );
    const text = batches.map((batch) => batch.map((record) => decoder.decode(record)));
    assert.deepEqual(text, [["one", "two"], ["three", ""], ["four"]]);
    assert.equal(batches[0][1].buffer, input[0].buffer, "a view of the input, never detached");
  });

  it("hands over a byte transform's whole records ready, with no copy", async () => {
    const fixed = new FixedChunkStream(4);
    const input = [new Uint8Array(12).map((_, i) => i)];
    const batches = await batchesOf(ReadableStream.from(input).pipeThrough(fixed));
    assert.deepEqual(batches.flat().map((chunk) => [...chunk]), [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    assert.ok(batches.length < 3, "records ready together come in one batch");
    assert.deepEqual(fixed.stats, { bytesIn: 12, bytesOut: 12, bytesViewed: 12, bytesCopied: 0 });
  });

  it("ends at once when a splitter gives no records, and unlocks its stream", async () => {
    const split = new DelimiterStream(10, { maxLength: 4 });
    const lines = await batchesOf(ReadableStream.from<Uint8Array>([]).pipeThrough(split));
    assert.deepEqual(lines.flat().map((r) => r.length), [0], "bytes.Split of nothing: one empty");
    assert.equal(split.readable.locked, false);
    const fixed = new FixedChunkStream(4);
    assert.deepEqual(await batchesOf(ReadableStream.from<Uint8Array>([]).pipeThrough(fixed)), []);
    assert.equal(fixed.readable.locked, false);
  });

  it("reads any other stream with a default reader, one chunk per batch, empty ones too", async () => {
    for (const kind of ["default", "byob-enqueue"] as const) {
      const chunks = [new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3])];
      const { stream } = source(kind, chunks);
      const batches = await batchesOf(stream);
      const expected = kind === "default" ? [[[1, 2]], [[]], [[3]]] : [[[1, 2]], [[3]]];
      assert.deepEqual(batches.map((batch) => batch.map((r) => [...r])), expected, kind);
      assert.equal(stream.locked, false);
    }
  });

  it("a chunk that is not a Uint8Array rejects with a TypeError and cancels the stream", async () => {
    let reason: unknown;
    const stream = new ReadableStream({
      pull: (controller) => controller.enqueue("text"),
      cancel: (why) => {
        reason = why;
      },
    }) as unknown as ReadableStream<Uint8Array>;
    await assert.rejects(records(stream).next(), /must be Uint8Arrays: received "text"/);
    assert.ok(reason instanceof TypeError);
    assert.equal(stream.locked, false);
  });

  it("breaking out cancels the source through the splitter with an AbortError", async () => {
    const { stream, log } = defaultSource([encoder.encode("a\nb\n"), encoder.encode("c\n")]);
    for await (const batch of records(stream.pipeThrough(new DelimiterStream(10)))) {
      assert.equal(decoder.decode(batch[0]), "a");
      break;
    }
    await bounded((async () => {
      while (log.cancelled.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    })());
    assert.equal((log.cancelled[0] as DOMException).name, "AbortError");
  });

  it("a throwing transformer rejects the iteration with its error", async () => {
    const failure = new RangeError("bad input");
    const transform = new ByteTransformStream({
      transform(chunk, out) {
        if (chunk[0] === 9) throw failure;
        out.enqueue(chunk);
      },
    });
    const seen: number[][] = [];
    const input = [new Uint8Array([1]), new Uint8Array([9]), new Uint8Array([2])];
    await assert.rejects(async () => {
      for await (const batch of records(ReadableStream.from(input).pipeThrough(transform))) {
        seen.push(...batch.map((chunk) => [...chunk]));
      }
    }, failure);
    assert.deepEqual(seen, [[1]]);
  });

  it("a splitter's error (a record too long) rejects the step and cancels the source", async () => {
    const { stream, log } = defaultSource([encoder.encode("ok\n"), encoder.encode("far too long")]);
    const split = stream.pipeThrough(new DelimiterStream(10, { maxLength: 4 }));
    const iterator = records(split);
    assert.equal(decoder.decode((await bounded(iterator.next())).value![0]), "ok");
    await assert.rejects(bounded(iterator.next()), /Record too long: 12 bytes seen/);
    assert.equal(split.locked, false);
    assert.match(String(log.cancelled[0]), /Record too long/);
  });

  it("validates its argument, naming it", () => {
    assert.throws(
      () => records("stream" as unknown as ReadableStream<Uint8Array>),
      /Cannot iterate records as src must be a ReadableStream: received "stream"/,
    );
    const locked = new ReadableStream<Uint8Array>();
    locked.getReader();
    assert.throws(() => records(locked), /src must not be locked/);
  });
});
