import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../../mod.ts";
import { decode, encode } from "./_sources.ts";

describe("ByteBuffer.writeTo", () => {
  it("drains the buffer into the sink as one chunk, without closing it", async () => {
    const chunks: Uint8Array[] = [];
    let closed = false;
    const sink = new WritableStream<Uint8Array>({
      write: (chunk) => void chunks.push(chunk),
      close: () => void (closed = true),
    });
    const memory = encode("xxpayload");
    const buffer = new ByteBuffer(memory);
    buffer.next(2);
    assert.equal(await buffer.writeTo(sink), 7);
    assert.equal(buffer.length, 0);
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0].buffer, memory.buffer); // a view, not a copy
    assert.equal(chunks[0].byteOffset, 2);
    assert.equal(decode(chunks[0]), "payload");
    assert.equal(closed, false);
    assert.equal(sink.locked, false);
  });

  it("never overwrites bytes a sink still holds (identity TransformStream)", async () => {
    // A readable-side queue lets the write resolve while the chunk still waits in the queue.
    const transform = new TransformStream<Uint8Array, Uint8Array>({}, undefined, {
      highWaterMark: 4,
    });
    const buffer = new ByteBuffer(new Uint8Array(16), 0);
    buffer.writeString("first");
    assert.equal(await buffer.writeTo(transform.writable), 5);
    buffer.writeString("SECOND"); // same size: would reuse the storage if it were kept
    assert.equal(buffer.capacity, 16);
    const reader = transform.readable.getReader();
    const { value } = await reader.read();
    assert.equal(decode(value), "first");
    reader.releaseLock();
    assert.equal(buffer.toString(), "SECOND");
  });

  it("writes nothing for an empty buffer", async () => {
    let writes = 0;
    const sink = new WritableStream<Uint8Array>({ write: () => void writes++ });
    const buffer = new ByteBuffer(new Uint8Array(8), 0);
    assert.equal(await buffer.writeTo(sink), 0);
    assert.equal(writes, 0);
    assert.equal(buffer.capacity, 8);
  });

  it("puts the bytes back when the sink fails", async () => {
    const failure = new Error("sink broke");
    const sink = new WritableStream<Uint8Array>({
      write: () => {
        throw failure;
      },
    });
    const buffer = ByteBuffer.fromString("keep me");
    await assert.rejects(buffer.writeTo(sink), failure);
    assert.equal(buffer.toString(), "keep me");
    assert.equal(sink.locked, false);
  });

  it("rejects what is not a WritableStream, and locked streams", async () => {
    const buffer = ByteBuffer.fromString("a");
    // @ts-expect-error: not a stream
    await assert.rejects(buffer.writeTo({}), { name: "TypeError", message: /dst must/ });
    const sink = new WritableStream<Uint8Array>();
    const writer = sink.getWriter();
    await assert.rejects(buffer.writeTo(sink), { name: "TypeError", message: /locked/ });
    writer.releaseLock();
    assert.equal(buffer.toString(), "a");
  });
});
