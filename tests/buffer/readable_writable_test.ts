import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../../mod.ts";
import { byteSource, concat, decode, encode, pattern } from "./_sources.ts";

describe("ByteBuffer.readable", () => {
  it("is a byte stream, the same one each time", () => {
    const buffer = new ByteBuffer();
    assert.equal(buffer.readable, buffer.readable);
    const reader = buffer.readable.getReader({ mode: "byob" }); // throws unless a byte stream
    assert.ok(reader instanceof ReadableStreamBYOBReader);
    reader.releaseLock();
    assert.equal(buffer.readable.locked, false);
  });

  it("copies into BYOB views at odd offsets, touching nothing outside them", async () => {
    const buffer = new ByteBuffer(pattern(100));
    const reader = buffer.readable.getReader({ mode: "byob" });
    let memory = new Uint8Array(64).fill(0xee);
    let { value } = await reader.read(memory.subarray(3, 10));
    assert.equal(value?.byteOffset, 3);
    assert.deepEqual(value, pattern(100).subarray(0, 7));
    memory = new Uint8Array(value!.buffer);
    assert.deepEqual(memory.subarray(0, 3), new Uint8Array(3).fill(0xee));
    assert.deepEqual(memory.subarray(10), new Uint8Array(54).fill(0xee));
    ({ value } = await reader.read(memory.subarray(33, 64)));
    assert.equal(value?.byteOffset, 33);
    assert.deepEqual(value, pattern(100).subarray(7, 38));
    assert.equal(buffer.length, 62);
    reader.releaseLock();
  });

  it("honours min, and returns a short final read when the buffer runs dry", async () => {
    const buffer = ByteBuffer.fromString("abcdefghij");
    const reader = buffer.readable.getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(12).subarray(1, 7), { min: 6 });
    assert.equal(decode(first.value), "abcdef");
    const last = await reader.read(new Uint8Array(9).subarray(1), { min: 8 });
    assert.equal(decode(last.value), "ghij");
    assert.equal(last.value?.byteOffset, 1);
    const end = await reader.read(new Uint8Array(4));
    assert.equal(end.done, true);
  });

  it("gives default readers fresh copies and never detaches the storage", async () => {
    const memory = encode("copy me");
    const buffer = new ByteBuffer(memory);
    const reader = buffer.readable.getReader();
    const { value } = await reader.read();
    assert.equal(decode(value), "copy me");
    assert.notEqual(value?.buffer, memory.buffer);
    assert.equal(memory.byteLength, 7); // still attached
    assert.equal((await reader.read()).done, true);
  });

  it("drains what is there when read, and closes when it finds the buffer empty", async () => {
    const buffer = ByteBuffer.fromString("a");
    const reader = buffer.readable.getReader();
    assert.equal(decode((await reader.read()).value), "a");
    buffer.writeString("b"); // written before the next read: still delivered
    assert.equal(decode((await reader.read()).value), "b");
    assert.equal((await reader.read()).done, true);
    buffer.writeString("late"); // after the close: stays in the buffer
    assert.equal(buffer.toString(), "late");
  });

  it("closes at once on an empty buffer", async () => {
    const reader = new ByteBuffer().readable.getReader({ mode: "byob" });
    const { done, value } = await reader.read(new Uint8Array(4).subarray(2));
    assert.equal(done, true);
    assert.equal(value?.byteOffset, 2);
    assert.equal(value?.length, 0);
  });

  it("breaking out of for-await cancels it, leaving the unread bytes", async () => {
    const buffer = ByteBuffer.fromString("abc");
    const readable = buffer.readable;
    const reader = readable.getReader({ mode: "byob" });
    assert.equal(decode((await reader.read(new Uint8Array(1))).value), "a");
    reader.releaseLock();
    for await (const chunk of readable) {
      assert.equal(decode(chunk), "bc");
      break;
    }
    const after = readable.getReader();
    assert.equal((await after.read()).done, true);
    buffer.writeString("d");
    assert.equal(buffer.toString(), "d");
  });

  it("cancel() leaves the buffer's bytes in place", async () => {
    const buffer = ByteBuffer.fromString("untouched");
    await buffer.readable.cancel("stop");
    assert.equal(buffer.toString(), "untouched");
  });

  it("pipes into another buffer's writable", async () => {
    const source = new ByteBuffer(pattern(3000));
    const target = new ByteBuffer();
    await source.readable.pipeTo(target.writable);
    assert.deepEqual(target.bytes(), pattern(3000));
    assert.equal(source.length, 0);
  });
});

describe("ByteBuffer.writable", () => {
  it("appends each chunk, copying it so the writer can reuse it", async () => {
    const buffer = new ByteBuffer();
    const writer = buffer.writable.getWriter();
    const chunk = pattern(32);
    await writer.write(chunk.subarray(4, 8));
    chunk.fill(0);
    await writer.write(encode("!"));
    await writer.close();
    assert.deepEqual(buffer.bytes(), concat([pattern(32).subarray(4, 8), encode("!")]));
    assert.equal(buffer.writable, buffer.writable);
  });

  it("takes a piped stream, byte or default", async () => {
    const buffer = new ByteBuffer();
    await byteSource([pattern(700), pattern(10, 1)]).stream.pipeTo(buffer.writable);
    assert.deepEqual(buffer.bytes(), concat([pattern(700), pattern(10, 1)]));
  });

  it("errors on a chunk that is not a Uint8Array", async () => {
    const writer = new ByteBuffer().writable.getWriter();
    // @ts-expect-error: not a Uint8Array
    await assert.rejects(writer.write("text"), { name: "TypeError", message: /chunk must be/ });
  });
});
