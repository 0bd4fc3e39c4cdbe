import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../../mod.ts";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const bytesOf = (...values: number[]): Uint8Array => new Uint8Array(values);

describe("ByteBuffer writes", () => {
  it("write() returns the length and handles empty input", () => {
    const buffer = new ByteBuffer();
    assert.equal(buffer.write(new Uint8Array(0)), 0);
    assert.equal(buffer.write(bytesOf(1, 2, 3)), 3);
    assert.deepEqual(buffer.bytes(), bytesOf(1, 2, 3));
  });

  it("write() copies from a view at a non-zero offset", () => {
    const source = bytesOf(0, 0, 0, 9, 8, 7, 0);
    const buffer = new ByteBuffer();
    buffer.write(source.subarray(3, 6));
    assert.deepEqual(buffer.bytes(), bytesOf(9, 8, 7));
    source[3] = 1;
    assert.equal(buffer.bytes()[0], 9); // a copy
  });

  it("writeString() writes UTF-8, including 3-byte and 4-byte characters, growing as needed", () => {
    for (const text of ["", "ascii", "é", "€€€€€€€€€€", "😀😀😀", "a€😀b".repeat(300)]) {
      for (const capacity of [0, 1, 3, 5, 64]) {
        const buffer = new ByteBuffer(new Uint8Array(capacity), 0);
        const written = buffer.writeString(text);
        assert.equal(written, encode(text).length, `${text.slice(0, 8)} into ${capacity}`);
        assert.deepEqual(buffer.bytes(), encode(text));
      }
    }
  });

  it("writeString() turns lone surrogates into U+FFFD", () => {
    const buffer = new ByteBuffer(new Uint8Array(1), 0);
    assert.equal(buffer.writeString("a\uD800b\uDC00"), 8);
    assert.equal(buffer.toString(), "a\uFFFDb\uFFFD");
  });

  it("writes and decodes strings in SharedArrayBuffer storage", () => {
    const shared = new Uint8Array(new SharedArrayBuffer(16));
    const buffer = new ByteBuffer(shared, 0);
    buffer.writeString("héllo");
    assert.deepEqual(shared.slice(0, 6), encode("héllo"));
    assert.equal(buffer.toString(), "héllo");
    assert.equal(buffer.readString(0x6c), "hél");
  });

  it("writeString() fills free space exactly when the encoding fits", () => {
    const memory = new Uint8Array(6);
    const buffer = new ByteBuffer(memory, 0);
    buffer.writeString("€€"); // 6 bytes from 2 UTF-16 units
    assert.equal(buffer.capacity, 6);
    assert.deepEqual(memory, encode("€€"));
  });

  it("writeByte() appends and validates", () => {
    const buffer = new ByteBuffer();
    buffer.writeByte(0);
    buffer.writeByte(255);
    assert.deepEqual(buffer.bytes(), bytesOf(0, 255));
    assert.throws(() => buffer.writeByte(256), { name: "RangeError", message: /c must be/ });
    assert.throws(() => buffer.writeByte(-1), { name: "RangeError" });
    assert.throws(() => buffer.writeByte(1.5), { name: "RangeError" });
    assert.throws(() => buffer.writeByte(NaN), { name: "RangeError" });
    // @ts-expect-error: not a number
    assert.throws(() => buffer.writeByte("a"), { name: "TypeError" });
  });

  it("write() and writeString() reject wrong types", () => {
    const buffer = new ByteBuffer();
    // @ts-expect-error: not a Uint8Array
    assert.throws(() => buffer.write("abc"), { name: "TypeError", message: /p must be/ });
    // @ts-expect-error: not a Uint8Array
    assert.throws(() => buffer.write(new Uint16Array(2)), { name: "TypeError" });
    // @ts-expect-error: not a string
    assert.throws(() => buffer.writeString(bytesOf(1)), { name: "TypeError", message: /s must/ });
  });
});

