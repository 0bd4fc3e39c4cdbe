// ByteBuffer against a plain-array model of Go's bytes.Buffer, over random operation sequences.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteBuffer } from "../../mod.ts";

/** The reference: everything ever kept, and the read offset (so unreadByte can step back). */
class Model {
  data: number[];
  off = 0;
  lastRead = false;
  constructor(initial: number[]) {
    this.data = [...initial];
  }
  get length(): number {
    return this.data.length - this.off;
  }
  unread(): number[] {
    return this.data.slice(this.off);
  }
  append(bytes: ArrayLike<number>): void {
    this.data.push(...Array.from(bytes));
    this.lastRead = false;
  }
  take(n: number): number[] {
    const taken = this.data.slice(this.off, this.off + Math.min(n, this.length));
    this.off += taken.length;
    this.lastRead = taken.length > 0;
    return taken;
  }
  reset(): void {
    this.data = [];
    this.off = 0;
    this.lastRead = false;
  }
}

type Operation =
  | { kind: "write"; bytes: number[]; pad: number }
  | { kind: "writeString"; text: string }
  | { kind: "writeByte"; byte: number }
  | { kind: "fill"; bytes: number[] }
  | { kind: "read"; size: number; pad: number }
  | { kind: "readByte" }
  | { kind: "next"; n: number }
  | { kind: "peek"; n: number }
  | { kind: "readSlice"; delim: number; as: "slice" | "bytes" | "string" }
  | { kind: "unreadByte" }
  | { kind: "grow"; n: number }
  | { kind: "truncate"; fraction: number }
  | { kind: "reset" };

const byte = fc.integer({ min: 0, max: 255 });
const smallByte = fc.integer({ min: 0, max: 3 }); // frequent delimiters
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant("write" as const),
    bytes: fc.array(fc.oneof(byte, smallByte), { maxLength: 200 }),
    pad: fc.nat(5),
  }),
  fc.record({ kind: fc.constant("writeString" as const), text: fc.string({ unit: "binary" }) }),
  fc.record({ kind: fc.constant("writeByte" as const), byte }),
  fc.record({ kind: fc.constant("fill" as const), bytes: fc.array(byte, { maxLength: 80 }) }),
  fc.record({ kind: fc.constant("read" as const), size: fc.nat(120), pad: fc.nat(5) }),
  fc.record({ kind: fc.constant("readByte" as const) }),
  fc.record({ kind: fc.constant("next" as const), n: fc.nat(150) }),
  fc.record({ kind: fc.constant("peek" as const), n: fc.nat(150) }),
  fc.record({
    kind: fc.constant("readSlice" as const),
    delim: smallByte,
    as: fc.constantFrom("slice" as const, "bytes" as const, "string" as const),
  }),
  fc.record({ kind: fc.constant("unreadByte" as const) }),
  fc.record({ kind: fc.constant("grow" as const), n: fc.nat(300) }),
  fc.record({
    kind: fc.constant("truncate" as const),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("reset" as const) }),
);

function apply(buffer: ByteBuffer, model: Model, op: Operation): void {
  switch (op.kind) {
    case "write": {
      const backing = new Uint8Array(op.bytes.length + 2 * op.pad);
      backing.set(op.bytes, op.pad); // a view at a non-zero offset
      assert.equal(
        buffer.write(backing.subarray(op.pad, op.pad + op.bytes.length)),
        op.bytes.length,
      );
      return model.append(op.bytes);
    }
    case "writeString": {
      const encoded = new TextEncoder().encode(op.text);
      assert.equal(buffer.writeString(op.text), encoded.length);
      return model.append(encoded);
    }
    case "writeByte":
      buffer.writeByte(op.byte);
      return model.append([op.byte]);
    case "fill": {
      buffer.grow(op.bytes.length);
      const free = buffer.availableBuffer();
      free.set(op.bytes);
      assert.equal(buffer.write(free.subarray(0, op.bytes.length)), op.bytes.length);
      return model.append(op.bytes);
    }
    case "read": {
      const target = new Uint8Array(op.size + op.pad);
      const n = buffer.read(target.subarray(op.pad));
      if (model.length === 0) {
        model.reset();
        return assert.equal(n, op.size === 0 ? 0 : null);
      }
      const expected = model.take(op.size);
      assert.equal(n, expected.length);
      return assert.deepEqual([...target.subarray(op.pad, op.pad + expected.length)], expected);
    }
    case "readByte": {
      if (model.length === 0) {
        model.reset();
        return assert.equal(buffer.readByte(), null);
      }
      return assert.equal(buffer.readByte(), model.take(1)[0]);
    }
    case "next":
      return assert.deepEqual([...buffer.next(op.n)], model.take(op.n));
    case "peek":
      return assert.deepEqual([...buffer.peek(op.n)], model.unread().slice(0, op.n));
    case "readSlice": {
      const read = op.as === "slice"
        ? buffer.readSlice(op.delim)
        : op.as === "bytes"
        ? buffer.readBytes(op.delim)
        : buffer.readString(op.delim);
      if (model.length === 0) {
        model.lastRead = false;
        return assert.equal(read, null);
      }
      const at = model.unread().indexOf(op.delim);
      const expected = model.take(at < 0 ? model.length : at + 1);
      const actual = typeof read === "string" ? read : [...read!];
      return assert.deepEqual(
        actual,
        typeof read === "string" ? new TextDecoder().decode(new Uint8Array(expected)) : expected,
      );
    }
    case "unreadByte": {
      if (!model.lastRead) return assert.throws(() => buffer.unreadByte());
      buffer.unreadByte();
      model.off--;
      model.lastRead = false;
      return;
    }
    case "grow": {
      buffer.grow(op.n);
      model.lastRead = false;
      return assert.ok(buffer.available >= op.n);
    }
    case "truncate": {
      const n = Math.floor(op.fraction * model.length);
      buffer.truncate(n);
      if (n === 0) return model.reset();
      model.data.length = model.off + n;
      model.lastRead = false;
      return;
    }
    case "reset":
      buffer.reset();
      return model.reset();
  }
}

