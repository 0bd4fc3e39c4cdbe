// RandomAccessFile.stream(offset, length): a section as a byte stream. BYOB reads land in the
// reader's memory, default reads get chunks of their own, chunks()/ByteBuffer.readFrom() read past
// the queue into their own buffer (never transferred), every reader kind gives the section's bytes
// under any offsets, lengths and read sizes (property), and sections of one file are independent.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ByteBuffer,
  chunks,
  LineStream,
  openRandomAccess,
  type RandomAccessFile,
  readFull,
  records,
} from "../../mod.ts";
import { makeScratch, pattern, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { concat, fenceIntact } from "../read/_sources.ts";

const dir = makeScratch("section-stream");
after(() => removeScratch(dir));
const content = pattern(300_000);
const path = writeScratch(dir, "pattern.bin", content);

let shared: RandomAccessFile;
const file = async (): Promise<RandomAccessFile> => shared ??= await openRandomAccess(path);
after(() => shared?.close());

/** Reads a stream to its end through BYOB reads of `size` bytes at offset 3 of one memory. */
async function byobRead(stream: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const reader = stream.getReader({ mode: "byob" });
  const parts: Uint8Array[] = [];
  let view = new Uint8Array(new ArrayBuffer(size + 8), 3, size);
  for (;;) {
    const { done, value } = await reader.read(view);
    if (done) break;
    assert.equal(value.byteOffset, 3, "the read landed in the reader's view");
    assert.equal(value.buffer.byteLength, size + 8, "the reader's own memory");
    parts.push(value.slice());
    view = new Uint8Array(value.buffer, 3, size);
  }
  reader.releaseLock();
  return concat(parts);
}

describe("RandomAccessFile.stream", () => {
  it("BYOB reads land in the reader's view, one memory reused read after read", async () => {
    const bytes = await byobRead((await file()).stream(1000, 50_000), 4096);
    assert.deepEqual(bytes, content.subarray(1000, 51_000));
  });

  it("default reads get chunks of chunkSize that own their buffer; the last is cut to the file", async () => {
    const parts = await Array.fromAsync(
      (await file()).stream(250_000, undefined, { chunkSize: 20_000 }),
    );
    assert.deepEqual(parts.map((part) => part.length), [20_000, 20_000, 10_000]);
    for (const part of parts) assert.equal(part.buffer.byteLength, part.length);
    assert.deepEqual(concat(parts), content.subarray(250_000));
  });

  it("default chunks are 1 MiB at most by default, and no longer than the section", async () => {
    const parts = await Array.fromAsync((await file()).stream(0, 5));
    assert.deepEqual(parts, [content.subarray(0, 5)]);
    assert.equal(parts[0].buffer.byteLength, 5);
  });

  it("ends at the end of the file, and is empty past it or when length is 0", async () => {
    const f = await file();
    assert.deepEqual(
      await byobRead(f.stream(content.length - 10, 1000), 64),
      content.subarray(-10),
    );
    assert.equal((await byobRead(f.stream(content.length + 1), 64)).length, 0);
    assert.equal((await byobRead(f.stream(7, 0), 64)).length, 0);
    assert.deepEqual(new Uint8Array(await new Response(f.stream()).arrayBuffer()), content);
  });

  it("chunks() fills its own buffer past the queue: the buffer is never transferred", async () => {
    const memory = new ArrayBuffer(10_000);
    new Uint8Array(memory).fill(0xee);
    const buffer = new Uint8Array(memory, 5, 8192);
    const parts: Uint8Array[] = [];
    for await (const view of chunks((await file()).stream(123, 100_000), buffer)) {
      assert.equal(view.buffer, buffer.buffer);
      assert.equal(view.byteOffset, 5);
      parts.push(view.slice());
    }
    assert.equal(buffer.length, 8192, "never detached");
    assert.ok(fenceIntact(memory, 5, 8192), "nothing outside the buffer was written");
    assert.deepEqual(concat(parts), content.subarray(123, 100_123));
    assert.deepEqual(parts.map((part) => part.length).slice(-2), [8192, 100_000 % 8192]);
  });

  it("chunks() can stop early, and the stream is cancelled, the file still open", async () => {
    const f = await file();
    const stream = f.stream(0);
    for await (const view of chunks(stream, 100)) {
      assert.deepEqual(view, content.subarray(0, 100));
      break;
    }
    assert.equal(stream.locked, false);
    assert.deepEqual(await f.readAt(new Uint8Array(2), 0), content.subarray(0, 2));
  });

  it("ByteBuffer.readFrom() reads the section into its own memory", async () => {
    const buffer = new ByteBuffer(new Uint8Array(64), 0);
    await buffer.readFrom((await file()).stream(10, 70_000));
    assert.deepEqual(buffer.bytes(), content.subarray(10, 70_010));
  });

  it("readFull() through its BYOB reader, and records() through a LineStream", async () => {
    const reader = (await file()).stream(2, 10).getReader({ mode: "byob" });
    assert.deepEqual(await readFull(reader, new Uint8Array(8)), content.subarray(2, 10));
    assert.equal((await reader.read(new Uint8Array(8))).value?.length, 2);
    assert.equal((await reader.read(new Uint8Array(8))).done, true);
    const text = writeScratch(dir, "lines.txt", "a\nbb\nccc\ndddd\n");
    const lines = await openRandomAccess(text);
    const seen: string[] = [];
    for await (const batch of records(lines.stream(2).pipeThrough(new LineStream()))) {
      for (const record of batch) seen.push(new TextDecoder().decode(record));
    }
    lines.close();
    assert.deepEqual(seen, ["bb", "ccc", "dddd"]);
  });

  it("sections of one file read at the same time are independent", async () => {
    const f = await file();
    const a = f.stream(0, 1000).getReader({ mode: "byob" });
    const b = f.stream(5000, 1000).getReader({ mode: "byob" });
    const got: [number[], number[]] = [[], []];
    for (let i = 0; i < 10; i++) {
      got[0].push(...(await a.read(new Uint8Array(100))).value!);
      got[1].push(...(await b.read(new Uint8Array(100))).value!);
    }
    assert.deepEqual(new Uint8Array(got[0]), content.subarray(0, 1000));
    assert.deepEqual(new Uint8Array(got[1]), content.subarray(5000, 6000));
  });

  it("gives the section's bytes to every reader kind, any section, any read size (property)", async () => {
    const f = await file();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: content.length + 100 }),
        fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: undefined }),
        fc.constantFrom("byob", "default", "chunks"),
        fc.integer({ min: 1, max: 9000 }),
        async (offset, length, kind, size) => {
          const stream = f.stream(offset, length, { chunkSize: size });
          const expected = content.subarray(
            offset,
            length === undefined ? undefined : offset + length,
          );
          let bytes: Uint8Array;
          if (kind === "byob") bytes = await byobRead(stream, size);
          else if (kind === "default") bytes = concat(await Array.fromAsync(stream));
          else {
            const parts: Uint8Array[] = [];
            for await (const view of chunks(stream, size)) parts.push(view.slice());
            bytes = concat(parts);
          }
          assert.deepEqual(bytes, expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
