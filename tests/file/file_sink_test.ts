import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { FileError, fileSink } from "../../mod.ts";
import { makeScratch, pattern, removeScratch, writeScratch } from "./_fixtures.ts";
import { countDescriptors, noProcReason } from "./_proc.ts";

const dir = makeScratch("file-sink");
after(() => removeScratch(dir));
let counter = 0;
const fresh = (): string => `${dir}/out-${counter++}.bin`;

/** Fails if this process still has `path` open (where /proc/self/fd can tell). */
function assertClosed(path: string): void {
  if (!noProcReason) assert.equal(countDescriptors(path), 0, `${path} is still open`);
}

function isEnoent(path: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof FileError, String(error));
    assert.equal(error.code, "ENOENT");
    assert.equal(error.path, path);
    assert.ok(error.message.includes(path), error.message);
    return true;
  };
}

describe("fileSink", () => {
  it("writes each chunk from the caller's memory; reuse is safe once write resolves", async () => {
    const path = fresh();
    const writer = (await fileSink(path)).getWriter();
    const memory = new Uint8Array(64);
    const view = memory.subarray(8, 40);
    const expected: number[] = [];
    for (let round = 0; round < 5; round++) {
      view.fill(65 + round);
      await writer.write(view);
      expected.push(...view);
    }
    assert.equal(view.length, 32, "the caller's view is not transferred");
    await writer.close();
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array(expected));
  });

  it("writes large chunks completely", async () => {
    const path = fresh();
    const big = pattern(3 * 1024 * 1024 + 17);
    const writer = (await fileSink(path, { sync: true })).getWriter();
    await writer.write(big.subarray(17));
    await writer.close();
    assert.deepEqual(new Uint8Array(readFileSync(path)), big.subarray(17));
  });

  it("truncates by default, appends with append: true", async () => {
    const path = writeScratch(dir, "existing.txt", "old content");
    let writer = (await fileSink(path)).getWriter();
    await writer.write(new TextEncoder().encode("new"));
    await writer.close();
    assert.equal(readFileSync(path, "utf8"), "new");
    writer = (await fileSink(pathToFileURL(path), { append: true })).getWriter();
    await writer.write(new TextEncoder().encode("+more"));
    await writer.close();
    assert.equal(readFileSync(path, "utf8"), "new+more");
  });

  it("create: false rejects a missing file with ENOENT naming it, and creates nothing", async () => {
    for (const append of [false, true]) {
      const missing = fresh();
      await assert.rejects(fileSink(missing, { create: false, append }), isEnoent(missing));
      assert.equal(existsSync(missing), false);
    }
  });

  it("create: false writes into an existing file (truncated, or appended to)", async () => {
    const path = writeScratch(dir, "kept.txt", "abc");
    let writer = (await fileSink(path, { create: false, append: true })).getWriter();
    await writer.write(new TextEncoder().encode("def"));
    await writer.close();
    assert.equal(readFileSync(path, "utf8"), "abcdef");
    writer = (await fileSink(path, { create: false })).getWriter();
    await writer.write(new TextEncoder().encode("x"));
    await writer.close();
    assert.equal(readFileSync(path, "utf8"), "x");
  });

  it("append: true creates a missing file", async () => {
    const path = fresh();
    const writer = (await fileSink(path, { append: true })).getWriter();
    await writer.write(new Uint8Array([7, 8]));
    await writer.close();
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array([7, 8]));
  });

  it("a path in a missing folder is ENOENT naming the path", async () => {
    const inMissing = `${dir}/no-such-folder/out.bin`;
    await assert.rejects(fileSink(inMissing), isEnoent(inMissing));
    await assert.rejects(fileSink(pathToFileURL(inMissing)), isEnoent(inMissing));
  });

  it("a directory rejects with FileError EISDIR", async () => {
    await assert.rejects(
      fileSink(dir),
      (error: unknown) => error instanceof FileError && error.code === "EISDIR",
    );
  });

  it("a chunk that is not a Uint8Array errors the stream with a TypeError", async () => {
    const path = fresh();
    const writer = (await fileSink(path)).getWriter();
    await writer.write(new Uint8Array([1]));
    await assert.rejects(writer.write("text" as unknown as Uint8Array), TypeError);
    await assert.rejects(writer.closed, TypeError);
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array([1]));
    assertClosed(path);
  });

  it("a detached chunk errors the stream with a TypeError", async () => {
    const path = fresh();
    const writer = (await fileSink(path)).getWriter();
    const chunk = new Uint8Array(8);
    chunk.buffer.transfer();
    await assert.rejects(writer.write(chunk), /chunk is detached/);
    assertClosed(path);
  });

  it("abort keeps what was written and closes the file", async () => {
    const path = fresh();
    const writer = (await fileSink(path)).getWriter();
    await writer.write(new Uint8Array([1, 2, 3]));
    if (!noProcReason) assert.equal(countDescriptors(path), 1, "open while writing");
    await writer.abort(new Error("stop"));
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array([1, 2, 3]));
    assertClosed(path);
  });

  it("close() closes the file", async () => {
    const path = fresh();
    const writer = (await fileSink(path, { sync: true })).getWriter();
    await writer.write(new Uint8Array([4]));
    await writer.close();
    assertClosed(path);
  });

  it("pipeTo writes a whole stream", async () => {
    const path = fresh();
    const source = ReadableStream.from([new Uint8Array([1, 2]), new Uint8Array([3])]);
    await source.pipeTo(await fileSink(path));
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array([1, 2, 3]));
  });

  it("bad paths and options are TypeErrors", async () => {
    await assert.rejects(fileSink(`${dir}/a\0b`), /NUL byte/);
    await assert.rejects(fileSink(fresh(), { append: 1 as unknown as boolean }), TypeError);
    await assert.rejects(fileSink(fresh(), { sync: "yes" as unknown as boolean }), TypeError);
  });
});
