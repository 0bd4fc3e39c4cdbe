import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteBuffer } from "../../mod.ts";
import { byteSource, concat, encode, pattern } from "./_sources.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** `data` cut into pieces of the given sizes, cycling through them. */
function cut(data: Uint8Array, sizes: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length];
    pieces.push(data.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

/** How the buffer under test gets its storage: each takes a different readFrom path. */
const storage = fc.oneof(
  fc.record({ kind: fc.constant("wrapped"), offset: fc.nat(9), room: fc.nat(300_000) }),
  fc.record({ kind: fc.constant("owned"), offset: fc.constant(0), room: fc.nat(300_000) }),
  fc.record({ kind: fc.constant("shared"), offset: fc.nat(9), room: fc.nat(70_000) }),
);

function makeBuffer(kind: string, offset: number, room: number): ByteBuffer {
  if (kind === "owned") {
    const buffer = new ByteBuffer();
    if (room > 0) buffer.grow(room);
    return buffer;
  }
  const memory = kind === "shared"
    ? new Uint8Array(new SharedArrayBuffer(offset + room))
    : new Uint8Array(offset + room);
  return new ByteBuffer(memory.subarray(offset), 0);
}

describe("ByteBuffer.readFrom on every path", () => {
  it("reads into the wrapped memory at its offset without ever detaching it", async () => {
    const whole = new Uint8Array(2048).fill(0xee);
    const buffer = new ByteBuffer(whole.subarray(16, 1040), 0);
    const source = byteSource([pattern(400)]); // leaves 624 >= 512 free: no growth
    assert.equal(await buffer.readFrom(source.stream), 400);
    assert.equal(whole.byteLength, 2048); // still attached: the caller's array stays valid
    assert.deepEqual(whole.subarray(16, 416), pattern(400)); // the bytes are in the caller's memory
    assert.ok(whole.subarray(0, 16).every((byte) => byte === 0xee), "nothing before the window");
    assert.ok(whole.subarray(1040).every((byte) => byte === 0xee), "nothing after the window");
    const bytes = buffer.bytes();
    assert.equal(bytes.buffer, whole.buffer);
    assert.equal(bytes.byteOffset, 16);
    assert.equal(buffer.capacity, 1024);
  });

  it("keeps the wrapped memory valid when the buffer grows past it mid-stream", async () => {
    const whole = new Uint8Array(1024);
    const buffer = new ByteBuffer(whole.subarray(8, 1008), 0);
    const data = pattern(5000, 3);
    assert.equal(await buffer.readFrom(byteSource(cut(data, [700, 1300])).stream), 5000);
    assert.equal(whole.byteLength, 1024);
    assert.deepEqual(whole.subarray(8, 708), data.subarray(0, 700)); // the first read landed here
    assert.deepEqual(buffer.bytes(), data);
    assert.notEqual(buffer.bytes().buffer, whole.buffer); // grown into storage of its own
  });

  it("reads small storage of its own directly: earlier views of it are detached", async () => {
    const buffer = new ByteBuffer();
    buffer.grow(1024);
    const earlier = buffer.availableBuffer();
    const source = byteSource([pattern(300)]);
    assert.equal(await buffer.readFrom(source.stream), 300);
    assert.deepEqual(source.requested, [1024]); // the whole free capacity, no scratch memory
    assert.equal(earlier.byteLength, 0); // the BYOB read transferred the storage
    assert.deepEqual(buffer.bytes(), pattern(300));
  });

  it("reads large storage of its own through bounded scratch memory when reads are small", async () => {
    const buffer = new ByteBuffer();
    buffer.grow(MiB);
    const earlier = buffer.availableBuffer();
    const data = pattern(10_000, 5);
    const source = byteSource(cut(data, [1000]));
    assert.equal(await buffer.readFrom(source.stream), 10_000);
    assert.ok(source.requested.every((size) => size === 64 * KiB), `${source.requested}`);
    assert.equal(earlier.byteLength, MiB); // never transferred
    assert.deepEqual(earlier.subarray(0, 10_000), data); // copied into the same storage
    assert.deepEqual(buffer.bytes(), data);
  });

  it("switches to direct reads when one read fills a large share of its storage", async () => {
    const buffer = new ByteBuffer();
    buffer.grow(256 * KiB);
    const data = pattern(256 * KiB, 7);
    const source = byteSource([data]); // fills every view it is given
    assert.equal(await buffer.readFrom(source.stream), data.length);
    // 64 KiB through scratch memory, then 4 x 64 KiB >= 256 KiB: the rest straight into storage.
    assert.deepEqual(source.requested.slice(0, 2), [64 * KiB, 192 * KiB]);
    assert.deepEqual(buffer.bytes().subarray(0, data.length), data);
  });

  it("gives small wrapped memory scratch memory no larger than its free space", async () => {
    const sizes: number[] = [];
    let sent = false;
    const stream = new ReadableStream({
      type: "bytes",
      pull(controller) {
        const view = controller.byobRequest!.view!;
        sizes.push(view.buffer.byteLength); // what the read transferred
        if (sent) {
          controller.close();
          return controller.byobRequest!.respond(0);
        }
        new Uint8Array(view.buffer, view.byteOffset, 3).set(encode("abc"));
        controller.byobRequest!.respond(3);
        sent = true;
      },
    });
    const buffer = new ByteBuffer(new Uint8Array(4096).subarray(1000, 3000), 0);
    assert.equal(await buffer.readFrom(stream), 3);
    assert.deepEqual(sizes, [2000, 2000]); // not a 64 KiB allocation for 2000 free bytes
    assert.equal(buffer.toString(), "abc");
  });

  it("doubles the scratch memory while reads fill it, up to 1 MiB", async () => {
    const buffer = new ByteBuffer(new Uint8Array(8 * MiB), 0);
    const data = pattern(5 * MiB, 9);
    const source = byteSource([data]);
    assert.equal(await buffer.readFrom(source.stream), data.length);
    const sizes = [64, 128, 256, 512, 1024, 1024, 1024].map((size) => size * KiB);
    assert.deepEqual(source.requested.slice(0, sizes.length), sizes);
    assert.ok(source.requested.every((size) => size <= MiB), `${source.requested}`);
    assert.deepEqual(buffer.bytes(), data);
  });

  for (
    const [name, make] of [
      [
        "wrapped memory at an offset",
        () => new ByteBuffer(new Uint8Array(300 * KiB).subarray(3), 0),
      ],
      ["a buffer that grows from nothing", () => new ByteBuffer()],
      ["large storage of its own", () => {
        const buffer = new ByteBuffer();
        buffer.grow(2 * MiB);
        return buffer;
      }],
      ["shared memory", () => new ByteBuffer(new Uint8Array(new SharedArrayBuffer(4 * KiB)), 0)],
    ] as const
  ) {
    it(`gets every byte right for tiny, odd and huge reads into ${name}`, async () => {
      for (const sizes of [[1], [7, 1, 513, 4093], [3 * MiB]]) {
        const buffer = make();
        buffer.writeString("<");
        const data = pattern(sizes[0] === 1 ? 3000 : 3 * MiB + 11, sizes.length);
        assert.equal(await buffer.readFrom(byteSource(cut(data, sizes)).stream), data.length);
        assert.equal(buffer.length, data.length + 1);
        assert.deepEqual(buffer.bytes(), concat([encode("<"), data]), `sizes ${sizes}`);
      }
    });
  }

  it("joins any chunking into any storage: direct, scratch, or switching (property)", async () => {
    const sizes = fc.array(
      fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 300_000 })),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(
        storage,
        fc.nat(200_000),
        sizes,
        fc.nat(255),
        async ({ kind, offset, room }, length, cuts, seed) => {
          const data = pattern(length, seed);
          const pieces = cut(data, cuts);
          const buffer = makeBuffer(kind, offset, room);
          buffer.writeString("#");
          assert.equal(await buffer.readFrom(byteSource(pieces).stream), length);
          assert.equal(buffer.readByte(), 0x23);
          const bytes = buffer.bytes();
          assert.equal(bytes.length, length);
          assert.equal(firstDifference(bytes, data), -1);
        },
      ),
      { numRuns: 50 },
    );
  });
});

/** The index of the first byte where `a` and `b` differ, or -1 (deepEqual is slow on large arrays). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
