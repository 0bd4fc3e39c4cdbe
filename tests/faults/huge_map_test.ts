// Faults: a file larger than RAM + swap. A read-only map is private copy-on-write; charged against
// the commit limit for its whole length it would fail with ENOMEM under Linux's default overcommit
// (Go's and Python's PROT_READ maps do not), so it is made with MAP_NORESERVE. Each map runs in a
// child process (tests/faults/_huge_map_child.ts): a runtime that aborts must fail this test, not
// end the suite. The file is sparse, so it takes no disk space.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { totalmem } from "node:os";
import { canMap, makeScratch, removeScratch } from "../file/_fixtures.ts";
import { lastJson, run, runtime, scriptCommand } from "../file/_subprocess.ts";

const child = new URL("./_huge_map_child.ts", import.meta.url).pathname;
const GiB = 1024 ** 3;

/** RAM + swap of this machine, in bytes (swap from /proc/meminfo, 0 where it cannot be read). */
function memoryAndSwap(): number {
  let swap = 0;
  try {
    const line = /^SwapTotal:\s+(\d+) kB$/m.exec(readFileSync("/proc/meminfo", "utf8"));
    swap = line === null ? 0 : Number(line[1]) * 1024;
  } catch {
    // Not Linux: RAM alone.
  }
  return totalmem() + swap;
}

interface HugeReport {
  ok: boolean;
  mapped?: boolean;
  byteLength?: number;
  tail?: string;
  flags?: string;
  wrote?: number[];
  onDisk?: number[];
  writableOnDisk?: number;
  name?: string;
  message?: string;
  code?: string;
}

describe("mapFile of a file larger than RAM + swap", {
  skip: process.platform !== "linux"
    ? "needs Linux (MAP_NORESERVE, /proc/self/smaps)"
    : canMap
    ? false
    : "needs mapping (Deno: --allow-ffi)",
}, () => {
  let dir: string;
  let path: string;
  let size: number;
  before(() => {
    dir = makeScratch("faults-huge");
    path = `${dir}/huge.bin`;
    size = Math.max(64 * GiB, Math.ceil((memoryAndSwap() + GiB) / GiB) * GiB);
    const fd = openSync(path, "w");
    try {
      ftruncateSync(fd, size);
      writeSync(fd, new TextEncoder().encode("END!"), 0, 4, size - 4);
    } finally {
      closeSync(fd);
    }
  });
  after(() => removeScratch(dir));

  async function mapInChild(window: number): Promise<HugeReport> {
    const result = await run(scriptCommand(child, [path, String(window)], ["-A"]), {
      timeoutMs: 60_000,
    });
    assert.equal(result.signal, null, `the child was killed (${result.signal}):\n${result.stderr}`);
    return lastJson<HugeReport>(result);
  }

  function assertMapped(report: HugeReport, length: number): void {
    assert.equal(report.ok, true, `${report.name} ${report.code}: ${report.message}`);
    assert.equal(report.mapped, true);
    assert.equal(report.byteLength, length);
    assert.equal(report.tail, "END!");
    // "nr": no swap space reserved for the area (MAP_NORESERVE); absent, a read-only map of more
    // than memory fails with ENOMEM under the default overcommit.
    if (report.flags !== undefined) assert.match(report.flags, /\bnr\b/);
    assert.deepEqual(report.wrote, [1, 2], "a write to the read-only view is kept privately");
    assert.deepEqual(report.onDisk, [0, 0], "a write to the read-only view reached the file");
    assert.equal(report.writableOnDisk, 42, "a writable map's write did not reach the file");
  }

  it(`maps the whole file (${runtime}), or says why it cannot in one buffer`, {
    timeout: 90_000,
  }, async () => {
    const report = await mapInChild(0);
    if (runtime === "bun") {
      // One JavaScriptCore ArrayBuffer holds at most 4 GiB: a RangeError that says so, no attempt.
      assert.equal(report.ok, false);
      assert.equal(report.name, "RangeError", String(report.message));
      assert.match(report.message!, /length must be at most 4294967296 bytes in this runtime/);
    } else {
      assertMapped(report, size);
    }
  });

  it("maps a 4 GiB window at its end, private and unreserved", { timeout: 90_000 }, async () => {
    assertMapped(await mapInChild(4 * GiB), 4 * GiB);
  });
});