describe("ByteBuffer against a reference model", () => {
  it("matches the model for random operation sequences", () => {
    const start = fc.record({
      initial: fc.array(byte, { maxLength: 40 }),
      extra: fc.nat(100),
      offset: fc.nat(7),
      wrap: fc.boolean(),
    });
    fc.assert(
      fc.property(start, fc.array(operation, { maxLength: 60 }), (setup, ops) => {
        const { initial, extra, offset } = setup;
        const backing = new Uint8Array(offset + initial.length + extra + offset);
        const storage = backing.subarray(offset, offset + initial.length + extra);
        storage.set(initial);
        const buffer = setup.wrap ? new ByteBuffer(storage, initial.length) : new ByteBuffer();
        const model = new Model(setup.wrap ? initial : []);
        for (const op of ops) {
          apply(buffer, model, op);
          assert.deepEqual([...buffer.bytes()], model.unread(), op.kind);
          assert.equal(buffer.length, model.length);
          assert.ok(buffer.length + buffer.available <= buffer.capacity);
        }
        // Whatever happened, the bytes around the caller's window were never written.
        assert.ok(backing.subarray(0, offset).every((b) => b === 0));
        assert.ok(backing.subarray(offset + initial.length + extra).every((b) => b === 0));
      }),
      { numRuns: 300 },
    );
  });
});

/** A byte stream that serves `data` cut at `cuts`, filling BYOB views or enqueueing copies. */
function chunkedByteStream(data: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let turn = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      const request = controller.byobRequest;
      if (at >= data.length) {
        controller.close();
        request?.respond(0);
        return;
      }
      const size = Math.max(1, sizes[turn++ % sizes.length] ?? 1);
      if (request?.view) {
        const view = new Uint8Array(
          request.view.buffer,
          request.view.byteOffset,
          request.view.byteLength,
        );
        const n = Math.min(size, view.length, data.length - at);
        view.set(data.subarray(at, at + n));
        at += n;
        request.respond(n);
      } else {
        controller.enqueue(data.slice(at, at + size));
        at += size;
      }
    },
  });
}

describe("ByteBuffer streams re-chunk bytes faithfully", () => {
  const data = fc.uint8Array({ maxLength: 4000 });
  const sizes = fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 8 });

  it("readFrom joins any chunking of a byte or default stream", async () => {
    await fc.assert(
      fc.asyncProperty(data, sizes, fc.nat(600), fc.boolean(), async (bytes, cuts, room, byob) => {
        const buffer = new ByteBuffer(new Uint8Array(room + 3).subarray(3), 0);
        const stream = byob
          ? chunkedByteStream(bytes, cuts)
          : ReadableStream.from(cuts.length ? split(bytes, cuts) : []);
        assert.equal(await buffer.readFrom(stream), bytes.length);
        assert.deepEqual(buffer.bytes(), bytes);
      }),
      { numRuns: 100 },
    );
  });

  it("readable hands out every byte once, into BYOB views at any offset and min", async () => {
    const read = fc.record({ offset: fc.nat(9), size: fc.integer({ min: 1, max: 700 }) });
    await fc.assert(
      fc.asyncProperty(
        data,
        fc.array(read, { minLength: 1, maxLength: 6 }),
        async (bytes, plan) => {
          const buffer = new ByteBuffer(bytes.slice());
          const reader = buffer.readable.getReader({ mode: "byob" });
          const out: number[] = [];
          for (let turn = 0;; turn++) {
            const { offset, size } = plan[turn % plan.length];
            const memory = new Uint8Array(offset + size + 5);
            const min = Math.max(1, size >> 1);
            const { value, done } = await reader.read(memory.subarray(offset, offset + size), {
              min,
            });
            assert.ok(value);
            assert.equal(value.byteOffset, offset);
            const around = new Uint8Array(value.buffer);
            assert.ok(around.subarray(0, offset).every((b) => b === 0));
            assert.ok(around.subarray(offset + size).every((b) => b === 0));
            if (!done) assert.ok(value.length >= min || out.length + value.length === bytes.length);
            out.push(...value);
            if (done) break;
          }
          assert.deepEqual(Uint8Array.from(out), bytes);
          assert.equal(buffer.length, 0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0, turn = 0; at < bytes.length; turn++) {
    const size = sizes[turn % sizes.length];
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
