// Per-runtime specifics of unmapping: when the munmap happens, and what a moved buffer keeps.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, ftruncateSync, openSync } from "node:fs";
import { join } from "node:path";
import { mapFile } from "../../mod.ts";
import { runtime } from "../../src/runtime/adapter.ts";
import { countMappings, noProcReason } from "../file/_proc.ts";
import {
  canMap,
  makeScratch,
  noMapReason,
  pattern,
  removeScratch,
  writeScratch,
} from "../file/_fixtures.ts";

const isBun = "Bun" in globalThis;

describe(`unmapping in ${runtime.name}`, () => {
  const dir = makeScratch("unmap");
  after(() => removeScratch(dir));
  const path = writeScratch(dir, "mapped.bin", pattern(5 * 4096));

  it("close() unmaps at once", { skip: noMapReason || noProcReason }, () => {
    const before = countMappings(path);
    const file = mapFile(path, { offset: 4097 });
    assert.equal(countMappings(path), before + 1);
    file.close();
    assert.equal(countMappings(path), before);
  });

  it("a buffer moved away (transfer) stays mapped and readable after close()", {
    skip: noMapReason || noProcReason,
  }, () => {
    const before = countMappings(path);
    const file = mapFile(path);
    const moved = new Uint8Array((file.bytes.buffer as ArrayBuffer).transfer());
    file.close();
    assert.equal(countMappings(path), before + 1, "the moved buffer's memory was unmapped");
    assert.equal(moved[4096 * 5 - 1], (4096 * 5 - 1) % 251);
  });

  it("Deno: the ffi permission decides, and the reason names --allow-ffi", {
    skip: "Deno" in globalThis ? false : "Deno only",
  }, () => {
    const reason = runtime.mapUnavailable();
    if (canMap) assert.equal(reason, undefined);
    else assert.match(reason ?? "", /--allow-ffi/);
  });

  it("Bun: a window over 4 GiB is a RangeError; smaller windows of a 5 GiB file map", {
    skip: isBun ? false : "Bun only (JavaScriptCore caps an ArrayBuffer at 4 GiB)",
  }, () => {
    const sparse = join(dir, "sparse-5g.bin");
    const fd = openSync(sparse, "w");
    ftruncateSync(fd, 5 * 2 ** 30);
    closeSync(fd);
    assert.throws(
      () => mapFile(sparse),
      /length must be at most 4294967296 bytes .*: received 5368709120 at offset 0 for ".*sparse-5g\.bin"$/,
    );
    assert.throws(
      () => mapFile(sparse, { offset: 4097, length: 2 ** 32 }),
      /at most 4294967295 bytes .*: received 4294967296 at offset 4097 for /,
    );
    using tail = mapFile(sparse, { offset: 4 * 2 ** 30 + 1, length: 2 ** 30 - 1 });
    assert.equal(tail.mapped, true);
    assert.equal(tail.bytes[tail.byteLength - 1], 0);
  });
});
