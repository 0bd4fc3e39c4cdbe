import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { count, openFile } from "../../mod.ts";
import { byteSource, defaultSource } from "../read/_sources.ts";
import { ascii, split } from "../transform/_helpers.ts";

describe("count", () => {
  it("counts newlines by default, any byte when asked", async () => {
    assert.equal(await count(ascii("a\nb\n\nc")), 3);
    assert.equal(await count(ascii("a,b,,c"), 0x2c), 3);
    assert.equal(await count(new Uint8Array(0)), 0);
    assert.equal(await count(new Uint8Array(3 << 20).fill(7), 7), 3 << 20, "past one buffer");
  });

  it("gives the same count for every source and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000, size: "max" }).map((bytes) => bytes.map((b) => b % 4)),
        fc.array(fc.nat(3000), { maxLength: 8, size: "max" }),
        fc.nat(3),
        async (bytes, cuts, byte) => {
          const expected = bytes.filter((b) => b === byte).length;
          const chunks = split(bytes, cuts);
          assert.equal(await count(bytes, byte), expected);
          assert.equal(await count(chunks, byte), expected);
          assert.equal(await count(defaultSource(chunks).stream, byte), expected);
          assert.equal(await count(byteSource(chunks, "respond").stream, byte), expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads an openFile stream through to its end and releases it", async () => {
    const path = join(tmpdir(), `count-${Date.now()}-${Math.random()}.txt`);
    writeFileSync(path, "x\n".repeat(1_500_000));
    try {
      const stream = await openFile(path);
      assert.equal(await count(stream), 1_500_000);
      assert.equal(stream.locked, false);
    } finally {
      unlinkSync(path);
    }
  });

  it("rejects with the stream's error, and refuses a bad byte", async () => {
    const failure = new Error("gone");
    await assert.rejects(
      count(defaultSource([ascii("a\n")], { error: failure }).stream),
      (e) => e === failure,
    );
    await assert.rejects(count(ascii(""), 256), RangeError);
    await assert.rejects(count(ascii(""), "\n" as never), /byte must be a number/);
    await assert.rejects(count("text" as never), /src must be/);
  });
});
