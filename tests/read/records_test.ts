import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteTransformStream, DelimiterStream, FixedChunkStream, records } from "../../mod.ts";
import { bounded, defaultSource, source } from "./_sources.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A chunk that owns its whole ArrayBuffer (a transform takes such a chunk over). */
function owned(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Resolves true when `promise` is still pending after a few turns of the event loop. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  return !settled;
}

describe("records", () => {
  it("hands a transform's records over as views of the input, even when they share it", async () => {
    const split = new DelimiterStream(10);
    const input = [owned("one\ntwo\nthr"), owned("ee\nfour\n")];
    const lines: Uint8Array[] = [];
    for await (const line of records(ReadableStream.from(input).pipeThrough(split))) {
      lines.push(line);
    }
    // Kept across the whole iteration: never detached, never overwritten.
    assert.deepEqual(lines.map((line) => decoder.decode(line)), ["one", "two", "three", "four"]);
    assert.equal(lines[0].buffer, lines[1].buffer, "one and two share the first input chunk");
    assert.equal(lines[1].byteOffset, 4);
    assert.equal(lines[3].buffer.byteLength, 8, "four is a view of the second input chunk");
    // Only "three", which spans both chunks, was joined into a copy.
    assert.deepEqual(split.stats, { bytesIn: 19, bytesOut: 15, bytesViewed: 10, bytesCopied: 5 });
  });

  it("gives FixedChunkStream's chunks with no copy at all", async () => {
    const fixed = new FixedChunkStream(4);
    const input = [new Uint8Array(12).map((_, i) => i)];
    const got: number[][] = [];
    for await (const chunk of records(ReadableStream.from(input).pipeThrough(fixed))) {
      got.push([...chunk]);
    }
    assert.deepEqual(got, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    assert.deepEqual(fixed.stats, { bytesIn: 12, bytesOut: 12, bytesViewed: 12, bytesCopied: 0 });
  });

  it("ends at once when a transform gives no records (empty input, delimiters only)", async () => {
    for (const input of [[], [owned("\n\n")], [owned("\n"), owned("\n")]]) {
      const split = new DelimiterStream(10);
      const got = [];
      for await (const line of records(ReadableStream.from(input).pipeThrough(split))) {
        got.push(line);
      }
      assert.deepEqual(got, [], JSON.stringify(input.map((chunk) => decoder.decode(chunk))));
      assert.equal(split.readable.locked, false);
    }
  });

  it("reads any other stream with a default reader, skipping empty chunks", async () => {
    for (const kind of ["default", "byob-enqueue"] as const) {
      const chunks = [new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3])];
      const { stream } = source(kind, chunks);
      const got: number[][] = [];
      for await (const chunk of records(stream)) got.push([...chunk]);
      assert.deepEqual(got, [[1, 2], [3]], kind);
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

  it("breaking out cancels the source through the transform with an AbortError", async () => {
    const { stream, log } = defaultSource([owned("a\nb\n"), owned("c\n")]);
    for await (const line of records(stream.pipeThrough(new DelimiterStream(10)))) {
      assert.equal(decoder.decode(line), "a");
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
      for await (const chunk of records(ReadableStream.from(input).pipeThrough(transform))) {
        seen.push([...chunk]);
      }
    }, failure);
    assert.deepEqual(seen, [[1]]);
  });

  it("a write resolves once its complete records are taken; an open record does not hold it", async () => {
    const split = new DelimiterStream(10);
    const writer = split.writable.getWriter();
    const iterator = records(split.readable);
    const first = writer.write(owned("a\nb\nc"));
    assert.equal(decoder.decode((await bounded(iterator.next())).value!), "a");
    assert.ok(await pending(first), "resolved with the record b still queued");
    assert.equal(decoder.decode((await bounded(iterator.next())).value!), "b");
    await bounded(first); // only the open record "c" is left
    const next = iterator.next();
    await bounded(writer.write(owned("d\n")));
    assert.equal(decoder.decode((await bounded(next)).value!), "cd");
    await writer.close();
    assert.equal((await bounded(iterator.next())).done, true);
    assert.equal(split.readable.locked, false);
  });

  it("a read left waiting by an earlier reader sends records through a default reader", async () => {
    const split = new DelimiterStream(10);
    const early = split.readable.getReader();
    const orphan = early.read(); // waits in pull: nothing was written yet
    orphan.catch(() => {});
    await pending(orphan);
    early.releaseLock();
    const writer = split.writable.getWriter();
    const iterator = records(split.readable);
    const written = writer.write(owned("x\ny\n"));
    const lines: string[] = [];
    for (let i = 0; i < 2; i++) lines.push(decoder.decode((await bounded(iterator.next())).value!));
    assert.deepEqual(lines, ["x", "y"]);
    await bounded(written);
    await writer.close();
    assert.equal((await bounded(iterator.next())).done, true);
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
