// splitFile: ranges that cover the file in order, never cut a record, and read only near the cuts.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { FileError, type FileRange, splitFile } from "../../mod.ts";
import { makeScratch, noProcSelfReason, removeScratch, writeScratch } from "../file/_fixtures.ts";

const dir = makeScratch("split-file");
after(() => removeScratch(dir));
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Where the records of `bytes` end, splitting left to right at each delimiter (bytes.Split). */
function recordEnds(bytes: Uint8Array, delimiter: Uint8Array): Set<number> {
  const ends = new Set<number>();
  for (let at = 0; at + delimiter.length <= bytes.length;) {
    if (delimiter.every((byte, k) => bytes[at + k] === byte)) {
      at += delimiter.length;
      ends.add(at);
    } else at++;
  }
  ends.add(bytes.length);
  return ends;
}

/** The ranges cover [0, size) in order, none empty, at most `parts`, each ending a record. */
function assertCovers(
  ranges: FileRange[],
  bytes: Uint8Array,
  parts: number,
  delimiter: Uint8Array,
) {
  assert.ok(ranges.length <= parts, `${ranges.length} ranges for ${parts} parts`);
  const ends = recordEnds(bytes, delimiter);
  let next = 0;
  for (const { offset, length } of ranges) {
    assert.equal(offset, next, "a gap or an overlap between ranges");
    assert.ok(length >= 1, "an empty range");
    next = offset + length;
    assert.ok(ends.has(next), `the range ending at ${next} cuts a record`);
  }
  assert.equal(next, bytes.length, "the ranges stop before the end of the file");
}

let fileCount = 0;
function fileOf(bytes: Uint8Array): string {
  return writeScratch(dir, `property-${fileCount++}.bin`, bytes);
}

/** Records of mostly short, sometimes very long (past the 64 KiB look), bodies. */
const recordsArbitrary = fc.array(
  fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 0, max: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 140_000 }) },
  ),
  { maxLength: 40 },
);

