// Property tests: every way of cutting a file into pieces gives back exactly its bytes.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mapFile, openFile } from "../../mod.ts";
import { makeScratch, pattern, removeScratch, writeScratch } from "./_fixtures.ts";

const dir = makeScratch("file-property");
after(() => removeScratch(dir));
const content = pattern(3 * 4096 + 77);
const path = writeScratch(dir, "pattern.bin", content);

/** A window [offset, offset + length) inside the file. */
const windowArbitrary = fc.tuple(
  fc.integer({ min: 0, max: content.length }),
  fc.integer({ min: 0, max: content.length }),
).map(([a, b]) => ({ offset: Math.min(a, b), length: Math.abs(a - b) }));

/** Read sizes for successive BYOB reads (cycled). */
const sizesArbitrary = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 });

describe("file sources re-chunk without losing or moving a byte", () => {
  it("mapFile windows and chunks(size) join to the window's bytes", () => {
    fc.assert(
      fc.property(windowArbitrary, fc.integer({ min: 1, max: 6000 }), (window, size) => {
        using file = mapFile(path, window);
        const expected = content.subarray(window.offset, window.offset + window.length);
        assert.deepEqual(file.bytes, expected);
        const views = [...file.chunks(size)];
        assert.ok(views.slice(0, -1).every((view) => view.length === size));
        assert.deepEqual(new Uint8Array(views.flatMap((view) => [...view])), expected);
      }),
      { numRuns: 60 },
    );
  });

  it("readable() gives the window's bytes to BYOB reads of any sizes", async () => {
    await fc.assert(
      fc.asyncProperty(windowArbitrary, sizesArbitrary, async (window, sizes) => {
        using file = mapFile(path, window);
        const got = await readAll(file.readable().getReader({ mode: "byob" }), sizes);
        assert.deepEqual(got, content.subarray(window.offset, window.offset + window.length));
      }),
      { numRuns: 40 },
    );
  });

  it("openFile gives [start, end) to BYOB reads of any sizes", async () => {
    await fc.assert(
      fc.asyncProperty(windowArbitrary, sizesArbitrary, async (window, sizes) => {
        const end = window.offset + window.length;
        const stream = await openFile(path, { start: window.offset, end });
        const got = await readAll(stream.getReader({ mode: "byob" }), sizes);
        assert.deepEqual(got, content.subarray(window.offset, end));
      }),
      { numRuns: 40 },
    );
  });
});

/** Reads to the end with views of `sizes` (cycled), each at byteOffset 3 of its buffer. */
async function readAll(
  reader: ReadableStreamBYOBReader,
  sizes: number[],
): Promise<Uint8Array> {
  const parts: number[] = [];
  for (let round = 0;; round++) {
    const size = sizes[round % sizes.length];
    const { done, value } = await reader.read(new Uint8Array(new ArrayBuffer(size + 3), 3, size));
    if (done) break;
    assert.equal(value.byteOffset, 3);
    parts.push(...value);
  }
  return new Uint8Array(parts);
}
