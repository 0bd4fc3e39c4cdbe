// ByteBuffer.readFrom on streams that fill memory themselves (an openFile stream, a byte
// transform's readable): read in place, with no transfer and no scratch copy.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer, ByteTransformStream, FixedChunkStream, openFile } from "../../mod.ts";
import { countDescriptors, noProcReason } from "../file/_proc.ts";
import { makeScratch, pattern, removeScratch, writeScratch } from "../file/_fixtures.ts";

const dir = makeScratch("buffer-read-from-direct");
after(() => removeScratch(dir));
const content = pattern(150_000);
const path = writeScratch(dir, "pattern.bin", content);

describe("ByteBuffer.readFrom, straight from the source", () => {
  it("reads an openFile stream with no transfer: views handed out before stay attached", async () => {
    const buffer = new ByteBuffer();
    buffer.grow(60_000); // its own storage, small: a BYOB read would transfer it
    buffer.write(new Uint8Array([7, 7]));
    const before = buffer.bytes();
    const stream = await openFile(path, { start: 10 });
    assert.equal(await buffer.readFrom(stream), content.length - 10);
    assert.deepEqual([...before], [7, 7], "a view from before the read is still attached");
    assert.deepEqual(buffer.bytes().subarray(2), content.subarray(10));
    assert.equal(stream.locked, false);
    assert.equal((await stream.getReader().read()).done, true, "the stream has ended");
    if (!noProcReason) assert.equal(countDescriptors(path), 0);
  });

  it("reads an openFile stream into the caller's wrapped memory in place", async () => {
    const memory = new Uint8Array(200_000);
    const buffer = new ByteBuffer(memory.subarray(16), 0);
    await buffer.readFrom(await openFile(path));
    assert.equal(memory.byteLength, 200_000, "the wrapped memory is never transferred");
    assert.deepEqual(memory.subarray(16, 16 + content.length), content);
    assert.equal(buffer.bytes().buffer, memory.buffer);
  });

  it("grows past the wrapped memory when the file is larger, keeping every byte", async () => {
    const buffer = new ByteBuffer(new Uint8Array(1000), 0);
    await buffer.readFrom(await openFile(path));
    assert.deepEqual(buffer.bytes(), content);
  });

  it("reads a byte transform's output with no copy counted", async () => {
    const fixed = new FixedChunkStream(1000);
    const input = [content.slice(0, 70_000), content.slice(70_000)];
    const buffer = new ByteBuffer();
    assert.equal(
      await buffer.readFrom(ReadableStream.from(input).pipeThrough(fixed)),
      content.length,
    );
    assert.deepEqual(buffer.bytes(), content);
    assert.equal(fixed.stats.bytesCopied, 0);
  });

  it("rejects with the transform's error and leaves the bytes read so far", async () => {
    const failure = new Error("broken input");
    const transform = new ByteTransformStream({
      transform(chunk, out) {
        if (chunk[0] === 0xff) throw failure;
        out.enqueue(chunk);
      },
    });
    const buffer = new ByteBuffer();
    const input = [new Uint8Array([1, 2]), new Uint8Array([0xff])];
    await assert.rejects(
      buffer.readFrom(ReadableStream.from(input).pipeThrough(transform)),
      failure,
    );
    assert.deepEqual([...buffer.bytes()], [1, 2]);
  });

  it("a buffer used while readFrom waits is a TypeError, and the source is cancelled", async () => {
    let cancelled: unknown;
    const transform = new ByteTransformStream({
      transform: (chunk, out) => out.enqueue(chunk),
      cancel: (reason) => {
        cancelled = reason;
      },
    });
    const buffer = new ByteBuffer();
    const reading = buffer.readFrom(transform.readable);
    buffer.write(new Uint8Array([9])); // forbidden while the promise is pending
    const writer = transform.writable.getWriter();
    writer.write(new Uint8Array([1, 2, 3])).catch(() => {});
    await assert.rejects(reading, /ByteBuffer was used while readFrom was reading/);
    assert.ok(cancelled instanceof TypeError);
    assert.equal(transform.readable.locked, false);
  });
});
