// Heavy safety and leak tests for mapFile: permissions as an unprivileged user, a sparse 5 GiB file,
// 10,000 map/close cycles, use after close. Runs under `deno test -A` and `bun test` alike.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  chmodSync,
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mapFile } from "../../mod.ts";
import { countDescriptors, countMappings, noProcReason } from "./_proc.ts";
import {
  asNobody,
  lastJson,
  noSetprivReason,
  run,
  runHeld,
  runtime,
  scriptCommand,
} from "./_subprocess.ts";

const child = fileURLToPath(new URL("./_map_child.ts", import.meta.url));
const GiB = 1024 ** 3;
/** Deno permissions of a child that changes the file it maps. */
const readWriteFfi = ["--allow-read", "--allow-write", "--allow-ffi"];

interface ChildReport {
  ok: boolean;
  mapped?: boolean;
  byteLength?: number;
  head?: string;
  probed?: number[];
  lengthAfterClose?: number;
  name?: string;
  message: string;
  code?: string;
}

/** A fresh folder every user may enter (the unprivileged child must reach the files in it). */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "zc-map-safety-"));
  chmodSync(dir, 0o755);
  return dir;
}

describe("mapFile on a read-only file, as a user who may not write it", () => {
  it("maps a mode 0444 file for an unprivileged user", {
    skip: noSetprivReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const { command, env, home } = asNobody(scriptCommand(child, ["map", join(dir, "ro.txt")]));
    try {
      writeFileSync(join(dir, "ro.txt"), "read-only but readable\n");
      chmodSync(join(dir, "ro.txt"), 0o444);
      const result = await run(command, { env, timeoutMs: 30_000 });
      assert.equal(result.timedOut, false, "the child did not finish in time");
      const report = lastJson<ChildReport>(result);
      assert.equal(report.ok, true, `mapFile failed as nobody: ${report.message}`);
      assert.equal(report.mapped, true, "mapFile fell back to reading instead of mapping");
      assert.equal(report.head, "read-only but readable\n");
      assert.equal(report.byteLength, 23);
      assert.equal(report.lengthAfterClose, 0);
      assert.equal(result.code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("needs its own map there: Bun.mmap alone fails with EACCES on the same file", {
    skip: noSetprivReason || (runtime === "bun" ? false : "needs Bun: compares with Bun.mmap"),
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "ro.txt");
    const bunMmap = asNobody(scriptCommand(child, ["bun-mmap", path]));
    const ours = asNobody(scriptCommand(child, ["map", path]));
    try {
      writeFileSync(path, "read-only but readable\n");
      chmodSync(path, 0o444);
      const theirs = lastJson<ChildReport>(await run(bunMmap.command, { env: bunMmap.env }));
      assert.equal(theirs.ok, false, "Bun.mmap mapped a file it cannot open read-write");
      assert.equal(theirs.code, "EACCES");
      const mine = lastJson<ChildReport>(await run(ours.command, { env: ours.env }));
      assert.equal(mine.ok, true, `mapFile failed as nobody: ${mine.message}`);
      assert.equal(mine.mapped, true, "mapFile fell back to reading instead of mapping");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(bunMmap.home, { recursive: true, force: true });
      rmSync(ours.home, { recursive: true, force: true });
    }
  });
});

describe("as a user who may not write or read a file", () => {
  it(
    "a writable map of a 0444 file is EACCES naming the path; openFile reads it; a 0600 file is EACCES",
    {
      skip: noSetprivReason,
      timeout: 60_000,
    },
    async () => {
      const dir = scratch();
      const readOnly = join(dir, "ro.txt");
      const secret = join(dir, "secret.txt");
      const homes: string[] = [];
      const asUser = async (args: string[]): Promise<ChildReport> => {
        const { command, env, home } = asNobody(scriptCommand(child, args));
        homes.push(home);
        return lastJson<ChildReport>(await run(command, { env, timeoutMs: 30_000 }));
      };
      try {
        writeFileSync(readOnly, "read-only but readable\n");
        chmodSync(readOnly, 0o444);
        writeFileSync(secret, "root only\n");
        chmodSync(secret, 0o600);

        const writable = await asUser(["map-writable", readOnly]);
        assert.equal(writable.ok, false, "a writable map of a file nobody may write succeeded");
        assert.equal(writable.name, "FileError");
        assert.equal(writable.code, "EACCES");
        assert.ok(writable.message?.includes(readOnly), writable.message);

        const opened = await asUser(["open", readOnly]);
        assert.equal(opened.ok, true, opened.message);
        assert.equal(opened.head, "read-only but readable\n");

        for (const args of [["map", secret], ["open", secret]]) {
          const denied = await asUser(args);
          assert.equal(denied.ok, false, `${args[0]} read a file nobody may read`);
          assert.equal(denied.code, "EACCES", denied.message);
          assert.ok(denied.message?.includes(secret), denied.message);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        for (const home of homes) rmSync(home, { recursive: true, force: true });
      }
    },
  );
});

describe("mapFile on a sparse 5 GiB file", () => {
  // Marks written past 4 GiB: one straddles a page boundary, one ends the file.
  const marks = [
    { at: 4 * GiB + 4093, text: "past four gibibytes" },
    { at: 5 * GiB - 8, text: "the end!" },
  ];

  function makeSparse(dir: string): string {
    const path = join(dir, "sparse.bin");
    const fd = openSync(path, "w");
    try {
      ftruncateSync(fd, 5 * GiB);
      for (const { at, text } of marks) {
        writeSync(fd, new TextEncoder().encode(text), 0, text.length, at);
      }
    } finally {
      closeSync(fd);
    }
    return path;
  }

  it("maps windows at offsets past 4 GiB and sees the bytes written there", {
    timeout: 60_000,
  }, () => {
    const dir = scratch();
    try {
      const path = makeSparse(dir);
      for (const { at, text } of marks) {
        // An unaligned window that starts a little before the mark.
        using slice = mapFile(path, { offset: at - 3, length: text.length + 3 });
        assert.equal(slice.byteLength, text.length + 3);
        assert.deepEqual([...slice.bytes.subarray(0, 3)], [0, 0, 0]);
        assert.equal(new TextDecoder().decode(slice.bytes.subarray(3)), text);
      }
      using hole = mapFile(path, { offset: 4 * GiB + 1, length: 1 << 20 });
      assert.equal(hole.bytes.indexOf(1), -1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("maps the whole file or says clearly why not, without taking the process down", {
    timeout: 120_000,
  }, async () => {
    const dir = scratch();
    try {
      const path = makeSparse(dir);
      // Each map runs in a child: a runtime that aborts on a big map must fail this test, not
      // end the suite. Deno's ArrayBuffers hold 5 GiB; Bun's stop at 4 GiB.
      const requests = [
        { offset: 0, length: 5 * GiB, fitsEverywhere: false },
        { offset: GiB, length: 4 * GiB, fitsEverywhere: true },
      ];
      for (const { offset, length, fitsEverywhere } of requests) {
        const probes = marks.map(({ at }) => String(at - offset));
        const args = ["map", path, String(offset), String(length), ...probes];
        const result = await run(scriptCommand(child, args), { timeoutMs: 60_000 });
        const what = `mapping ${length} bytes at ${offset}`;
        assert.equal(
          result.signal,
          null,
          `${what} killed the child (${result.signal}):\n${result.stderr}`,
        );
        assert.equal(result.timedOut, false, `${what} took too long`);
        const report = lastJson<ChildReport>(result);
        if (runtime === "deno" || fitsEverywhere) {
          assert.equal(report.ok, true, `${what} failed: ${report.message}`);
        }
        if (report.ok) {
          assert.equal(report.mapped, true);
          assert.equal(report.byteLength, length);
          assert.deepEqual(report.probed, marks.map(({ text }) => text.charCodeAt(0)));
        } else {
          // Too big for one view here: the error says why (the limit and the size) and for which file.
          assert.equal(report.name, "RangeError", String(report.message));
          assert.match(report.message ?? "", new RegExp(`at most \\d+ bytes.*${length}`));
          assert.ok(report.message?.includes(path), `no path in: ${report.message}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("mapFile releases what it takes", () => {
  it("10,000 map/close cycles leave no descriptor and no mapping behind", {
    skip: noProcReason,
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
    skip: noProcReason || (runtime === "deno" ? false : "needs Deno: Bun always maps"),
    timeout: 120_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "fallback.txt");
    try {
      writeFileSync(path, "f".repeat(1_000));
      // The child may read the file but not use FFI: every mapFile falls back to reading it.
      const command = scriptCommand(child, ["cycles", path, "10000"], ["--allow-read"]);
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
    skip: noProcReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "forgotten.txt");
    try {
      writeFileSync(path, "forgotten\n");
      const command = scriptCommand(child, ["forget", path, "200"], [
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
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "moved.txt");
    try {
      writeFileSync(path, "moved out of the mapping\n".repeat(40_000));
      const command = scriptCommand(child, ["transfer-forget", path], [
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

describe("mapFile when the file changes under the map", () => {
  it("a file deleted while mapped stays readable until close", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const path = join(dir, "deleted.txt");
    try {
      writeFileSync(path, "d".repeat(100_000));
      const result = await run(scriptCommand(child, ["map-then", path, "delete"], readWriteFfi));
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
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "truncated.txt");
    try {
      writeFileSync(path, "t".repeat(100_000));
      // Every language's mmap does this; the README sends such files to openFile instead, whose
      // test above shows a truncated file simply ending early.
      const result = await run(scriptCommand(child, ["map-then", path, "truncate"], readWriteFfi));
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
      assert.equal(countDescriptors(path), 0, "the failed calls left the file open");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
