// mapFile's writable fallback: a writable window that cannot be mapped is read into memory, and
// flush() and close() write it back through a descriptor kept open read-write until close().
// The same cases run through every way of reaching the fallback this process has: the public
// mapFile where it cannot map (Deno without --allow-ffi: the deno-no-ffi step of npm test), this
// runtime's adapter with mapping switched off, and the node:fs fallback adapter.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { FileError, mapFile, type MapOptions, type MappedFile } from "../../mod.ts";
import { mapWith } from "../../src/file/_map.ts";
import { type MapHandle, runtime, type RuntimeAdapter } from "../../src/runtime/adapter.ts";
import { fallbackRuntime } from "../../src/runtime/fallback.ts";
import { mkfifoSync } from "./_fifo.ts";
import {
  canMap,
  isFileError,
  makeScratch,
  pattern,
  removeScratch,
  writeScratch,
} from "./_fixtures.ts";
import { accessModes, countDescriptors, noProcReason } from "./_proc.ts";
import { lastJson, runHeld, scriptCommand } from "./_subprocess.ts";

const dir = makeScratch("map-writable-fallback");
after(() => removeScratch(dir));
const content = pattern(3 * 4096 + 123);

/** `adapter` as a runtime that cannot map: mapFile must take its read fallback. */
function withoutMapping(adapter: RuntimeAdapter): RuntimeAdapter {
  return { ...adapter, mapUnavailable: () => "mapping is switched off by the test" };
}

/**
 * `adapter` whose map handles fail every `method` call with a FileError (cause set); "short"
 * reads return one byte less than asked for, as a sysfs file or one that shrank meanwhile does.
 */
