// Leak tests for mapFile, counted in /proc: 10,000 map/close cycles (mapped, and through the read
// fallback), forgotten maps released by the garbage collector, memory moved out of a map never
// freed under its new owner, and `using`.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mapFile } from "../../mod.ts";
import { countDescriptors, countMappings, noProcReason } from "./_proc.ts";
import { type ChildReport, mapChild, scratch } from "./_safety.ts";
import { lastJson, run, runHeld, runtime, scriptCommand } from "./_subprocess.ts";
import { noMapReason } from "./_fixtures.ts";

describe("mapFile releases what it takes", () => {
  it("10,000 map/close cycles leave no descriptor and no mapping behind", {
    skip: noProcReason || noMapReason,
    timeout: 120_000,
  }, () => {
    const dir = scratch();
    const path = join(dir, "cycles.txt");
    try {
      writeFileSync(path, "x".repeat(10_000) + "\n");
      const descriptorsBefore = countDescriptors();
      const mappingsBefore = countMappings();
      let seen = 0;
      for (let i = 0; i < 10_000; i++) {
        const offset = i % 5_000;
        const file = mapFile(path, i % 2 === 0 ? {} : { offset, length: 1_000 });
        seen += file.bytes[0];
        if (i === 0) {
          assert.ok(file.mapped, "the first cycle did not map (no FFI permission?)");
          assert.ok(countMappings(path) >= 1, "a live map does not show in /proc/self/maps");
        }
        file.close();
      }
      assert.equal(seen, 10_000 * 120);
      assert.equal(countMappings(path), 0, "mappings of the file are left");
      assert.equal(countDescriptors(path), 0, "descriptors of the file are left open");
      // The process-wide counts, with slack for heap growth and for test files that `deno test
      // --parallel` runs in this same process meanwhile: a leak per cycle would be 10,000.
      const descriptorsGrew = countDescriptors() - descriptorsBefore;
      const mappingsGrew = countMappings() - mappingsBefore;
      assert.ok(descriptorsGrew < 100, `${descriptorsGrew} more descriptors after 10,000 cycles`);
      assert.ok(mappingsGrew < 1_000, `${mappingsGrew} more mappings after 10,000 cycles`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("10,000 cycles through the read fallback (Deno without --allow-ffi) leave nothing open", {
    skip: noProcReason ||
      (runtime === "bun" ? "needs a runtime that cannot map: Bun always maps" : false),
    timeout: 120_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "fallback.txt");
    try {
      writeFileSync(path, "f".repeat(1_000));
      // The child may read the file but not use FFI: every mapFile falls back to reading it.
      const command = scriptCommand(mapChild, ["cycles", path, "10000"], ["--allow-read"]);
      const result = await runHeld(command, (pid) => ({
        descriptors: countDescriptors(path, pid),
        mappings: countMappings(path, pid),
      }));
      const report = lastJson<ChildReport & { sum: number; mappedCount: number }>(result);
      assert.equal(report.ok, true, report.message);
      assert.equal(report.sum, 10_000 * 102);
      assert.equal(report.mappedCount, 0, "mapped without FFI permission");
      assert.deepEqual(result.inspected, { descriptors: 0, mappings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a mapping never closed is unmapped once its object is garbage collected", {
    skip: noProcReason || noMapReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "forgotten.txt");
    try {
      writeFileSync(path, "forgotten\n");
      const command = scriptCommand(mapChild, ["forget", path, "200"], [
        "--allow-all",
        "--v8-flags=--expose-gc",
      ]);
      const result = await run(command, { timeoutMs: 30_000 });
      const report = lastJson<ChildReport & { mappedBefore: number; mappedAfter: number }>(result);
      assert.equal(report.ok, true, String(report.message));
      assert.ok(report.mappedBefore > 0, "the forgotten maps never showed in /proc/self/maps");
      assert.equal(report.mappedAfter, 0, `${report.mappedAfter} of 200 forgotten maps are left`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("memory moved out of a forgotten mapping is never freed under the buffer that holds it", {
    skip: noMapReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "moved.txt");
    try {
      writeFileSync(path, "moved out of the mapping\n".repeat(40_000));
      const command = scriptCommand(mapChild, ["transfer-forget", path], [
        "--allow-read",
        "--allow-ffi",
        "--v8-flags=--expose-gc",
      ]);
      const result = await run(command, { timeoutMs: 30_000 });
      assert.equal(
        result.signal,
        null,
        `reading the moved buffer killed the child: ${result.signal}`,
      );
      const report = lastJson<ChildReport & { holds: string; same: number }>(result);
      assert.equal(report.ok, true, String(report.message));
      assert.equal(report.byteLength, 1_000_000);
      // The file's bytes (still mapped) or zeros (a safe placeholder): never reused memory.
      assert.notEqual(report.holds, "other", `only ${report.same} bytes are the file's`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("`using` releases the map at the end of the block, even when the block throws", {
    skip: noProcReason,
  }, () => {
    const dir = scratch();
    const path = join(dir, "using.txt");
    try {
      writeFileSync(path, "using\n");
      let view: Uint8Array | undefined;
      assert.throws(() => {
        using file = mapFile(path);
        view = file.bytes.subarray(1);
        throw new Error("boom");
      }, /boom/);
      assert.equal(view?.length, 0);
      assert.equal(countMappings(path), 0);
      assert.equal(countDescriptors(path), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
