import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../../mod.ts";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const bytesOf = (...values: number[]): Uint8Array => new Uint8Array(values);

describe("ByteBuffer construction", () => {
  it("starts empty without storage", () => {
    const buffer = new ByteBuffer();
    assert.equal(buffer.length, 0);
    assert.equal(buffer.capacity, 0);
    assert.equal(buffer.available, 0);
    assert.deepEqual(buffer.bytes(), new Uint8Array(0));
    assert.equal(buffer.toString(), "");
  });

  it("wraps storage without copying: all of it is contents by default", () => {
    const memory = bytesOf(1, 2, 3);
    const buffer = new ByteBuffer(memory);
    assert.equal(buffer.length, 3);
    assert.equal(buffer.capacity, 3);
    assert.equal(buffer.available, 0);
    memory[0] = 9; // the caller's writes show through
    assert.deepEqual(buffer.bytes(), bytesOf(9, 2, 3));
    assert.equal(buffer.bytes().buffer, memory.buffer);
  });

  it("treats the bytes past length as free capacity and writes there in caller memory", () => {
    const memory = new Uint8Array(8);
    const buffer = new ByteBuffer(memory, 2);
    assert.equal(buffer.length, 2);
    assert.equal(buffer.available, 6);
    buffer.write(bytesOf(5, 6, 7));
    buffer.writeByte(8);
    buffer.writeString("hi");
    assert.deepEqual(memory, bytesOf(0, 0, 5, 6, 7, 8, 0x68, 0x69));
    assert.equal(buffer.capacity, 8);
  });

  it("writes only inside the window of a subarray at a non-zero offset", () => {
    const whole = new Uint8Array(16).fill(0xee);
    const window = whole.subarray(4, 10);
    const buffer = new ByteBuffer(window, 0);
    buffer.write(bytesOf(1, 2, 3, 4, 5, 6));
    assert.deepEqual(whole.subarray(4, 10), bytesOf(1, 2, 3, 4, 5, 6));
    assert.equal(buffer.bytes().byteOffset, 4);
    assert.equal(buffer.availableBuffer().byteOffset, 10);
    assert.equal(buffer.availableBuffer().length, 0);
    buffer.write(bytesOf(7)); // must grow: never spill into whole[10]
    assert.deepEqual(whole.subarray(0, 4), new Uint8Array(4).fill(0xee));
    assert.deepEqual(whole.subarray(10), new Uint8Array(6).fill(0xee));
    assert.deepEqual(buffer.bytes(), bytesOf(1, 2, 3, 4, 5, 6, 7));
    assert.notEqual(buffer.bytes().buffer, whole.buffer);
  });

  it("stops writing to the caller's array once it has grown", () => {
    const memory = new Uint8Array(2);
    const buffer = new ByteBuffer(memory, 0);
    buffer.write(bytesOf(1, 2));
    buffer.write(bytesOf(3));
    buffer.bytes()[0] = 42;
    assert.deepEqual(memory, bytesOf(1, 2));
    assert.deepEqual(buffer.bytes(), bytesOf(42, 2, 3));
  });

  it("fromString holds the UTF-8 encoding", () => {
    const buffer = ByteBuffer.fromString("héllo €");
    assert.deepEqual(buffer.bytes(), encode("héllo €"));
    assert.equal(buffer.toString(), "héllo €");
    assert.equal(ByteBuffer.fromString("").length, 0);
  });

  it("rejects bad arguments, naming them", () => {
    // @ts-expect-error: not a Uint8Array
    assert.throws(() => new ByteBuffer([1, 2]), { name: "TypeError", message: /storage/ });
    assert.throws(() => new ByteBuffer(new Uint8Array(2), 3), {
      name: "RangeError",
      message: /length must be an integer in \[0, 2\]: received 3/,
    });
    assert.throws(() => new ByteBuffer(new Uint8Array(2), -1), { name: "RangeError" });
    assert.throws(() => new ByteBuffer(new Uint8Array(2), 1.5), { name: "RangeError" });
    assert.throws(() => new ByteBuffer(new Uint8Array(2), NaN), { name: "RangeError" });
    // @ts-expect-error: not a number
    assert.throws(() => new ByteBuffer(new Uint8Array(2), "1"), { name: "TypeError" });
    // @ts-expect-error: not a string
    assert.throws(() => ByteBuffer.fromString(12), { name: "TypeError", message: /s must/ });
  });

  it("rejects detached storage, then and later", () => {
    const gone = new Uint8Array(4);
    structuredClone(gone.buffer, { transfer: [gone.buffer] });
    assert.throws(() => new ByteBuffer(gone), { name: "TypeError", message: /detached/ });

    const memory = new Uint8Array(4);
    const buffer = new ByteBuffer(memory, 2);
    structuredClone(memory.buffer, { transfer: [memory.buffer] });
    assert.throws(() => buffer.bytes(), { name: "TypeError", message: /detached/ });
    assert.throws(() => buffer.write(bytesOf(1)), { name: "TypeError", message: /detached/ });
    assert.throws(() => buffer.readByte(), { name: "TypeError", message: /detached/ });
    assert.throws(() => buffer.grow(100), { name: "TypeError", message: /detached/ });
  });
});

