import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../../mod.ts";
import { byteSource, concat, decode, defaultSource, encode, pattern } from "./_sources.ts";

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

  it("propagates a byte stream's error; storage a direct read held is gone", async () => {
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

  it("keeps its contents and the wrapped memory when a byte stream errors mid-stream", async () => {
    const failure = new Error("broken byte source");
    const whole = new Uint8Array(4096);
    const buffer = new ByteBuffer(whole.subarray(100), 0);
    buffer.writeString("kept:");
    const source = byteSource([encode("abc"), encode("def")], failure);
    await assert.rejects(buffer.readFrom(source.stream), failure);
    assert.equal(source.stream.locked, false);
    assert.equal(buffer.toString(), "kept:abcdef"); // read through scratch memory: nothing lost
    assert.equal(decode(whole.subarray(100, 111)), "kept:abcdef");
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

  it("cancels the source when the storage is detached during a scratch read", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => release = resolve);
    const cancelled: unknown[] = [];
    const stream = new ReadableStream({
      type: "bytes",
      async pull(controller) {
        await gate;
        const view = controller.byobRequest!.view!;
        new Uint8Array(view.buffer, view.byteOffset, 3).set(encode("abc"));
        controller.byobRequest!.respond(3);
      },
      cancel: (reason) => void cancelled.push(reason),
    });
    const memory = new Uint8Array(4096);
    const buffer = new ByteBuffer(memory, 0);
    const reading = buffer.readFrom(stream);
    try {
      await new Promise((resolve) => setTimeout(resolve, 0));
      structuredClone(memory.buffer, { transfer: [memory.buffer] }); // someone else detaches it
    } finally {
      release();
    }
    await assert.rejects(reading, { name: "TypeError", message: /detached/ });
    assert.equal(cancelled.length, 1);
    assert.equal(stream.locked, false);
  });

  it("rejects what is not a ReadableStream, and locked streams", async () => {
    const buffer = new ByteBuffer();
    // @ts-expect-error: not a stream
    await assert.rejects(buffer.readFrom(encode("x")), { name: "TypeError", message: /src must/ });
    // @ts-expect-error: not a stream
    await assert.rejects(buffer.readFrom(undefined), { name: "TypeError", message: /undefined/ });
    const { stream } = byteSource([]);
    const reader = stream.getReader();
    await assert.rejects(buffer.readFrom(stream), { name: "TypeError", message: /locked/ });
    reader.releaseLock();
  });

  it("still appends a scratch read after a writeTo made while it was pending", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => release = resolve);
    const stream = new ReadableStream({
      type: "bytes",
      async pull(controller) {
        await gate;
        const view = controller.byobRequest!.view!;
        new Uint8Array(view.buffer, view.byteOffset, 3).set(encode("new"));
        controller.byobRequest!.respond(3);
        controller.close();
      },
    });
    const buffer = new ByteBuffer(new Uint8Array(1024), 0);
    buffer.writeString("old");
    const reading = buffer.readFrom(stream);
    const taken: Uint8Array[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 0));
      // Not allowed by the contract, but it must not corrupt: writeTo gives the storage up.
      await buffer.writeTo(new WritableStream({ write: (chunk) => void taken.push(chunk) }));
    } finally {
      release();
    }
    assert.equal(await reading, 3);
    assert.equal(decode(taken[0]), "old");
    assert.equal(buffer.toString(), "new");
  });

  it("rejects its own readable instead of looping for ever", async () => {
    for (const buffer of [ByteBuffer.fromString("loop"), new ByteBuffer(encode("loop"))]) {
      await assert.rejects(buffer.readFrom(buffer.readable), {
        name: "TypeError",
        message: /src is this buffer's own readable/,
      });
      assert.equal(buffer.readable.locked, false);
      assert.equal(buffer.toString(), "loop");
    }
  });

  it("rejects detached storage before reading", async () => {
    const memory = new Uint8Array(64);
    const buffer = new ByteBuffer(memory, 0);
    structuredClone(memory.buffer, { transfer: [memory.buffer] });
    const source = byteSource([encode("x")]);
    await assert.rejects(buffer.readFrom(source.stream), {
      name: "TypeError",
      message: /detached/,
    });
    assert.equal(source.stream.locked, false);
  });

  it("writes into SharedArrayBuffer storage through BYOB reads into scratch memory", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(1024));
    const buffer = new ByteBuffer(shared, 0);
    const source = byteSource([encode("shared")]);
    assert.equal(await buffer.readFrom(source.stream), 6);
    assert.ok(source.requested.length > 0, "read with a BYOB reader");
    assert.equal(decode(shared.slice(0, 6)), "shared");
    assert.equal(buffer.toString(), "shared");
  });

  it("other methods throw while a direct BYOB read holds the storage", async () => {
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