function failing(adapter: RuntimeAdapter, method: "read" | "write" | "short"): RuntimeAdapter {
  return {
    ...adapter,
    openForMap(path: string, writable: boolean): MapHandle {
      const handle = adapter.openForMap(path, writable);
      const fail = (): never => {
        throw new FileError(method, path, "EIO", { cause: new Error(`injected ${method} error`) });
      };
      const read = (offset: number, length: number | undefined): Uint8Array =>
        method === "read"
          ? fail()
          : method === "short"
          ? handle.read(offset, length).subarray(1)
          : handle.read(offset, length);
      return {
        size: handle.size,
        kind: handle.kind,
        descriptor: handle.descriptor,
        identity: handle.identity,
        read,
        readAt: (view, position) => method === "read" ? fail() : handle.readAt(view, position),
        map: (request) => handle.map(request),
        write: (offset, bytes) => method === "write" ? fail() : handle.write(offset, bytes),
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

interface Way {
  name: string;
  adapter: RuntimeAdapter;
  open(path: string, options?: MapOptions): MappedFile;
}

function through(name: string, adapter: RuntimeAdapter): Way {
  return { name, adapter, open: (path, options) => mapWith(adapter, path, options) };
}

const ways: Way[] = [
  ...(canMap ? [] : [{ name: "mapFile, which cannot map here", adapter: runtime, open: mapFile }]),
  through(`the ${runtime.name} adapter with mapping switched off`, withoutMapping(runtime)),
  through("the node:fs fallback adapter", fallbackRuntime),
];

/** The file's bytes with `bytes` put at `offset`, as the disk should hold them. */
function patched(original: Uint8Array, offset: number, bytes: ArrayLike<number>): Uint8Array {
  const expected = original.slice();
  expected.set(bytes, offset);
  return expected;
}

function onDisk(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

let files = 0;
function scratchFile(): string {
  return writeScratch(dir, `file-${files++}.bin`, content);
}

for (const way of ways) {
  describe(`writable mapFile fallback through ${way.name}`, () => {
    it("reads the window into memory, and flush() writes it back at its offset only", () => {
      const path = scratchFile();
      const file = way.open(path, { writable: true, offset: 4097, length: 300 });
      try {
        assert.equal(file.mapped, false);
        assert.equal(file.byteLength, 300);
        assert.deepEqual(file.bytes, content.subarray(4097, 4397));
        file.bytes.set([1, 2, 3], 10);
        file.bytes[299] = 4;
        assert.deepEqual(onDisk(path), content, "a write reached the file before flush()");
        file.flush();
        assert.deepEqual(onDisk(path), patched(patched(content, 4107, [1, 2, 3]), 4396, [4]));
        assert.equal(file.bytes[10], 1, "flush() kept the bytes");
      } finally {
        file.close();
      }
    });

    it("close() writes back without flush(), then detaches every view", () => {
      const path = scratchFile();
      const file = way.open(path, { writable: true, offset: 5000, length: 64 });
      const bytes = file.bytes;
      const chunk = file.chunks(16).next().value as Uint8Array;
      bytes[0] = 7;
      chunk[1] = 8;
      file.close();
      assert.deepEqual(onDisk(path), patched(content, 5000, [7, 8]));
      assert.equal(bytes.length, 0);
      assert.equal(chunk.length, 0);
      assert.equal((bytes.buffer as ArrayBuffer).detached, true);
      assert.equal(file.bytes.length, 0);
      assert.equal(file.byteLength, 0);
      assert.deepEqual([...file.chunks(4)], []);
      // Closed: nothing is written any more, however the file changes meanwhile.
      writeFileSync(path, "changed since");
      file.flush();
      file.close();
      assert.equal(readFileSync(path, "latin1"), "changed since");
    });

    it("using writes back at the end of the block", () => {
      const path = scratchFile();
      let bytes: Uint8Array;
      {
        using file = way.open(path, { writable: true, offset: 3 });
        bytes = file.bytes;
        bytes[0] = 200;
      }
      assert.equal(bytes.length, 0);
      assert.deepEqual(onDisk(path), patched(content, 3, [200]));
    });

    it("holds one read-write descriptor until close(), and none after", {
      skip: noProcReason,
    }, () => {
      const path = scratchFile();
      const file = way.open(path, { writable: true, offset: 1, length: 2 });
      assert.deepEqual(accessModes(path), ["read-write"]);
      file.close();
      assert.equal(countDescriptors(path), 0);
      way.open(path, { offset: 1, length: 2 }).close();
      const readOnly = way.open(path, { offset: 1, length: 2 });
      assert.equal(countDescriptors(path), 0, "a read-only fallback kept its descriptor");
      readOnly.close();
    });

    it('fallback "error" still throws ENOTSUP naming the path, leaving no descriptor', () => {
      const path = scratchFile();
      assert.throws(
        () => way.open(path, { writable: true, fallback: "error" }),
        (error: unknown) => isFileError("ENOTSUP", path)(error),
      );
      if (!noProcReason) assert.equal(countDescriptors(path), 0);
    });

    it("a read-only fallback is unchanged: its writes stay in memory, flush() writes nothing", () => {
      const path = scratchFile();
      const file = way.open(path, { offset: 7, length: 5 });
      assert.equal(file.mapped, false);
      file.bytes[0] = 250;
      file.flush();
      file.close();
      assert.deepEqual(onDisk(path), content);
    });

    it("a failed read closes the descriptor and throws the adapter's FileError", () => {
      const path = scratchFile();
      const faulty = failing(way.adapter, "read");
      assert.throws(
        () => mapWith(faulty, path, { writable: true, offset: 2 }),
        (error: unknown) =>
          isFileError("EIO", path)(error) && (error as Error).cause instanceof Error,
      );
      if (!noProcReason) assert.equal(countDescriptors(path), 0);
    });

    it("a window read short (sysfs, a file that shrank) is refused writable: ENODEV, no descriptor", () => {
      const path = scratchFile();
      const short = failing(way.adapter, "short");
      assert.throws(
        () => mapWith(short, path, { writable: true, offset: 2, length: 100 }),
        (error: unknown) =>
          isFileError("ENODEV", path)(error) && /only 99 of the 100 bytes/.test(String(error)),
      );
      if (!noProcReason) assert.equal(countDescriptors(path), 0);
      using readOnly = mapWith(short, path, { offset: 2, length: 100 });
      assert.equal(readOnly.byteLength, 99, "a read-only window read short is kept, as before");
      assert.deepEqual(onDisk(path), content);
    });

    it("a failed write-back: flush() throws; close() detaches, closes the descriptor, throws", () => {
      const path = scratchFile();
      const file = mapWith(failing(way.adapter, "write"), path, { writable: true, offset: 2 });
      const bytes = file.bytes;
      bytes[0] = 1;
      const injected = (error: unknown): boolean =>
        isFileError("EIO", path)(error) && /injected write/.test(String((error as Error).cause));
      assert.throws(() => file.flush(), injected);
      assert.throws(() => file.close(), injected);
      assert.equal(bytes.length, 0, "the views were not detached");
      if (!noProcReason) assert.equal(countDescriptors(path), 0, "the descriptor was left open");
      file.close();
      assert.deepEqual(onDisk(path), content);
    });

    it("bytes moved to another ArrayBuffer: flush() and close() throw EBADF, close() still closes", () => {
      const path = scratchFile();
      const file = way.open(path, { writable: true, offset: 4096, length: 4 });
      const moved = new Uint8Array((file.bytes.buffer as ArrayBuffer).transfer());
      moved[0] = 1;
      const movedAway = (error: unknown): boolean =>
        isFileError("EBADF", path)(error) && /moved to another ArrayBuffer/.test(String(error));
      assert.throws(() => file.flush(), movedAway);
      assert.throws(() => file.close(), movedAway);
      file.close();
      if (!noProcReason) assert.equal(countDescriptors(path), 0);
      assert.deepEqual(onDisk(path), content, "nothing was written");
      assert.deepEqual([...moved], [1, ...content.subarray(4097, 4100)], "the moved bytes stay");
    });

    it("a FIFO is still refused writable (ENODEV): it cannot be written back at an offset", {
      skip: mkfifoSync.skip,
    }, () => {
      // Opened read-write, a FIFO has both ends open: nothing blocks, and nothing is read.
      const fifo = mkfifoSync(dir, `writable-${files++}.fifo`);
      assert.throws(() => way.open(fifo, { writable: true }), isFileError("ENODEV", fifo));
      if (!noProcReason) assert.equal(countDescriptors(fifo), 0);
    });
  });
}

const deno = (globalThis as {
  Deno?: { permissions: { querySync(d: { name: string }): { state: string } } };
}).Deno;
const child = new URL("./_write_back_child.ts", import.meta.url).pathname;
const noChildReason = process.platform !== "linux"
  ? "needs Linux (sh's ulimit -f, and /proc/PID/fd)"
  : noProcReason
  ? noProcReason
  : deno !== undefined && deno.permissions.querySync({ name: "run" }).state !== "granted"
  ? "needs --allow-run to start a child"
  : false;

/** The child, with Deno reading and writing files only (no FFI: mapFile falls back by itself). */
function childCommand(args: string[], denoFlags: string[] = []): string[] {
  return scriptCommand(child, args, ["--allow-read", "--allow-write", ...denoFlags]);
}

interface ErrorReport {
  name: string;
  message: string;
  code: string;
  path: string;
  hasCause: boolean;
}

describe("writable mapFile fallback in a child process", () => {
  it(
    "a write-back the system refuses (EFBIG past a file size limit) is a FileError naming the path, and no descriptor is left",
    {
      skip: noChildReason,
      timeout: 60_000,
    },
    async () => {
      // A sparse 40 MiB file, written at 36 MiB under a 16 MiB limit (sh's 512-byte blocks; 32 MiB
      // if they are KiB): the write fails with EFBIG, not the runtime's own small cache writes.
      const path = join(dir, "limited.bin");
      const fd = openSync(path, "w");
      ftruncateSync(fd, 40 * 2 ** 20);
      closeSync(fd);
      const limited = ["sh", "-c", `trap '' XFSZ; ulimit -f 32768; exec "$0" "$@"`];
      const result = await runHeld(
        [...limited, ...childCommand(["fail", path, String(36 * 2 ** 20)])],
        (pid) => countDescriptors(path, pid),
        { timeoutMs: 30_000 },
      );
      const report = lastJson<{
        ok: boolean;
        message?: string;
        mapped: boolean;
        flushError: ErrorReport | null;
        closeError: ErrorReport | null;
        secondClose: ErrorReport | null;
        lengthAfterClose: number;
      }>(result);
      assert.equal(report.ok, true, String(report.message));
      assert.equal(report.mapped, false);
      for (const error of [report.flushError, report.closeError]) {
        assert.ok(error !== null, "the write-back did not fail: no file size limit?");
        assert.equal(error.name, "FileError");
        assert.equal(error.code, "EFBIG");
        assert.equal(error.path, path);
        assert.ok(error.message.includes(path), error.message);
        assert.equal(error.hasCause, true);
      }
      assert.equal(report.secondClose, null, "a second close() did not do nothing");
      assert.equal(report.lengthAfterClose, 0);
      assert.equal(result.inspected, 0, "the descriptor was left open after close()");
      assert.ok(onDisk(path).every((byte) => byte === 0), "bytes reached the file past the limit");
    },
  );

  it("writable files dropped without close() have their descriptors closed when collected", {
    skip: noChildReason,
    timeout: 60_000,
  }, async () => {
    const path = writeScratch(dir, "forgotten.bin", "forgotten");
    const result = await runHeld(
      childCommand(["forget", path, "50"], ["--v8-flags=--expose-gc"]),
      (pid) => countDescriptors(path, pid),
      { timeoutMs: 30_000 },
    );
    const report = lastJson<{ ok: boolean; message?: string; sum: number }>(result);
    assert.equal(report.ok, true, String(report.message));
    assert.equal(report.sum, 50 * "f".charCodeAt(0));
    assert.equal(result.inspected, 0, `${result.inspected} of 50 descriptors are left open`);
  });
});
