// The contract every runtime adapter passes: the same cases, run against each adapter available
// in the current runtime (tests/runtime/adapter_test.ts).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import process from "node:process";
import { FileError } from "../../src/errors.ts";
import type { RuntimeAdapter } from "../../src/runtime/adapter.ts";
import {
  makeScratch,
  noProcSelfReason,
  pattern,
  removeScratch,
  writeScratch,
} from "../file/_fixtures.ts";
import { noProcReason } from "../file/_proc.ts";

const request = { writable: false, populate: false, advice: "normal" } as const;

/** Runs the adapter contract against `adapter`. */
export function adapterContract(adapter: RuntimeAdapter): void {
  describe(`the ${adapter.name} adapter`, () => {
    const dir = makeScratch(`contract-${adapter.name}`);
    after(() => removeScratch(dir));
    const content = pattern(3 * 65536 + 5);
    const path = writeScratch(dir, "pattern.bin", content);
    const canMap = adapter.mapUnavailable() === undefined;

    it("names the operating system as Deno does", () => {
      const expected = process.platform === "win32" ? "windows" : process.platform;
      assert.equal(adapter.os, expected);
    });

    it("has a page size that is a power of two", () => {
      assert.ok(adapter.pageSize >= 4096 && (adapter.pageSize & (adapter.pageSize - 1)) === 0);
    });

    it("openForMap reports a regular file's size and reads windows of it", () => {
      const handle = adapter.openForMap(path, false);
      try {
        assert.equal(handle.kind, "regular");
        assert.equal(handle.size, content.length);
        assert.deepEqual(handle.read(70_000, 10), content.subarray(70_000, 70_010));
        assert.deepEqual(handle.read(content.length - 2, 10), content.subarray(-2));
      } finally {
        handle.close();
        handle.close();
      }
    });

    it("openForMap's readAt fills the caller's memory from any position, in any order", () => {
      const handle = adapter.openForMap(path, false);
      try {
        const view = new Uint8Array(new ArrayBuffer(64), 7, 16);
        for (const position of [70_000, 3, content.length - 5, 40_000]) {
          const count = handle.readAt(view, position);
          assert.equal(count, Math.min(16, content.length - position));
          assert.deepEqual(view.subarray(0, count), content.subarray(position, position + count));
        }
        assert.equal(handle.readAt(view, content.length), 0, "0 at the end of the file");
      } finally {
        handle.close();
      }
      assert.throws(() => handle.readAt(new Uint8Array(4), 0), /EBADF|closed|bad file/i);
    });

    it("openForMap reports an empty file as regular with size 0", () => {
      const handle = adapter.openForMap(writeScratch(dir, "empty", ""), false);
      assert.equal(handle.kind, "regular");
      assert.equal(handle.size, 0);
      handle.close();
    });

    it("openForMap reports /proc/self/status as special and reads it to the end", {
      skip: noProcSelfReason,
    }, () => {
      const handle = adapter.openForMap("/proc/self/status", false);
      assert.equal(handle.kind, "special");
      assert.match(new TextDecoder().decode(handle.read(0, undefined)), /^Name:/);
      handle.close();
    });

    it("openForMap throws FileErrors for a missing path and a directory", () => {
      assert.throws(
        () => adapter.openForMap(`${dir}/missing`, false),
        (error: unknown) => error instanceof FileError && error.code === "ENOENT",
      );
      assert.throws(
        () => adapter.openForMap(dir, false),
        (error: unknown) => error instanceof FileError && error.code === "EISDIR",
      );
    });

    it("openForMap names the file it opened: its identity, and a descriptor number if any", () => {
      const first = adapter.openForMap(path, false);
      const again = adapter.openForMap(path, false);
      const other = adapter.openForMap(writeScratch(dir, "other.bin", "other"), false);
      try {
        assert.match(first.identity, /^\d+(:\d+)+$/);
        assert.equal(again.identity, first.identity, "two opens of one file differ");
        assert.notEqual(other.identity, first.identity, "two files look the same");
        // Every thread of the process may use the number: /proc/self/fd/N is this open file
        // (which Deno lets read only with --allow-all, unless libc opens it).
        if (first.descriptor !== undefined && adapter.os === "linux" && !noProcReason) {
          const shared = adapter.openForMap(`/proc/self/fd/${first.descriptor}`, false);
          assert.equal(shared.identity, first.identity);
          assert.equal(shared.size, content.length);
          shared.close();
        }
      } finally {
        first.close();
        again.close();
        other.close();
      }
    });

    it("openForMap(path, true) writes bytes at an offset and syncs; closed, both are EBADF", () => {
      const target = writeScratch(dir, "write-back.bin", content);
      const handle = adapter.openForMap(target, true);
      try {
        handle.write(70_000, new Uint8Array([1, 2, 3, 4]).subarray(1));
        handle.write(content.length - 1, new Uint8Array([5]));
        handle.sync();
      } finally {
        handle.close();
      }
      const expected = content.slice();
      expected.set([2, 3, 4], 70_000);
      expected[content.length - 1] = 5;
      assert.deepEqual(new Uint8Array(readFileSync(target)), expected);
      const closed = (error: unknown): boolean =>
        error instanceof FileError && error.code === "EBADF" && error.path === target;
      assert.throws(() => handle.write(0, new Uint8Array(1)), closed);
      assert.throws(() => handle.sync(), closed);
      handle.close();
    });

    it("a write through a handle opened read-only is a FileError naming the path, with cause", () => {
      const handle = adapter.openForMap(path, false);
      try {
        assert.throws(
          () => handle.write(0, new Uint8Array(1)),
          (error: unknown) =>
            error instanceof FileError && error.path === path && error.cause !== undefined &&
            error.message.includes(path),
        );
      } finally {
        handle.close();
      }
      assert.deepEqual(new Uint8Array(readFileSync(path)), content);
    });

    it(canMap ? "maps page-aligned windows" : "is unable to map, and says why", () => {
      const handle = adapter.openForMap(path, false);
      try {
        if (!canMap) {
          assert.ok((adapter.mapUnavailable() ?? "").length > 0);
          return;
        }
        const mapping = handle.map({ ...request, offset: 65536, length: 1000 });
        assert.deepEqual(new Uint8Array(mapping.buffer), content.subarray(65536, 66536));
        mapping.buffer.transfer(0);
        mapping.release();
      } finally {
        handle.close();
      }
    });

    it("openReader reads from start to the end, into the given views", async () => {
      const reader = await adapter.openReader(path, 100);
      const view = new Uint8Array(content.length);
      let filled = 0;
      for (;;) {
        const count = await reader.read(view.subarray(filled));
        if (count === 0) break;
        filled += count;
      }
      assert.deepEqual(view.subarray(0, filled), content.subarray(100));
      await reader.close();
      await reader.close();
    });

    it("openReader says a regular file's size, and none for an empty-looking one", async () => {
      const reader = await adapter.openReader(path, 0);
      assert.equal(reader.size, content.length);
      await reader.close();
      const empty = await adapter.openReader(writeScratch(dir, "empty-read", ""), 0);
      assert.equal(empty.size, undefined, "a size of 0 may hide content (/proc)");
      await empty.close();
    });

    it("openReader rejects a missing path and a directory with FileErrors", async () => {
      await assert.rejects(
        adapter.openReader(`${dir}/missing`, 0),
        (error: unknown) => error instanceof FileError && error.code === "ENOENT",
      );
      await assert.rejects(
        adapter.openReader(dir, 0),
        (error: unknown) => error instanceof FileError && error.code === "EISDIR",
      );
    });

    it("openWriter writes, appends, syncs and refuses a missing file without create", async () => {
      const target = `${dir}/written`;
      let writer = await adapter.openWriter(target, { append: false, create: true });
      assert.equal(await writer.write(new Uint8Array([1, 2, 3]).subarray(1)), 2);
      await writer.sync();
      await writer.close();
      await writer.close();
      writer = await adapter.openWriter(target, { append: true, create: false });
      await writer.write(new Uint8Array([9]));
      await writer.close();
      assert.deepEqual(new Uint8Array(readFileSync(target)), new Uint8Array([2, 3, 9]));
      await assert.rejects(
        adapter.openWriter(`${dir}/absent`, { append: false, create: false }),
        (error: unknown) => error instanceof FileError && error.code === "ENOENT",
      );
    });
  });
}
