import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkfifoSync } from "./_fifo.ts";
import { closeSync, openSync, readFileSync } from "node:fs";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { mapFile } from "../../mod.ts";
import {
  canMap,
  isFileError,
  makeScratch,
  noMapReason,
  noProcSelfReason,
  pattern,
  removeScratch,
  writeScratch,
} from "./_fixtures.ts";

const dir = makeScratch("map-file");
after(() => removeScratch(dir));
const content = pattern(3 * 4096 + 123);
const path = writeScratch(dir, "pattern.bin", content);

const sysfsFile = "/sys/kernel/mm/transparent_hugepage/enabled";
const noSysfsReason = unreadable(sysfsFile);
const noDevZeroReason = process.platform === "linux" ? unreadable("/dev/zero") : "needs Linux";

function unreadable(file: string): string | false {
  try {
    closeSync(openSync(file, "r"));
    return false;
  } catch (error) {
    return `needs a readable ${file}: ${(error as Error).message}`;
  }
}

describe("mapFile", () => {
  it(`maps the whole file (mapped: ${canMap} in this process)`, () => {
    using file = mapFile(path);
    assert.equal(file.mapped, canMap);
    assert.equal(file.byteLength, content.length);
    assert.deepEqual(file.bytes, content);
  });

  it("maps a window at any offset, as a view at the right place", () => {
    for (const offset of [0, 1, 4095, 4096, 4097, 2 * 4096 + 7]) {
      using file = mapFile(path, { offset, length: 300 });
      assert.equal(file.mapped, canMap);
      assert.equal(file.byteLength, 300);
      assert.deepEqual(file.bytes, content.subarray(offset, offset + 300), `offset ${offset}`);
    }
  });

  it("maps from offset to the end when length is left out", () => {
    using file = mapFile(path, { offset: 5000 });
    assert.deepEqual(file.bytes, content.subarray(5000));
  });

  it("accepts a file: URL, decoding its escapes", () => {
    const odd = writeScratch(dir, "a name with spaces é%.bin", "url");
    const url = pathToFileURL(odd);
    assert.match(url.href, /%20/);
    using file = mapFile(url);
    assert.equal(new TextDecoder().decode(file.bytes), "url");
  });

  it("chunks(size) yields views of the mapping, no copies", () => {
    using file = mapFile(path, { offset: 10 });
    const views = [...file.chunks(4096)];
    assert.equal(views.length, Math.ceil(file.byteLength / 4096));
    for (const view of views) assert.equal(view.buffer, file.bytes.buffer);
    assert.equal(views[1].byteOffset, file.bytes.byteOffset + 4096);
    assert.deepEqual(new Uint8Array(views.flatMap((view) => [...view])), file.bytes);
  });

  it("chunks(size) rejects a size that is not an integer >= 1", () => {
    using file = mapFile(path);
    assert.throws(() => file.chunks(0), RangeError);
    assert.throws(() => file.chunks(1.5), RangeError);
    assert.throws(() => file.chunks("4" as unknown as number), TypeError);
  });

  it("close() detaches every view: length 0 after, no crash, idempotent", () => {
    const file = mapFile(path, { offset: 1 });
    const bytes = file.bytes;
    const chunk = file.chunks(100).next().value as Uint8Array;
    const iterator = file.chunks(4096);
    iterator.next();
    file.close();
    assert.equal(bytes.length, 0);
    assert.equal(chunk.length, 0);
    assert.equal(file.bytes.length, 0);
    assert.equal(file.byteLength, 0);
    assert.equal(bytes[0], undefined);
    assert.equal(iterator.next().done, true);
    assert.deepEqual([...file.chunks(10)], []);
    file.close();
    file.flush();
  });

  it("using closes it at the end of the block", () => {
    let bytes: Uint8Array;
    {
      using file = mapFile(path);
      bytes = file.bytes;
      assert.equal(bytes.length, content.length);
    }
    assert.equal(bytes.length, 0);
  });

  it("close() after the buffer was transferred elsewhere leaves the moved buffer readable", () => {
    const file = mapFile(path);
    const moved = new Uint8Array((file.bytes.buffer as ArrayBuffer).transfer());
    file.close();
    assert.equal(moved[moved.length - 1], content[content.length - 1]);
  });

  it("an empty file gives empty bytes and maps nothing", () => {
    const empty = writeScratch(dir, "empty.bin", "");
    using file = mapFile(empty);
    assert.equal(file.byteLength, 0);
    assert.equal(file.mapped, false);
    assert.deepEqual([...file.chunks(8)], []);
  });

  it("an empty window gives empty bytes", () => {
    using file = mapFile(path, { offset: content.length });
    assert.equal(file.byteLength, 0);
    assert.equal(file.mapped, false);
  });

  it("/proc/self/status (size 0, yet content) is read, not mapped", {
    skip: noProcSelfReason,
  }, () => {
    using file = mapFile("/proc/self/status");
    assert.equal(file.mapped, false);
    assert.match(new TextDecoder().decode(file.bytes), /^Name:/);
    assert.throws(
      () => mapFile("/proc/self/status", { fallback: "error" }),
      isFileError("ENODEV", "/proc/self/status"),
    );
  });

  it("a FIFO is a FileError ENODEV naming its kind: it can only be streamed", {
    skip: mkfifoSync.skip,
  }, () => {
    // No writer: opening it the blocking way would stop this thread for good (tests/faults/).
    const fifo = mkfifoSync(dir, "map.fifo");
    for (const fallback of ["read", "error"] as const) {
      assert.throws(
        () => mapFile(fifo, { fallback }),
        (error: unknown) => isFileError("ENODEV", fifo)(error) && /FIFO/.test(String(error)),
      );
    }
  });

  it("a device is a FileError ENODEV, never an endless read", { skip: noDevZeroReason }, () => {
    assert.throws(() => mapFile("/dev/zero"), isFileError("ENODEV", "/dev/zero"));
  });

  it("a file system that cannot map (sysfs) is read instead", { skip: noSysfsReason }, () => {
    using file = mapFile(sysfsFile);
    assert.equal(file.mapped, false);
    assert.equal(new TextDecoder().decode(file.bytes), readFileSync(sysfsFile, "utf8"));
    assert.throws(
      () => mapFile(sysfsFile, { fallback: "error" }),
      (error: unknown) =>
        isFileError(canMap ? "ENODEV" : "ENOTSUP", sysfsFile)(error) &&
        (!canMap || /Cannot map \d+ bytes at offset 0 \(page-aligned\) of /.test(String(error))),
    );
  });

  it("a missing path is a FileError ENOENT naming the path", () => {
    const missing = `${dir}/missing.bin`;
    assert.throws(() => mapFile(missing), isFileError("ENOENT", missing));
  });

  it("a directory is a FileError EISDIR", () => {
    assert.throws(() => mapFile(dir), isFileError("EISDIR", dir));
  });

  it("a path with a NUL byte is a TypeError, never a truncated open", () => {
    assert.throws(() => mapFile(`${path}\0.ignored`), /must not contain a NUL byte/);
    assert.throws(() => mapFile(new URL(`${pathToFileURL(path).href}%00x`)), TypeError);
  });

  it("other bad paths are TypeErrors (all cases: path_test.ts)", () => {
    assert.throws(() => mapFile(""), TypeError);
    assert.throws(() => mapFile(42 as unknown as string), TypeError);
    assert.throws(
      () => mapFile(new URL("https://example.com/file")),
      /must be a file: URL: received "https:\/\/example\.com\/file"/,
    );
  });

  it("offset or length outside the file is a RangeError naming them and the size", () => {
    const size = content.length;
    assert.throws(
      () => mapFile(path, { offset: size + 1 }),
      (error: unknown) =>
        error instanceof RangeError && error.message.includes(`${size} bytes`) &&
        error.message.includes("offset") && error.message.includes(`${size + 1}`),
    );
    assert.throws(
      () => mapFile(path, { offset: 10, length: size }),
      (error: unknown) =>
        error instanceof RangeError && error.message.includes(`offset 10 + length ${size}`),
    );
    assert.throws(() => mapFile(path, { offset: -1 }), RangeError);
    assert.throws(() => mapFile(path, { length: 1.5 }), RangeError);
  });

  it("bad options are TypeErrors naming the option", () => {
    const bad: unknown[] = [
      { advice: "fast" },
      { fallback: "copy" },
      { writable: "yes" },
      { populate: 1 },
      { offset: "1" },
    ];
    for (const options of bad) {
      assert.throws(() => mapFile(path, options as never), TypeError, JSON.stringify(options));
    }
    assert.throws(
      () => mapFile(path, null as never),
      /options must be a plain object or undefined/,
    );
  });

  it("advice and populate are accepted hints", () => {
    for (const advice of ["normal", "sequential", "random", "willneed"] as const) {
      using file = mapFile(path, { advice, populate: true, offset: 7 });
      assert.deepEqual(file.bytes, content.subarray(7));
    }
  });

  it(`fallback "error" ${canMap ? "still maps" : "throws ENOTSUP saying why"}`, () => {
    if (canMap) {
      using file = mapFile(path, { fallback: "error" });
      assert.equal(file.mapped, true);
    } else {
      assert.throws(
        () => mapFile(path, { fallback: "error" }),
        (error: unknown) =>
          isFileError("ENOTSUP", path)(error) &&
          // Deno names the flag it lacks; a runtime with no FFI at all (Node) says so.
          /--allow-ffi|no foreign function interface/.test((error as Error).message),
      );
    }
  });

  it(`writable windows ${canMap ? "are mapped" : "are read into memory"} and reach the file`, () => {
    const target = writeScratch(dir, "writable.bin", "abcdefghij".repeat(1000));
    const file = mapFile(target, { writable: true, populate: true, offset: 4097, length: 3 });
    assert.equal(file.mapped, canMap);
    file.bytes.set([65, 66, 67]);
    file.flush();
    file.close();
    assert.equal(readFileSync(target, "latin1").slice(4096, 4101), "gABCa");
  });

  it("a read-only map keeps writes to its view private, and flush() does nothing", {
    skip: noMapReason,
  }, () => {
    const target = writeScratch(dir, "private.bin", "private");
    using file = mapFile(target);
    file.bytes[0] = 80;
    file.flush();
    assert.equal(readFileSync(target, "latin1"), "private");
    assert.equal(file.bytes[0], 80, "the private change stays in this process");
  });

  it("flush() does nothing for read-only bytes read into memory, nor after close()", () => {
    const target = writeScratch(dir, "flush.bin", "flush");
    const file = mapFile(target, { offset: 5 });
    assert.equal(file.mapped, false);
    file.flush();
    file.close();
    file.flush();
    const writable = mapFile(target, { writable: true });
    writable.bytes[0] = 70;
    writable.close();
    writable.flush();
    assert.equal(readFileSync(target, "latin1"), "Flush", "close() kept the written byte");
  });
});
