import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { allocateAligned } from "../src/_aligned.ts";
import { ByteBuffer, chunks, copyBuffer } from "../mod.ts";
import { source, sourceKinds } from "./read/_sources.ts";

/** Bytes 0..255 repeating, `length` long, so any misplaced byte shows. */
function pattern(length: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + seed) & 0xff;
  return bytes;
}

/** Cuts `bytes` into pieces of the given sizes, cycling through them. */
function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    pieces.push(bytes.slice(at, at + size));
    at += size;
  }
  return pieces;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

describe("allocateAligned", () => {
  for (const size of [0, 1, 63, 4095, 4096, 5000, 65536, 1024 * 1024]) {
    it(`gives ${size} zeroed bytes of new, plain, transferable memory`, () => {
      const view = allocateAligned(size);
      assert.ok(view instanceof Uint8Array);
      assert.equal(view.length, size);
      assert.equal(view.byteLength, size);
      assert.ok(view.every((byte) => byte === 0), "zeroed");
      const { buffer } = view;
      assert.ok(buffer instanceof ArrayBuffer, "not shared memory");
      assert.equal(buffer.resizable, false, "fixed length: transforms may take it, APIs accept it");
      assert.notEqual(allocateAligned(size).buffer, buffer, "each call allocates anew");
      // The padding is the only slack: at most 64 bytes, never before the view more than 48.
      assert.ok(buffer.byteLength - size <= 64);
      assert.ok(view.byteOffset <= 48);
      const moved = new Uint8Array(buffer.transfer(), view.byteOffset, size);
      assert.equal(view.length, 0, "transfer detaches the old view");
      assert.equal(moved.length, size);
    });
  }

  it("places views of 4 KiB and more 48 bytes into a buffer 64 bytes larger", () => {
    for (const size of [4096, 65536, 1024 * 1024 + 1]) {
      const view = allocateAligned(size);
      assert.equal(view.byteOffset, 48);
      assert.equal(view.buffer.byteLength, size + 64);
    }
    const small = allocateAligned(4095);
    assert.equal(small.byteOffset, 0);
    assert.equal(small.buffer.byteLength, 4095);
  });

  it("gives memory that does not overlap: writes stay in the view", () => {
    const view = allocateAligned(8192);
    view.fill(0xaa);
    const whole = new Uint8Array(view.buffer);
    assert.ok(whole.subarray(0, 48).every((byte) => byte === 0), "padding before untouched");
    assert.ok(whole.subarray(48 + 8192).every((byte) => byte === 0), "padding after untouched");
  });

  it("rejects a size that is not a number with a TypeError naming size", () => {
    for (const bad of ["4096", null, undefined, 4096n, {}, [4096]]) {
      assert.throws(
        () => allocateAligned(bad as unknown as number),
        (error: unknown) =>
          error instanceof TypeError && /as size must be a number: received/.test(error.message),
      );
    }
  });

  it("rejects a negative, fractional or unsafe size with a RangeError naming size", () => {
    for (const bad of [-1, 1.5, NaN, Infinity, -Infinity, 2 ** 53]) {
      assert.throws(
        () => allocateAligned(bad),
        (error: unknown) =>
          error instanceof RangeError &&
          error.message.includes(`as size must be an integer >= 0: received ${bad}`),
      );
    }
  });

  it("survives a BYOB read: the stream fills the view in place and hands it back", async () => {
    const view = allocateAligned(4096 + 10);
    const { byteOffset, length } = view;
    const data = pattern(3000, 5);
    const stream = new ReadableStream({
      type: "bytes",
      pull(controller) {
        const request = controller.byobRequest!;
        const target = request.view as Uint8Array;
        assert.equal(target.byteOffset, byteOffset);
        target.set(data);
        request.respond(data.length);
        controller.close();
      },
    });
    const reader = stream.getReader({ mode: "byob" });
    const { value } = await reader.read(view);
    assert.ok(value !== undefined);
    assert.equal(value.byteOffset, byteOffset);
    assert.equal(value.buffer.byteLength, length + 64);
    assert.deepEqual(value, data);
    reader.releaseLock();
  });
});