describe("ByteBuffer reads", () => {
  it("read() copies into a view at its offset, then returns null at the end", () => {
    const buffer = ByteBuffer.fromString("abcde");
    const target = new Uint8Array(8);
    assert.equal(buffer.read(target.subarray(5, 8)), 3);
    assert.deepEqual(target, bytesOf(0, 0, 0, 0, 0, 0x61, 0x62, 0x63));
    assert.equal(buffer.read(new Uint8Array(10)), 2);
    assert.equal(buffer.read(new Uint8Array(0)), 0);
    assert.equal(buffer.read(new Uint8Array(1)), null);
  });

  it("read() of zero bytes returns 0 whether or not the buffer is empty", () => {
    assert.equal(ByteBuffer.fromString("a").read(new Uint8Array(0)), 0);
    assert.equal(new ByteBuffer().read(new Uint8Array(0)), 0);
    assert.equal(new ByteBuffer().read(new Uint8Array(4)), null);
  });

  it("read() rejects a non-Uint8Array and a detached target", () => {
    const buffer = ByteBuffer.fromString("a");
    // @ts-expect-error: not a Uint8Array
    assert.throws(() => buffer.read(null), { name: "TypeError", message: /p must be/ });
    const target = new Uint8Array(4);
    structuredClone(target.buffer, { transfer: [target.buffer] });
    assert.throws(() => buffer.read(target), { name: "TypeError", message: /detached/ });
  });

  it("readByte() returns bytes then null", () => {
    const buffer = new ByteBuffer(bytesOf(1, 2));
    assert.equal(buffer.readByte(), 1);
    assert.equal(buffer.readByte(), 2);
    assert.equal(buffer.readByte(), null);
    assert.equal(new ByteBuffer().readByte(), null);
  });

  it("readSlice() returns a view up to and including delim, or the rest", () => {
    const memory = encode("ab,cd,ef");
    const buffer = new ByteBuffer(memory);
    const first = buffer.readSlice(0x2c);
    assert.equal(first?.buffer, memory.buffer);
    assert.equal(new TextDecoder().decode(first!), "ab,");
    assert.equal(buffer.readSlice(0x2c)?.byteOffset, 3);
    assert.equal(new TextDecoder().decode(buffer.readSlice(0x2c)!), "ef");
    assert.equal(buffer.readSlice(0x2c), null);
  });

  it("readSlice() does not look past the written end", () => {
    const memory = encode("abc,");
    const buffer = new ByteBuffer(memory, 3); // the comma is free capacity, not contents
    assert.equal(new TextDecoder().decode(buffer.readSlice(0x2c)!), "abc");
  });

  it("readBytes() returns a copy; readString() decodes", () => {
    const memory = encode("k=v;x");
    const buffer = new ByteBuffer(memory);
    const key = buffer.readBytes(0x3d)!;
    assert.notEqual(key.buffer, memory.buffer);
    assert.deepEqual(key, encode("k="));
    assert.equal(buffer.readString(0x3b), "v;");
    assert.equal(buffer.readString(0x3b), "x");
    assert.equal(buffer.readString(0x3b), null);
    assert.equal(buffer.readBytes(0x3b), null);
  });

  it("readSlice() family validates delim", () => {
    const buffer = ByteBuffer.fromString("a");
    assert.throws(() => buffer.readSlice(256), { name: "RangeError", message: /delim/ });
    assert.throws(() => buffer.readBytes(-1), { name: "RangeError", message: /delim/ });
    // @ts-expect-error: not a number
    assert.throws(() => buffer.readString(","), { name: "TypeError", message: /delim/ });
    assert.equal(buffer.length, 1);
  });

  it("next() and peek() validate n", () => {
    const buffer = ByteBuffer.fromString("abc");
    for (const bad of [-1, 1.5, NaN, Infinity]) {
      assert.throws(() => buffer.next(bad), { name: "RangeError", message: /n must be/ });
      assert.throws(() => buffer.peek(bad), { name: "RangeError", message: /n must be/ });
    }
    // @ts-expect-error: not a number
    assert.throws(() => buffer.next("1"), { name: "TypeError" });
    assert.equal(buffer.length, 3);
  });
});

describe("ByteBuffer unreadByte", () => {
  it("puts back the last byte after each kind of read", () => {
    const reads: Array<[string, (b: ByteBuffer) => unknown, string]> = [
      ["read", (b) => b.read(new Uint8Array(2)), "bcd"],
      ["readByte", (b) => b.readByte(), "abcd"],
      ["next", (b) => b.next(2), "bcd"],
      ["readSlice", (b) => b.readSlice(0x62), "bcd"],
      ["readBytes", (b) => b.readBytes(0x62), "bcd"],
      ["readString", (b) => b.readString(0x62), "bcd"],
    ];
    for (const [name, read, rest] of reads) {
      const buffer = ByteBuffer.fromString("abcd");
      read(buffer);
      buffer.unreadByte();
      assert.equal(buffer.toString(), rest, name);
    }
  });

  it("throws when the last operation was not a successful read", () => {
    const notReads: Array<[string, (b: ByteBuffer) => unknown]> = [
      ["write", (b) => b.write(bytesOf(1))],
      ["writeByte", (b) => b.writeByte(1)],
      ["writeString", (b) => b.writeString("x")],
      ["grow", (b) => b.grow(1)],
      ["truncate", (b) => b.truncate(1)],
      ["reset", (b) => b.reset()],
      ["read of 0 bytes", (b) => b.read(new Uint8Array(0))],
      ["next(0)", (b) => b.next(0)],
    ];
    assert.throws(() => ByteBuffer.fromString("ab").unreadByte(), { message: /not a read/ });
    for (const [name, operation] of notReads) {
      const buffer = ByteBuffer.fromString("ab");
      buffer.readByte();
      operation(buffer);
      assert.throws(() => buffer.unreadByte(), { message: /not a read/ }, name);
    }
  });

  it("throws after an unread, and after a read at the end", () => {
    const buffer = ByteBuffer.fromString("a");
    buffer.readByte();
    buffer.unreadByte();
    assert.throws(() => buffer.unreadByte());
    buffer.readByte();
    assert.equal(buffer.readByte(), null);
    assert.throws(() => buffer.unreadByte());
    assert.equal(buffer.readSlice(0), null);
    assert.throws(() => buffer.unreadByte());
  });

  it("works after the read that empties the buffer", () => {
    const buffer = ByteBuffer.fromString("ab");
    buffer.next(2);
    buffer.unreadByte();
    assert.equal(buffer.toString(), "b");
  });
});