describe("ByteBuffer views", () => {
  it("bytes() aliases the storage: changes show in later reads", () => {
    const buffer = ByteBuffer.fromString("abc");
    const view = buffer.bytes();
    view[1] = 0x42;
    assert.equal(buffer.readString(0), "aBc");
  });

  it("next(n) returns a view that aliases the storage and consumes it", () => {
    const memory = encode("0123456789");
    const buffer = new ByteBuffer(memory);
    const first = buffer.next(4);
    assert.equal(first.buffer, memory.buffer);
    assert.equal(first.byteOffset, 0);
    const second = buffer.next(3);
    assert.equal(second.byteOffset, 4);
    assert.equal(new TextDecoder().decode(second), "456");
    assert.equal(buffer.next(100).length, 3);
    assert.equal(buffer.next(5).length, 0);
    assert.equal(buffer.next(0).length, 0);
  });

  it("peek(n) returns min(n, length) bytes without consuming them", () => {
    const buffer = ByteBuffer.fromString("abcdef");
    buffer.next(2);
    const view = buffer.peek(3);
    assert.equal(new TextDecoder().decode(view), "cde");
    assert.equal(view.byteOffset, 2);
    assert.equal(buffer.peek(100).length, 4);
    assert.equal(buffer.peek(0).length, 0);
    assert.equal(buffer.length, 4);
    assert.equal(new ByteBuffer().peek(3).length, 0);
  });

  it("a view sees later writes into the same storage until the buffer grows", () => {
    const buffer = new ByteBuffer(new Uint8Array(8), 0);
    buffer.write(bytesOf(1, 2));
    const view = buffer.bytes();
    buffer.reset();
    buffer.write(bytesOf(7, 7));
    assert.deepEqual(view, bytesOf(7, 7)); // reused storage: the view is stale by contract
    buffer.write(new Uint8Array(100)); // grows into new storage
    view[0] = 1;
    assert.equal(buffer.bytes()[0], 7); // the old view points at the old storage
    assert.equal(view.length, 2); // and is not detached
  });

  it("availableBuffer() filled then written appends without copying", () => {
    const memory = new Uint8Array(10);
    const buffer = new ByteBuffer(memory.subarray(2), 1);
    const free = buffer.availableBuffer();
    assert.equal(free.byteOffset, 3);
    assert.equal(free.length, 7);
    free.set(bytesOf(4, 5, 6));
    const filled = free.subarray(0, 3);
    assert.equal(buffer.write(filled), 3);
    assert.equal(buffer.length, 4);
    assert.deepEqual(memory.subarray(3, 6), bytesOf(4, 5, 6));
    assert.equal(buffer.capacity, 8);
    // Writing it again is a real append (not at the write end any more).
    buffer.write(filled);
    assert.deepEqual(buffer.bytes().subarray(1), bytesOf(4, 5, 6, 4, 5, 6));
  });

  it("write() of a view of its own contents survives growth and sliding", () => {
    const buffer = new ByteBuffer(new Uint8Array(64), 0);
    buffer.write(encode("x".repeat(40) + "abcdefgh"));
    buffer.next(40);
    buffer.write(buffer.bytes()); // grows or slides under the source
    assert.equal(buffer.toString(), "abcdefghabcdefgh");
    const small = ByteBuffer.fromString("0123456789");
    small.write(small.bytes());
    assert.equal(small.toString(), "01234567890123456789");
  });
});