describe("the read helpers over aligned memory behave as over plain memory", () => {
  const data = pattern(200_000, 3);
  const pieceSizes = [65536, 1, 70000, 4095, 4097];

  for (const kind of sourceKinds) {
    for (const size of [4096, 5000, 65536]) {
      it(`chunks(stream, ${size}) yields what chunks(stream, new Uint8Array(${size})) does (${kind})`, async () => {
        const run = async (buf: number | Uint8Array) => {
          const { stream } = source(kind, cut(data, pieceSizes));
          const steps: Uint8Array[] = [];
          for await (const view of chunks(stream, buf)) {
            assert.ok(view.length >= 1 && view.length <= size);
            steps.push(view.slice());
          }
          return steps;
        };
        const aligned = await run(size);
        const plain = await run(new Uint8Array(size));
        assert.deepEqual(aligned, plain);
        assert.deepEqual(concat(aligned), data);
      });
    }

    it(`chunks(stream, n) yields views at one offset of the memory it allocated (${kind})`, async () => {
      const { stream } = source(kind, cut(data, pieceSizes));
      const offsets = new Set<number>();
      const lengths = new Set<number>();
      for await (const view of chunks(stream, 8192)) {
        offsets.add(view.byteOffset);
        lengths.add(view.buffer.byteLength);
      }
      assert.deepEqual([...offsets], [48]);
      assert.deepEqual([...lengths], [8192 + 64]);
    });

    it(`copyBuffer's default buffer copies every byte, 32 KiB at most per write (${kind})`, async () => {
      const { stream } = source(kind, cut(data, pieceSizes));
      const received: Uint8Array[] = [];
      const dst = new WritableStream<Uint8Array>({
        write(view) {
          if (kind !== "default") assert.ok(view.length <= 32 * 1024);
          received.push(view.slice());
        },
      });
      assert.equal((await copyBuffer(stream, dst)).written, data.length);
      assert.deepEqual(concat(received), data);
    });

    it(`ByteBuffer.readFrom grows and reads every byte as before (${kind})`, async () => {
      const { stream } = source(kind, cut(data, pieceSizes));
      const buffer = new ByteBuffer();
      assert.equal(await buffer.readFrom(stream), data.length);
      assert.deepEqual(buffer.bytes(), data);
      assert.ok(buffer.capacity >= data.length);
    });
  }

  it("ByteBuffer grows to the same capacities, keeping its contents", () => {
    const buffer = new ByteBuffer();
    const capacities: number[] = [];
    const written: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const piece = pattern(1000 + i * 97, i);
      buffer.write(piece);
      written.push(piece);
      capacities.push(buffer.capacity);
    }
    // Go's growth: 64 first, then twice the capacity (or what the write needs).
    let capacity = 0;
    let length = 0;
    const expected = written.map((piece) => {
      const needed = length + piece.length;
      if (needed > capacity) capacity = Math.max(needed, 2 * capacity, 64);
      length = needed;
      return capacity;
    });
    assert.deepEqual(capacities, expected);
    assert.deepEqual(buffer.bytes(), concat(written));
    const view = buffer.bytes();
    assert.equal(view.buffer.byteLength, buffer.capacity + 64, "aligned allocation");
    assert.equal(view.byteOffset, 48);
  });

  it("ByteBuffer at a non-zero offset of caller memory keeps using that memory", () => {
    const memory = new Uint8Array(100);
    const buffer = new ByteBuffer(memory.subarray(10, 30), 0);
    buffer.write(pattern(20));
    assert.equal(buffer.bytes().buffer, memory.buffer, "no growth, no allocation");
    assert.equal(buffer.bytes().byteOffset, 10);
    buffer.write(pattern(5000, 1));
    assert.notEqual(buffer.bytes().buffer, memory.buffer, "grew into its own memory");
    assert.deepEqual(buffer.bytes(), concat([pattern(20), pattern(5000, 1)]));
  });
});
