import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteBuffer } from "../../mod.ts";

type Call = (buffer: ByteBuffer, value: unknown) => unknown;

// deno-lint-ignore no-explicit-any
const loose = (buffer: ByteBuffer): any => buffer;

/** Every numeric argument of the API, with its name and range. */
const numeric: [string, string, Call][] = [
  [
    "new ByteBuffer(storage, length)",
    "length",
    (_, v) => new ByteBuffer(new Uint8Array(4), v as number),
  ],
  ["grow(n)", "n", (b, v) => loose(b).grow(v)],
  ["truncate(n)", "n", (b, v) => loose(b).truncate(v)],
  ["writeByte(c)", "c", (b, v) => loose(b).writeByte(v)],
  ["next(n)", "n", (b, v) => loose(b).next(v)],
  ["peek(n)", "n", (b, v) => loose(b).peek(v)],
  ["readSlice(delim)", "delim", (b, v) => loose(b).readSlice(v)],
  ["readBytes(delim)", "delim", (b, v) => loose(b).readBytes(v)],
  ["readString(delim)", "delim", (b, v) => loose(b).readString(v)],
];

describe("ByteBuffer argument checks", () => {
  for (const [label, name, call] of numeric) {
    it(`${label} rejects NaN, non-integers, negatives and wrong types, naming ${name}`, () => {
      for (const bad of [NaN, 1.5, -1, Infinity, -0.5]) {
        const buffer = ByteBuffer.fromString("abcd");
        assert.throws(() => call(buffer, bad), {
          name: "RangeError",
          message: new RegExp(`as ${name} must be an integer .*: received ${bad}$`),
        }, `${label} with ${bad}`);
        assert.equal(buffer.toString(), "abcd", "a rejected call changes nothing");
      }
      for (
        const [bad, shown] of [["1", '"1"'], [null, "null"], [1n, "1n"], [{}, "[object Object]"]]
      ) {
        const buffer = ByteBuffer.fromString("abcd");
        assert.throws(() => call(buffer, bad), {
          name: "TypeError",
          message: new RegExp(`as ${name} must be a number: received ${escape(shown as string)}$`),
        });
      }
    });
  }

  it("byte values above 255 are RangeErrors naming c and delim", () => {
    const buffer = ByteBuffer.fromString("a");
    assert.throws(() => buffer.writeByte(256), {
      name: "RangeError",
      message: /c must be an integer in \[0, 255\]: received 256/,
    });
    assert.throws(() => buffer.readSlice(300), {
      name: "RangeError",
      message: /delim must be an integer in \[0, 255\]: received 300/,
    });
  });

  for (
    const [label, name, call] of [
      [
        "new ByteBuffer(storage)",
        "storage",
        (_: ByteBuffer, v: unknown) => new ByteBuffer(v as Uint8Array),
      ],
      ["write(p)", "p", (b: ByteBuffer, v: unknown) => loose(b).write(v)],
      ["read(p)", "p", (b: ByteBuffer, v: unknown) => loose(b).read(v)],
    ] as const
  ) {
    it(`${label} rejects what is not a Uint8Array, and a detached one, naming ${name}`, () => {
      const buffer = ByteBuffer.fromString("abcd");
      for (
        const [bad, shown] of [
          [[1, 2], "[object Array]"],
          [new Uint16Array(2), "Uint16Array(4)"],
          [new ArrayBuffer(2), "[object ArrayBuffer]"],
          [new DataView(new ArrayBuffer(2)), "DataView(2)"],
          [undefined, "undefined"],
          ["ab", '"ab"'],
        ] as const
      ) {
        if (label.startsWith("new") && bad === undefined) continue; // no storage is allowed
        assert.throws(() => call(buffer, bad), {
          name: "TypeError",
          message: new RegExp(`as ${name} must be a Uint8Array: received ${escape(shown)}$`),
        });
      }
      const gone = new Uint8Array(new ArrayBuffer(8), 2, 4);
      structuredClone(gone.buffer, { transfer: [gone.buffer] });
      assert.throws(() => call(buffer, gone), {
        name: "TypeError",
        message: new RegExp(`as ${name} is detached`),
      });
      assert.equal(buffer.toString(), "abcd");
    });
  }

  it("fromString(s) and writeString(s) reject what is not a string, naming s", () => {
    const buffer = new ByteBuffer();
    for (
      const [bad, shown] of [[1, "1"], [null, "null"], [
        new Uint8Array(1),
        "Uint8Array(1)",
      ]] as const
    ) {
      // @ts-expect-error: not a string
      assert.throws(() => ByteBuffer.fromString(bad), {
        name: "TypeError",
        message: new RegExp(`as s must be a string: received ${escape(shown)}$`),
      });
      // @ts-expect-error: not a string
      assert.throws(() => buffer.writeString(bad), {
        name: "TypeError",
        message: new RegExp(`as s must be a string: received ${escape(shown)}$`),
      });
    }
    assert.equal(buffer.length, 0);
  });

  it("every method that touches detached storage throws a TypeError saying so", async () => {
    const memory = new Uint8Array(new ArrayBuffer(32), 8, 16);
    const buffer = new ByteBuffer(memory, 4);
    structuredClone(memory.buffer, { transfer: [memory.buffer] });
    const calls: [string, () => unknown][] = [
      ["bytes", () => buffer.bytes()],
      ["availableBuffer", () => buffer.availableBuffer()],
      ["toString", () => buffer.toString()],
      ["grow", () => buffer.grow(1)],
      ["write", () => buffer.write(new Uint8Array(1))],
      ["writeString", () => buffer.writeString("x")],
      ["writeByte", () => buffer.writeByte(1)],
      ["read", () => buffer.read(new Uint8Array(1))],
      ["readByte", () => buffer.readByte()],
      ["next", () => buffer.next(1)],
      ["peek", () => buffer.peek(1)],
      ["readSlice", () => buffer.readSlice(0)],
      ["readBytes", () => buffer.readBytes(0)],
      ["readString", () => buffer.readString(0)],
    ];
    for (const [label, call] of calls) {
      assert.throws(call, { name: "TypeError", message: /storage is detached/ }, label);
    }
    await assert.rejects(buffer.writeTo(new WritableStream()), {
      name: "TypeError",
      message: /storage is detached/,
    });
    await assert.rejects(buffer.readFrom(new Blob(["x"]).stream()), {
      name: "TypeError",
      message: /storage is detached/,
    });
    const reader = buffer.readable.getReader();
    await assert.rejects(reader.read(), { name: "TypeError", message: /storage is detached/ });
    assert.equal(buffer.length, 4, "nothing was consumed");
    buffer.reset(); // keeps the detached storage: still unusable
    assert.throws(() => buffer.writeByte(1), { name: "TypeError", message: /storage is detached/ });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
