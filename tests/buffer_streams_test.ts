import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../mod.ts";
import { byteSource, concat, decode, defaultSource, encode, pattern } from "./_buffer_sources.ts";

describe("ByteBuffer.readFrom", () => {
  it("reads a byte stream with BYOB reads of at least 512 bytes into free capacity", async () => {
    const data = pattern(5000);
    const source = byteSource([
      data.subarray(0, 100),
      data.subarray(100, 3000),
      data.subarray(3000),
    ]);
    const buffer = ByteBuffer.fromString("head");
    assert.equal(await buffer.readFrom(source.stream), 5000);
    assert.deepEqual(buffer.bytes(), concat([encode("head"), data]));
    assert.ok(source.requested.length > 0, "the source saw BYOB requests");
    assert.ok(source.requested.every((size) => size >= 512), `${source.requested}`);
    assert.equal(source.stream.locked, false);
  });

  it("reads straight into the wrapped memory, which the BYOB transfer detaches", async () => {
    const whole = new Uint8Array(2048);
    const buffer = new ByteBuffer(whole.subarray(16, 1040), 0);
    const source = byteSource([pattern(400)]); // leaves 624 >= 512 free: no growth
    assert.equal(await buffer.readFrom(source.stream), 400);
    assert.deepEqual(source.requested[0], 1024); // the whole free window, no scratch buffer
    assert.equal(whole.byteLength, 0); // transferred: the caller's view is detached
    const bytes = buffer.bytes();
    assert.equal(bytes.byteOffset, 16); // same place in the same-sized memory
    assert.equal(bytes.buffer.byteLength, 2048);
    assert.equal(buffer.capacity, 1024);
    assert.deepEqual(bytes, pattern(400));
  });

  it("grows like Go when less than 512 bytes are free", async () => {
    const buffer = new ByteBuffer(new Uint8Array(1024), 0);
    const source = byteSource([pattern(700), pattern(300, 1)]);
    assert.equal(await buffer.readFrom(source.stream), 1000);
    assert.deepEqual(source.requested.slice(0, 2), [1024, 1348]); // 2048 - 700 after growing
    assert.equal(buffer.capacity, 2048);
    assert.deepEqual(buffer.bytes(), concat([pattern(700), pattern(300, 1)]));
  });

  it("reads a default stream chunk by chunk, including chunks at an offset", async () => {
    const backing = pattern(64);
    const source = defaultSource([encode("ab"), backing.subarray(10, 20), new Uint8Array(0)]);
    const buffer = new ByteBuffer();
    assert.equal(await buffer.readFrom(source.stream), 12);
    assert.deepEqual(buffer.bytes(), concat([encode("ab"), backing.subarray(10, 20)]));
    assert.equal(source.stream.locked, false);
  });

  it("reads the readable side of a TransformStream (never a byte stream)", async () => {
    const transform = new TransformStream<Uint8Array, Uint8Array>();
    const writer = transform.writable.getWriter();
    void writer.write(encode("one ")).then(() => writer.write(encode("two"))).then(() =>
      writer.close()
    );
    const buffer = new ByteBuffer();
    assert.equal(await buffer.readFrom(transform.readable), 7);
    assert.equal(buffer.toString(), "one two");
  });

  it("returns 0 for streams that end at once, of both kinds", async () => {
    const buffer = ByteBuffer.fromString("x");
    assert.equal(await buffer.readFrom(byteSource([]).stream), 0);
    assert.equal(await buffer.readFrom(defaultSource([]).stream), 0);
    assert.equal(buffer.toString(), "x");
  });

  it("propagates a default stream's error, keeping what was read", async () => {
    const failure = new Error("broken source");
    const source = defaultSource([encode("partial")], failure);
    const buffer = new ByteBuffer();
    await assert.rejects(buffer.readFrom(source.stream), failure);
    assert.equal(buffer.toString(), "partial");
    assert.equal(source.stream.locked, false);
  });

  it("propagates a byte stream's error; the memory the failed read held is gone", async () => {
    const failure = new Error("broken byte source");
    const source = byteSource([encode("abc")], failure);
    const buffer = ByteBuffer.fromString("kept?");
    await assert.rejects(buffer.readFrom(source.stream), failure);
    assert.equal(source.stream.locked, false);
    // The pending BYOB read owned the storage when the stream errored: the buffer starts over.
    assert.equal(buffer.length, 0);
    buffer.writeString("usable");
    assert.equal(buffer.toString(), "usable");
  });

  it("keeps its contents when the byte stream had already errored", async () => {
    const failure = new Error("already broken");
    const stream = new ReadableStream({
      type: "bytes",
      start(controller) {
        controller.error(failure);
      },
    });
    const buffer = ByteBuffer.fromString("kept");
    await assert.rejects(buffer.readFrom(stream), failure);
    assert.equal(buffer.toString(), "kept");
  });

  it("cancels the source with a TypeError when a chunk is not a Uint8Array", async () => {
    const source = defaultSource([encode("ok"), "text"]);
    const buffer = new ByteBuffer();
    await assert.rejects(buffer.readFrom(source.stream), {
      name: "TypeError",
      message: /a chunk of src must be a Uint8Array: received "text"/,
    });
    assert.equal(source.cancelled.length, 1);
    assert.equal(buffer.toString(), "ok");
  });

  it("rejects what is not a ReadableStream, and locked streams", async () => {
    const buffer = new ByteBuffer();
    // @ts-expect-error: not a stream
    await assert.rejects(buffer.readFrom(encode("x")), { name: "TypeError", message: /src must/ });
    const { stream } = byteSource([]);
    const reader = stream.getReader();
    await assert.rejects(buffer.readFrom(stream), { name: "TypeError", message: /locked/ });
    reader.releaseLock();
  });

  it("writes into SharedArrayBuffer storage through default reads (it cannot be transferred)", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(1024));
    const buffer = new ByteBuffer(shared, 0);
    assert.equal(await buffer.readFrom(byteSource([encode("shared")]).stream), 6);
    assert.equal(decode(shared.slice(0, 6)), "shared");
    assert.equal(buffer.toString(), "shared");
  });

  it("other methods throw while a BYOB read holds the storage", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => release = resolve);
    const stream = new ReadableStream({
      type: "bytes",
      async pull(controller) {
        await gate;
        controller.close();
        controller.byobRequest?.respond(0);
      },
    });
    const buffer = ByteBuffer.fromString("abc");
    const reading = buffer.readFrom(stream);
    try {
      await new Promise((resolve) => setTimeout(resolve, 0));
      assert.throws(() => buffer.write(encode("x")), { name: "TypeError", message: /detached/ });
      assert.throws(() => buffer.bytes(), { name: "TypeError", message: /detached/ });
    } finally {
      release(); // never leave the read pending
    }
    assert.equal(await reading, 0);
    assert.equal(buffer.toString(), "abc");
  });
});

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