describe("splitFile", () => {
  for (const delimiterText of ["\n", "\r\n", "abc", "\0"]) {
    it(`ranges cover the file in order and each record lies in one (delimiter ${JSON.stringify(delimiterText)})`, () => {
      const delimiter = encode(delimiterText);
      fc.assert(
        fc.property(
          recordsArbitrary,
          fc.integer({ min: 1, max: 12 }),
          fc.boolean(),
          (lengths, parts, lastEnds) => {
            const pieces: number[] = [];
            for (const [index, length] of lengths.entries()) {
              // Bodies made of the delimiter's bytes too, so a partial delimiter appears often.
              for (let i = 0; i < length; i++) {
                pieces.push(delimiter[(i + index) % delimiter.length] ^ (i % 7 === 0 ? 0 : 0x20));
              }
              if (index < lengths.length - 1 || lastEnds) pieces.push(...delimiter);
            }
            const bytes = new Uint8Array(pieces);
            const ranges = splitFile(fileOf(bytes), parts, {
              delimiter: delimiterText === "\n" ? 10 : delimiter,
            });
            assertCovers(ranges, bytes, parts, delimiter);
          },
        ),
        { numRuns: 25 },
      );
    });
  }

  it("cuts near equal shares of a file of short lines", () => {
    const text = "0123456789\n".repeat(1000);
    const ranges = splitFile(writeScratch(dir, "even.txt", text), 4);
    assert.deepEqual(ranges.map((range) => range.length), [2750, 2750, 2750, 2750]);
  });

  it("an empty file gives no range", () => {
    assert.deepEqual(splitFile(writeScratch(dir, "empty.txt", ""), 4), []);
  });

  it("a file smaller than parts gives at most one range per record", () => {
    const path = writeScratch(dir, "small.txt", "a\nb\n");
    assert.deepEqual(splitFile(path, 10), [{ offset: 0, length: 2 }, { offset: 2, length: 2 }]);
    assert.deepEqual(splitFile(writeScratch(dir, "one.txt", "z"), 3), [{ offset: 0, length: 1 }]);
  });

  it("a file without a delimiter is one range", () => {
    const path = writeScratch(dir, "none.txt", "x".repeat(300_000));
    assert.deepEqual(splitFile(path, 8), [{ offset: 0, length: 300_000 }]);
  });

  it("a last record without a delimiter ends the last range", () => {
    const path = writeScratch(dir, "tail.txt", "aaaa\nbbbb\ncccc");
    assert.deepEqual(splitFile(path, 3), [
      { offset: 0, length: 5 },
      { offset: 5, length: 5 },
      { offset: 10, length: 4 },
    ]);
  });

  it("a record spanning several cuts makes fewer ranges", () => {
    const path = writeScratch(dir, "long.txt", "a\n" + "x".repeat(100_000) + "\nb\n");
    assert.deepEqual(splitFile(path, 4), [
      { offset: 0, length: 100_003 },
      { offset: 100_003, length: 2 },
    ]);
  });

  it("a \\r\\n delimiter is never cut between its bytes", () => {
    const path = writeScratch(dir, "crlf.txt", "ab\r\ncd\r\nef\r\n");
    const ranges = splitFile(path, 3, { delimiter: encode("\r\n") });
    assert.deepEqual(ranges, [
      { offset: 0, length: 4 },
      { offset: 4, length: 4 },
      { offset: 8, length: 4 },
    ]);
  });

  it("a delimiter that overlaps itself is looked for from each cut on", () => {
    // "aa" in "xaaay", cut near byte 2: looking from byte 0 on, the first "aa" ends at 3.
    const path = writeScratch(dir, "overlap.txt", "xaaay");
    assert.deepEqual(splitFile(path, 2, { delimiter: encode("aa") }), [
      { offset: 0, length: 3 },
      { offset: 3, length: 2 },
    ]);
  });

  it("splits a sparse 8 GiB file at offsets past 4 GiB, reading only near the cuts", () => {
    const path = `${dir}/sparse.bin`;
    const fd = openSync(path, "w");
    try {
      ftruncateSync(fd, 8 * 2 ** 30);
      writeSync(fd, new Uint8Array([10]), 0, 1, 4 * 2 ** 30 + 100_005);
    } finally {
      closeSync(fd);
    }
    // Every byte is a 0 delimiter: each cut falls right after its share.
    const zeros = splitFile(path, 4, { delimiter: 0 });
    assert.deepEqual(zeros.map((range) => range.offset), [
      0,
      2 * 2 ** 30,
      4 * 2 ** 30,
      6 * 2 ** 30,
    ]);
    // One newline, just past 4 GiB: found by looking from the cut at 4 GiB on.
    const lines = splitFile(path, 2, { delimiter: 10 });
    assert.deepEqual(lines, [
      { offset: 0, length: 4 * 2 ** 30 + 100_006 },
      { offset: 4 * 2 ** 30 + 100_006, length: 4 * 2 ** 30 - 100_006 },
    ]);
  });

  it("errors name what was wrong", () => {
    const path = writeScratch(dir, "args.txt", "a\n");
    assert.throws(
      () => splitFile(path, 0),
      (error) => error instanceof RangeError && /parts/.test(error.message),
    );
    assert.throws(() => splitFile(path, 1.5), RangeError);
    assert.throws(() => splitFile(path, 2, { delimiter: 256 }), RangeError);
    assert.throws(() => splitFile(path, 2, { delimiter: new Uint8Array() }), RangeError);
    // deno-lint-ignore no-explicit-any
    assert.throws(() => splitFile(path, 2, { delimiter: "\n" as any }), TypeError);
    assert.throws(() => splitFile("", 2), TypeError);
    const missing = `${dir}/missing.txt`;
    assert.throws(
      () => splitFile(missing, 2),
      (error) => error instanceof FileError && error.code === "ENOENT" && error.path === missing,
    );
    assert.throws(
      () => splitFile(dir, 2),
      (error) => error instanceof FileError && error.path === dir,
    );
  });

  it("a file with no fixed size is a FileError ENOTSUP", { skip: noProcSelfReason }, () => {
    assert.throws(
      () => splitFile("/proc/self/status", 2),
      (error) =>
        error instanceof FileError && error.code === "ENOTSUP" &&
        /no fixed size/.test(error.message),
    );
  });
});
