// writeAll: short writes are continued from where they stopped; a write that takes nothing fails.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FileError } from "../../mod.ts";
import { writeAll } from "../../src/runtime/_write_all.ts";

describe("writeAll", () => {
  it("continues short writes from where each one stopped", () => {
    const starts: number[] = [];
    writeAll("/data/out.bin", 10, (done) => {
      starts.push(done);
      return Math.min(3, 10 - done);
    });
    assert.deepEqual(starts, [0, 3, 6, 9]);
  });

  it("writes nothing for nothing", () => {
    writeAll("/data/out.bin", 0, () => assert.fail("no write was needed"));
  });

  it("a write that takes nothing is a FileError EIO naming the path, not an endless loop", () => {
    let calls = 0;
    assert.throws(
      () =>
        writeAll("/data/out.bin", 5, (done) => {
          calls++;
          return done === 0 ? 2 : 0;
        }),
      (error) =>
        error instanceof FileError && error.code === "EIO" && error.path === "/data/out.bin" &&
        /wrote 0 bytes/.test(error.message),
    );
    assert.equal(calls, 2);
  });
});
