// The adapters' openRandom: every adapter of this runtime (its own and the fallback) opens a
// regular file for positional reads, refuses what is not one, and reads the way its docs say:
// Deno with the ffi permission through libc's pread, otherwise through node:fs.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { FileError } from "../../src/errors.ts";
import type { RuntimeAdapter } from "../../src/runtime/adapter.ts";
import { runtime } from "../../src/runtime/adapter.ts";
import { fallbackRuntime } from "../../src/runtime/fallback.ts";
import { NodeRandomHandle } from "../../src/runtime/_random.ts";
import { canMap, makeScratch, pattern, removeScratch, writeScratch } from "../file/_fixtures.ts";

const dir = makeScratch("random-adapter");
after(() => removeScratch(dir));
const content = pattern(70_000);
const path = writeScratch(dir, "pattern.bin", content);

function randomContract(adapter: RuntimeAdapter): void {
  describe(`the ${adapter.name} adapter's openRandom`, () => {
    it("reports the size and reads at any position without moving an offset", () => {
      const handle = adapter.openRandom(path);
      try {
        assert.equal(handle.size, content.length);
        const view = new Uint8Array(new ArrayBuffer(40), 8, 16);
        assert.equal(handle.readAt(view, 65_536), 16);
        assert.deepEqual(view, content.subarray(65_536, 65_552));
        assert.equal(handle.readAt(view, 0), 16);
        assert.deepEqual(view, content.subarray(0, 16));
        assert.equal(handle.readAt(view, content.length - 3), 3, "short at the end");
        assert.equal(handle.readAt(view, content.length), 0, "0 at the end");
      } finally {
        handle.close();
        handle.close();
      }
    });

    it("a closed handle's reads are FileError EBADF naming the path and the offset", () => {
      const handle = adapter.openRandom(path);
      handle.close();
      assert.throws(() => handle.readAt(new Uint8Array(4), 9), (error: unknown) => {
        assert.ok(error instanceof FileError);
        assert.equal(error.code, "EBADF");
        assert.match(error.message, /read at offset 9 of/);
        return true;
      });
    });

    it("refuses a missing path, a directory and a device, naming each", () => {
      // In Node this runtime's adapter is the fallback: a folder of its own for each run.
      const folder = join(dir, `folder-${adapter.name}-${Math.random().toString(36).slice(2)}`);
      mkdirSync(folder);
      for (
        const [target, code] of [[join(dir, "none"), "ENOENT"], [folder, "EISDIR"], [
          "/dev/zero",
          "ENODEV",
        ]]
      ) {
        assert.throws(() => adapter.openRandom(target), (error: unknown) => {
          assert.ok(error instanceof FileError, String(error));
          assert.equal(error.code, code);
          assert.equal(error.path, target);
          return true;
        });
      }
    });
  });
}

randomContract(runtime);
randomContract(fallbackRuntime);

describe("how the adapters read at a position", () => {
  it("Deno reads through libc's pread when it may use FFI, else through node:fs", () => {
    const handle = runtime.openRandom(path);
    handle.close();
    assert.ok(handle instanceof NodeRandomHandle);
    const expected = runtime.name === "deno" && canMap ? "libc pread" : "node:fs readSync";
    assert.equal(handle.readsWith, expected);
  });

  it("libc's pread is only given node:fs descriptors from Deno 2.7.12 on", {
    skip: runtime.name === "deno" ? false : "the Deno adapter loads only in Deno",
  }, async () => {
    const { nodeFsDescriptorsAreReal } = await import("../../src/runtime/deno.ts");
    assert.equal(nodeFsDescriptorsAreReal("2.9.6"), true);
    assert.equal(nodeFsDescriptorsAreReal("2.7.12"), true);
    assert.equal(nodeFsDescriptorsAreReal("3.0.0"), true);
    assert.equal(nodeFsDescriptorsAreReal("2.7.11"), false);
    assert.equal(nodeFsDescriptorsAreReal("2.6.20"), false);
    assert.equal(nodeFsDescriptorsAreReal("1.46.3"), false);
  });
});
