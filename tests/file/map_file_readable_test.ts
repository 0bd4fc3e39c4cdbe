// MappedFile.readable(): a byte stream over the mapping that copies into each reader's memory,
// never hands out (and so never detaches) the mapping itself, and errors once the file is closed.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mapFile } from "../../mod.ts";
import {
  canMap,
  isFileError,
  makeScratch,
  pattern,
  removeScratch,
  writeScratch,
} from "./_fixtures.ts";

const dir = makeScratch("map-file-readable");
after(() => removeScratch(dir));
const content = pattern(3 * 4096 + 123);
const path = writeScratch(dir, "pattern.bin", content);

describe(`MappedFile.readable() (mapped: ${canMap} in this process)`, () => {
  it("readable() copies into a BYOB reader's view at a non-zero byteOffset", async () => {
    using file = mapFile(path, { offset: 3 });
    const reader = file.readable().getReader({ mode: "byob" });
    const backing = new ArrayBuffer(1000);
    let view = new Uint8Array(backing, 100, 700);
    const parts: number[] = [];
    for (;;) {
      const { done, value } = await reader.read(view);
      if (done) break;
      assert.equal(value.byteOffset, 100);
      parts.push(...value);
      view = new Uint8Array(value.buffer, 100, 700);
    }
    assert.deepEqual(new Uint8Array(parts), content.subarray(3));
    assert.equal(file.bytes.byteLength, content.length - 3, "the mapping stayed attached");
  });

  it("readable() gives default readers fresh chunks of chunkSize, never a mapping view", async () => {
    using file = mapFile(path);
    const chunks = await Array.fromAsync(file.readable({ chunkSize: 5000 }));
    assert.deepEqual(chunks.map((chunk) => chunk.length), [5000, 5000, content.length - 10000]);
    for (const chunk of chunks) assert.notEqual(chunk.buffer, file.bytes.buffer);
    assert.deepEqual(new Uint8Array(chunks.flatMap((chunk) => [...chunk])), content);
    assert.equal(file.byteLength, content.length);
  });

  it("readable() errors with EBADF when the file is closed before the stream ends", async () => {
    const file = mapFile(path);
    const reader = file.readable({ chunkSize: 4096 }).getReader();
    assert.equal((await reader.read()).value?.length, 4096);
    file.close();
    await assert.rejects(reader.read(), isFileError("EBADF", path));
  });

  it("readable() rejects a chunkSize that is not an integer >= 1", () => {
    using file = mapFile(path);
    assert.throws(
      () => file.readable({ chunkSize: 0 }),
      /chunkSize must be an integer in \[1, 1073741824\]/,
    );
    assert.throws(() => file.readable({ chunkSize: 1.5 }), RangeError);
    assert.throws(() => file.readable({ chunkSize: "1" as unknown as number }), TypeError);
  });

  it("BYOB reads with min get whole records", async () => {
    using file = mapFile(path, { offset: 1 });
    const reader = file.readable().getReader({ mode: "byob" });
    const { value } = await reader.read(new Uint8Array(8000), { min: 8000 });
    assert.deepEqual(value, content.subarray(1, 8001));
    await reader.cancel();
  });

  it("each readable() starts at the first byte, independently of the others", async () => {
    using file = mapFile(path, { offset: 7, length: 100 });
    const first = file.readable({ chunkSize: 30 }).getReader();
    assert.deepEqual((await first.read()).value, content.subarray(7, 37));
    const second = await Array.fromAsync(file.readable({ chunkSize: 60 }));
    assert.deepEqual(second, [content.subarray(7, 67), content.subarray(67, 107)]);
    assert.deepEqual((await first.read()).value, content.subarray(37, 67));
    await first.cancel();
  });

  it("cancelling the stream (break, cancel) leaves the mapping attached and readable", async () => {
    using file = mapFile(path);
    for await (const chunk of file.readable({ chunkSize: 1000 })) {
      assert.equal(chunk.length, 1000);
      break;
    }
    const reader = file.readable().getReader({ mode: "byob" });
    await reader.read(new Uint8Array(10));
    await reader.cancel();
    assert.equal(file.mapped, canMap);
    assert.equal(file.byteLength, content.length);
    assert.equal(file.bytes.at(-1), content.at(-1));
    assert.deepEqual(file.bytes, content);
  });

  it("close() while a BYOB stream is active errors it with EBADF naming the path", async () => {
    const file = mapFile(path, { offset: 4096 });
    const reader = file.readable().getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(new ArrayBuffer(64), 8, 32));
    assert.deepEqual(first.value, content.subarray(4096, 4128));
    file.close();
    const view = new Uint8Array(first.value!.buffer, 8, 32).fill(7);
    await assert.rejects(reader.read(view), isFileError("EBADF", path));
    await assert.rejects(reader.closed, isFileError("EBADF", path));
  });

  it("a stream made after close() errors on its first read", async () => {
    const file = mapFile(path);
    file.close();
    await assert.rejects(file.readable().getReader().read(), isFileError("EBADF", path));
  });

  it("an empty window gives a stream that ends at once", async () => {
    using file = mapFile(path, { offset: content.length });
    assert.deepEqual(await Array.fromAsync(file.readable()), []);
    const reader = file.readable().getReader({ mode: "byob" });
    assert.equal((await reader.read(new Uint8Array(4))).done, true);
  });
});
