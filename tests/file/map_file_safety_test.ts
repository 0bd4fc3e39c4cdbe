// Safety tests for mapFile: a file deleted or truncated under the map, every view after close(),
// double close, and errors naming the path, the offset and the size.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mapFile } from "../../mod.ts";
import { countDescriptors, noProcReason } from "./_proc.ts";
import { type ChildReport, mapChild, scratch } from "./_safety.ts";
import { lastJson, run, scriptCommand } from "./_subprocess.ts";
import { noMapReason } from "./_fixtures.ts";
/** Deno permissions of a child that changes the file it maps. */
const readWriteFfi = ["--allow-read", "--allow-write", "--allow-ffi"];

describe("mapFile when the file changes under the map", () => {
  it("a file deleted while mapped stays readable until close", {
    skip: noMapReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "deleted.txt");
    try {
      writeFileSync(path, "d".repeat(100_000));
      const result = await run(scriptCommand(mapChild, ["map-then", path, "delete"], readWriteFfi));
      assert.equal(result.signal, null, `the child died of ${result.signal}:\n${result.stderr}`);
      const report = lastJson<ChildReport & { sum: number }>(result);
      assert.equal(report.ok, true, report.message);
      assert.equal(report.mapped, true);
      assert.equal(report.sum, 100_000 * 100);
      assert.equal(report.lengthAfterClose, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("truncating a mapped file kills the reader with SIGBUS, as documented (use openFile)", {
    skip: noMapReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "truncated.txt");
    try {
      writeFileSync(path, "t".repeat(100_000));
      // Every language's mmap does this; the README sends such files to openFile instead, whose
      // test above shows a truncated file simply ending early.
      const result = await run(
        scriptCommand(mapChild, ["map-then", path, "truncate"], readWriteFfi),
      );
      assert.equal(
        result.signal,
        "SIGBUS",
        `expected SIGBUS, got ${result.code}:\n${result.stdout}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("mapFile on a device", () => {
  it("/dev/zero is ENODEV naming the path, never read forever (checked in a child)", {
    skip: existsSync("/dev/zero") ? false : "needs /dev/zero",
    timeout: 60_000,
  }, async () => {
    // Endless: a fallback that read it "to the end" would fill memory, so the child is time-boxed.
    const result = await run(scriptCommand(mapChild, ["map", "/dev/zero"]), { timeoutMs: 20_000 });
    assert.equal(result.timedOut, false, "mapping /dev/zero did not return");
    const report = lastJson<ChildReport>(result);
    assert.equal(report.ok, false, "/dev/zero was mapped or read");
    assert.equal(report.code, "ENODEV", report.message);
    assert.ok(report.message.includes("/dev/zero"), report.message);
  });
});

describe("mapFile after close", () => {
  function withFile(test: (path: string) => void | Promise<void>): () => Promise<void> {
    return async () => {
      const dir = scratch();
      try {
        const path = join(dir, "closed.txt");
        writeFileSync(path, "0123456789abcdef\n".repeat(1_000));
        await test(path);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  }

  it(
    "empties bytes and every view taken from it, at any offset",
    withFile((path) => {
      const file = mapFile(path, { offset: 5, length: 100 });
      const whole = file.bytes;
      const middle = file.bytes.subarray(7, 20);
      const [firstChunk] = file.chunks(16);
      assert.equal(middle[0], "0123456789abcdef\n".charCodeAt(12));
      file.close();
      assert.equal(file.bytes.length, 0);
      assert.equal(whole.length, 0);
      assert.equal(middle.length, 0);
      assert.equal(middle[0], undefined, "reading a closed view gives undefined, not freed memory");
      assert.equal(firstChunk.length, 0);
    }),
  );

  it(
    "closes twice without error, also after `using` ends",
    withFile((path) => {
      const file = mapFile(path);
      file.close();
      file.close();
      {
        using again = mapFile(path);
        again.close();
      }
      assert.equal(file.bytes.length, 0);
    }),
  );

  it(
    "a stream over the map ends or errors after close, never reads unmapped memory",
    {
      timeout: 10_000,
    },
    withFile(async (path) => {
      const file = mapFile(path);
      const reader = file.readable({ chunkSize: 17 }).getReader({ mode: "byob" });
      const first = await reader.read(new Uint8Array(new ArrayBuffer(40), 3, 17));
      assert.equal(new TextDecoder().decode(first.value), "0123456789abcdef\n");
      file.close();
      const after = await reader.read(new Uint8Array(17)).catch((error: unknown) => error);
      if (after instanceof Error) {
        assert.match(after.message, /clos/i);
      } else {
        assert.equal((after as ReadableStreamReadResult<Uint8Array>).done, true);
      }
      reader.releaseLock();
    }),
  );

  it(
    "iterating chunks() after close yields nothing or throws, never stale views",
    withFile((path) => {
      const file = mapFile(path);
      file.close();
      try {
        assert.deepEqual([...file.chunks(64)].filter((view) => view.length > 0), []);
      } catch (error) {
        assert.match((error as Error).message, /clos/i);
      }
    }),
  );
});

describe("mapFile errors name the path, the offset and the size", () => {
  it("a missing file: ENOENT with the path", () => {
    const path = join(tmpdir(), "zc-no-such-dir", "missing.txt");
    assert.throws(() => mapFile(path), (error: Error & { code?: string }) => {
      assert.ok(error.message.includes(path), error.message);
      assert.equal(error.code, "ENOENT");
      return true;
    });
  });

  it("an offset past the end: RangeError with the offset and the file size", () => {
    const dir = scratch();
    const path = join(dir, "small.txt");
    try {
      writeFileSync(path, "12345");
      assert.throws(() => mapFile(path, { offset: 6 }), (error: Error) => {
        assert.ok(error instanceof RangeError, String(error));
        assert.match(error.message, /offset/);
        assert.match(error.message, /\b6\b/);
        assert.match(error.message, /\b5\b/);
        return true;
      });
      assert.throws(() => mapFile(path, { offset: 2, length: 4 }), (error: Error) => {
        assert.ok(error instanceof RangeError, String(error));
        assert.match(error.message, /length/);
        assert.match(error.message, /\b4\b/);
        return true;
      });
      if (!noProcReason) {
        assert.equal(countDescriptors(path), 0, "the failed calls left the file open");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