describe("ByteBuffer grow, truncate, reset", () => {
  it("grow(n) guarantees n free bytes without changing the contents", () => {
    for (const n of [0, 1, 63, 64, 65, 1000, 4096]) {
      const buffer = ByteBuffer.fromString("abc");
      buffer.grow(n);
      assert.ok(buffer.available >= n, `grow(${n})`);
      assert.equal(buffer.toString(), "abc");
      const capacity = buffer.capacity;
      buffer.write(new Uint8Array(n));
      assert.equal(buffer.capacity, capacity, `no allocation after grow(${n})`);
    }
  });

  it("grow() validates n and names an impossible size", () => {
    const buffer = new ByteBuffer();
    assert.throws(() => buffer.grow(-1), { name: "RangeError", message: /n must be/ });
    assert.throws(() => buffer.grow(0.5), { name: "RangeError" });
    assert.throws(() => buffer.grow(NaN), { name: "RangeError" });
    // @ts-expect-error: not a number
    assert.throws(() => buffer.grow(null), { name: "TypeError" });
    assert.throws(() => buffer.grow(2 ** 50), { name: "RangeError", message: /1125899906842624/ });
    assert.throws(
      () => buffer.grow(Number.MAX_SAFE_INTEGER),
      { name: "RangeError", message: /9007199254740991 bytes/ },
    );
    assert.equal(buffer.capacity, 0);
  });

  it("first growth of an empty buffer allocates 64 bytes (Go's smallBufferSize)", () => {
    const buffer = new ByteBuffer();
    buffer.writeByte(1);
    assert.equal(buffer.capacity, 64);
  });

  it("slides unread bytes down instead of allocating when they fill at most half", () => {
    const memory = new Uint8Array(64);
    const buffer = new ByteBuffer(memory, 0);
    buffer.write(new Uint8Array(60).fill(1));
    buffer.write(bytesOf(2, 3, 4));
    buffer.next(60);
    buffer.write(new Uint8Array(20).fill(5)); // 3 + 20 <= 32: slide
    assert.equal(buffer.capacity, 64);
    assert.equal(buffer.bytes().buffer, memory.buffer);
    assert.equal(buffer.bytes().byteOffset, 0);
    assert.deepEqual(buffer.bytes().subarray(0, 3), bytesOf(2, 3, 4));
  });

  it("allocates twice the capacity when sliding is not enough", () => {
    const buffer = new ByteBuffer(new Uint8Array(64), 0);
    buffer.write(new Uint8Array(40));
    buffer.write(new Uint8Array(40));
    assert.equal(buffer.capacity, 128);
    buffer.write(new Uint8Array(1000));
    assert.equal(buffer.capacity, 1080); // Go: len + n when that beats twice the capacity
  });

  it("keeps contents across growth of many sizes", () => {
    const buffer = new ByteBuffer();
    const expected: number[] = [];
    let reallocations = 0;
    for (let size = 1; size < 5000; size += 37) {
      const chunk = new Uint8Array(size).map((_, i) => (i * 7 + size) & 0xff);
      const capacity = buffer.capacity;
      buffer.write(chunk);
      if (buffer.capacity !== capacity) reallocations++;
      expected.push(...chunk);
      if (size % 3 === 0) {
        const taken = buffer.next(size >> 1);
        assert.deepEqual(taken, Uint8Array.from(expected.splice(0, taken.length)));
      }
    }
    assert.deepEqual(buffer.bytes(), Uint8Array.from(expected));
    assert.ok(reallocations < 20, `amortised growth: ${reallocations} reallocations`);
  });

  it("truncate(n) keeps the first n unread bytes", () => {
    const buffer = ByteBuffer.fromString("abcdef");
    buffer.next(1);
    buffer.truncate(3);
    assert.equal(buffer.toString(), "bcd");
    buffer.truncate(3);
    assert.equal(buffer.toString(), "bcd");
    buffer.truncate(0);
    assert.equal(buffer.length, 0);
    buffer.writeString("z");
    assert.equal(buffer.bytes().byteOffset, 0); // truncate(0) recovered the space
  });

  it("truncate() validates n against the length", () => {
    const buffer = ByteBuffer.fromString("abc");
    assert.throws(() => buffer.truncate(4), {
      name: "RangeError",
      message: /n must be an integer in \[0, 3\]: received 4/,
    });
    assert.throws(() => buffer.truncate(-1), { name: "RangeError" });
    assert.throws(() => buffer.truncate(NaN), { name: "RangeError" });
    // @ts-expect-error: not a number
    assert.throws(() => buffer.truncate("1"), { name: "TypeError" });
    assert.equal(buffer.toString(), "abc");
  });

  it("reset() empties but keeps the storage, even caller memory", () => {
    const memory = new Uint8Array(8);
    const buffer = new ByteBuffer(memory, 4);
    buffer.next(2);
    buffer.reset();
    assert.equal(buffer.length, 0);
    assert.equal(buffer.capacity, 8);
    assert.equal(buffer.available, 8);
    buffer.writeByte(9);
    assert.equal(memory[0], 9);
  });

  it("a read on an empty buffer recovers the consumed space", () => {
    const memory = new Uint8Array(4);
    const buffer = new ByteBuffer(memory, 4);
    buffer.next(4);
    assert.equal(buffer.available, 0);
    assert.equal(buffer.read(new Uint8Array(1)), null);
    assert.equal(buffer.available, 4);
  });
});
