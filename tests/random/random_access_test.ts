// openRandomAccess: readAt and readFullAt into the caller's memory (Go's ReadAt contract), the size,
// argument checks naming the argument, concurrent reads, close and disposal, files that are not
// regular, and the descriptor it holds, counted in /proc on every path.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import {
  FileError,
  openRandomAccess,
  type RandomAccessFile,
  UnexpectedEofError,
} from "../../mod.ts";
import {
  isFileError,
  makeScratch,
  pattern,
  removeScratch,
  writeScratch,
} from "../file/_fixtures.ts";
import { countDescriptors, noProcReason } from "../file/_proc.ts";
import { fenceIntact, window } from "../read/_sources.ts";

const dir = makeScratch("random-access");
after(() => removeScratch(dir));
const content = pattern(100_000);
const path = writeScratch(dir, "pattern.bin", content);

/** Runs `body` with `path` open, and closes it whatever happens. */
async function withFile<T>(
  file: string | URL,
  body: (opened: RandomAccessFile) => T | Promise<T>,
): Promise<T> {
  const opened = await openRandomAccess(file);
  try {
    return await body(opened);
  } finally {
    opened.close();
  }
}

describe("openRandomAccess: readAt", () => {
  it("fills the caller's window from the offset and resolves with a view of it", async () => {
    await withFile(path, async (file) => {
      const { buf, memory } = window(1000, 7, 9);
      const view = await file.readAt(buf, 40_000);
      assert.deepEqual(view, content.subarray(40_000, 41_000));
      assert.equal(view.buffer, memory, "the caller's memory, never transferred");
      assert.equal(view.byteOffset, 7);
      assert.equal(buf.length, 1000, "buf is still attached");
      assert.ok(fenceIntact(memory, 7, 1000), "nothing outside the window was written");
    });
  });

  it("is short only at the end of the file, and empty at or past it (Go's io.EOF)", async () => {
    await withFile(path, async (file) => {
      const tail = await file.readAt(new Uint8Array(10), content.length - 4);
      assert.deepEqual(tail, content.subarray(-4));
      assert.equal((await file.readAt(new Uint8Array(10), content.length)).length, 0);
      assert.equal((await file.readAt(new Uint8Array(10), content.length + 5)).length, 0);
      const far = await file.readAt(new Uint8Array(10), Number.MAX_SAFE_INTEGER);
      assert.equal(far.length, 0);
    });
  });

  it("reads nothing into an empty buffer", async () => {
    await withFile(path, async (file) => {
      const empty = await file.readAt(new Uint8Array(0), 5);
      assert.equal(empty.length, 0);
    });
  });

  it("reads into shared memory too (nothing is transferred)", async () => {
    await withFile(path, async (file) => {
      const shared = new Uint8Array(new SharedArrayBuffer(64), 16, 32);
      const view = await file.readAt(shared, 3);
      assert.deepEqual([...view], [...content.subarray(3, 35)]);
      assert.equal(view.buffer, shared.buffer);
    });
  });

  it("reads what a file grew by after it was opened; size stays what it was", async () => {
    const growing = writeScratch(dir, "growing.bin", new Uint8Array([1, 2, 3]));
    await withFile(growing, async (file) => {
      appendFileSync(growing, new Uint8Array([4, 5]));
      assert.equal(file.size, 3);
      assert.deepEqual(await file.readAt(new Uint8Array(8), 1), new Uint8Array([2, 3, 4, 5]));
    });
  });

  it("agrees with the file's bytes at any offset and length (property)", async () => {
    await withFile(path, async (file) => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: content.length + 10 }),
          fc.integer({ min: 0, max: 5000 }),
          async (offset, length) => {
            const view = await file.readAt(new Uint8Array(length), offset);
            assert.deepEqual(view, content.subarray(offset, offset + length));
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  it("serves any number of reads in progress at once on one file", async () => {
    await withFile(path, async (file) => {
      const reads = Array.from({ length: 300 }, (_, i) => {
        const offset = (i * 7919) % content.length;
        const length = 1 + (i * 131) % 3000;
        return file.readAt(new Uint8Array(length), offset).then((view) => ({ view, offset }));
      });
      const stream = new Response(file.stream(1000, 50_000)).arrayBuffer();
      const stream2 = new Response(file.stream(0)).arrayBuffer();
      for (const { view, offset } of await Promise.all(reads)) {
        assert.deepEqual(view, content.subarray(offset, offset + view.length));
        assert.ok(view.length > 0);
      }
      assert.deepEqual(new Uint8Array(await stream), content.subarray(1000, 51_000));
      assert.deepEqual(new Uint8Array(await stream2), content);
    });
  });
});

describe("openRandomAccess: readFullAt", () => {
  it("fills the whole buffer and resolves with it", async () => {
    await withFile(path, async (file) => {
      const buffer = new Uint8Array(5000);
      const view = await file.readFullAt(buffer, 95_000);
      assert.equal(view, buffer);
      assert.deepEqual(view, content.subarray(95_000));
    });
  });

  it("throws UnexpectedEofError with the filled view, naming the path and offsets", async () => {
    await withFile(path, async (file) => {
      const buffer = new Uint8Array(10);
      await assert.rejects(file.readFullAt(buffer, content.length - 4), (error: unknown) => {
        assert.ok(error instanceof UnexpectedEofError);
        assert.deepEqual(error.partial, content.subarray(-4));
        assert.equal(error.partial.buffer, buffer.buffer);
        assert.equal(error.wanted, 10);
        assert.equal(error.received, 4);
        assert.ok(error.message.includes(JSON.stringify(path)), error.message);
        assert.match(error.message, /at offset 99996 \(it ends at byte 100000\): read 4 of 10/);
        return true;
      });
      await assert.rejects(file.readFullAt(buffer, content.length), (error: unknown) => {
        assert.ok(error instanceof UnexpectedEofError);
        assert.equal(error.partial.length, 0);
        return true;
      });
    });
  });
});

describe("openRandomAccess: arguments", () => {
  it("rejects bad buffers and offsets, naming them", async () => {
    await withFile(path, async (file) => {
      for (const read of [file.readAt.bind(file), file.readFullAt.bind(file)]) {
        // @ts-expect-error: not a Uint8Array
        await assert.rejects(read([1, 2], 0), {
          name: "TypeError",
          message: /buffer must be a Uint8Array: received \[object Array\]/,
        });
        const detached = new Uint8Array(4);
        structuredClone(detached.buffer, { transfer: [detached.buffer] });
        await assert.rejects(read(detached, 0), {
          name: "TypeError",
          message: /buffer is detached/,
        });
        for (const offset of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
          await assert.rejects(read(new Uint8Array(4), offset), {
            name: "RangeError",
            message: new RegExp(`offset must be an integer >= 0: received ${offset}`),
          });
        }
        // @ts-expect-error: not a number
        await assert.rejects(read(new Uint8Array(4), "1"), {
          name: "TypeError",
          message: /offset must be a number: received "1"/,
        });
      }
    });
  });

  it("rejects bad sections, naming the argument", async () => {
    await withFile(path, (file) => {
      assert.throws(() => file.stream(-1), {
        name: "RangeError",
        message: /offset must be an integer >= 0: received -1/,
      });
      assert.throws(() => file.stream(0, -2), {
        name: "RangeError",
        message: /length must be an integer >= 0: received -2/,
      });
      assert.throws(() => file.stream(0, 1.5), {
        name: "RangeError",
        message: /length must be an integer >= 0: received 1.5/,
      });
      // @ts-expect-error: not a number
      assert.throws(() => file.stream("0"), {
        name: "TypeError",
        message: /offset must be a number: received "0"/,
      });
      assert.throws(() => file.stream(0, 5, { chunkSize: 0 }), {
        name: "RangeError",
        message: /chunkSize must be an integer >= 1: received 0/,
      });
      // @ts-expect-error: not an object
      assert.throws(() => file.stream(0, 5, 64), {
        name: "TypeError",
        message: /options must be an object: received 64/,
      });
    });
  });

  it("rejects paths that are not strings or file: URLs, and opens file: URLs", async () => {
    // @ts-expect-error: not a path
    await assert.rejects(openRandomAccess(42), {
      name: "TypeError",
      message: /path must be a string or a file: URL: received 42/,
    });
    await assert.rejects(openRandomAccess(""), {
      name: "TypeError",
      message: /path must not be empty/,
    });
    await assert.rejects(openRandomAccess("a\0b"), { name: "TypeError", message: /NUL byte/ });
    await withFile(pathToFileURL(path), (file) => {
      assert.equal(file.path, path);
      assert.equal(file.size, content.length);
    });
  });
});

describe("openRandomAccess: what it opens", () => {
  it("reports a regular file's size, and 0 for an empty one", async () => {
    await withFile(path, (file) => assert.equal(file.size, 100_000));
    const empty = writeScratch(dir, "empty", "");
    await withFile(empty, async (file) => {
      assert.equal(file.size, 0);
      assert.equal((await file.readAt(new Uint8Array(4), 0)).length, 0);
    });
  });

  it("refuses a missing file and a directory with FileErrors naming them", async () => {
    const missing = join(dir, "missing.bin");
    await assert.rejects(openRandomAccess(missing), isFileError("ENOENT", missing));
    const folder = join(dir, "folder");
    mkdirSync(folder);
    await assert.rejects(openRandomAccess(folder), (error: unknown) => {
      isFileError("EISDIR", folder)(error);
      assert.match(
        (error as Error).message,
        /it is a directory, and random access reads regular files only/,
      );
      return true;
    });
  });

  it("refuses a device with ENODEV, saying what it is", async () => {
    await assert.rejects(openRandomAccess("/dev/null"), (error: unknown) => {
      isFileError("ENODEV", "/dev/null")(error);
      assert.match((error as Error).message, /it is a character device/);
      return true;
    });
  });
});

describe("openRandomAccess: closing", () => {
  it("close() makes reads and new sections fail with EBADF naming the path; twice is fine", async () => {
    const file = await openRandomAccess(path);
    assert.equal(file.closed, false);
    file.close();
    file.close();
    assert.equal(file.closed, true);
    await assert.rejects(file.readAt(new Uint8Array(4), 12), (error: unknown) => {
      isFileError("EBADF", path)(error);
      assert.match((error as Error).message, /at offset 12/);
      return true;
    });
    await assert.rejects(file.readAt(new Uint8Array(0), 0), isFileError("EBADF", path));
    await assert.rejects(file.readFullAt(new Uint8Array(4), 0), isFileError("EBADF", path));
    assert.throws(() => file.stream(3), isFileError("EBADF", path));
  });

  it("a section being read when the file closes errors with EBADF", async () => {
    const file = await openRandomAccess(path);
    const reader = file.stream(0).getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(10));
    assert.deepEqual(first.value, content.subarray(0, 10));
    file.close();
    await assert.rejects(reader.read(new Uint8Array(10)), isFileError("EBADF", path));
  });

  it("Symbol.dispose and Symbol.asyncDispose close it", async () => {
    const one = await openRandomAccess(path);
    one[Symbol.dispose]();
    assert.equal(one.closed, true);
    const two = await openRandomAccess(path);
    await two[Symbol.asyncDispose]();
    assert.equal(two.closed, true);
  });
});

describe("openRandomAccess: descriptors (counted in /proc)", { skip: noProcReason }, () => {
  it("holds one descriptor while open and none after close, using or await using", async () => {
    const file = await openRandomAccess(path);
    assert.equal(countDescriptors(path), 1);
    await file.readAt(new Uint8Array(10), 0);
    file.close();
    assert.equal(countDescriptors(path), 0);
    {
      using scoped = await openRandomAccess(path);
      assert.equal(countDescriptors(path), 1);
      await scoped.readFullAt(new Uint8Array(10), 5);
    }
    assert.equal(countDescriptors(path), 0);
    {
      await using scoped = await openRandomAccess(path);
      assert.equal(countDescriptors(path), 1);
      await assert.rejects(scoped.readFullAt(new Uint8Array(10), content.length - 1));
    }
    assert.equal(countDescriptors(path), 0);
  });

  it("leaves no descriptor behind when it refuses a file", async () => {
    const folder = join(dir, "refused");
    mkdirSync(folder);
    const devNull = countDescriptors("/dev/null");
    for (let i = 0; i < 50; i++) {
      await assert.rejects(openRandomAccess(folder), FileError);
      await assert.rejects(openRandomAccess("/dev/null"), FileError);
      await assert.rejects(openRandomAccess(join(dir, "nothing")), FileError);
    }
    // Counted by what they point at: the suite runs other files in this process meanwhile
    // (deno test --parallel), so the process's total count moves on its own.
    assert.equal(countDescriptors(folder), 0);
    assert.equal(countDescriptors("/dev/null"), devNull);
  });

  it("500 open/read/close cycles, with sections cancelled and failed reads, leak nothing", async () => {
    for (let i = 0; i < 500; i++) {
      const file = await openRandomAccess(path);
      await file.readAt(new Uint8Array(16), i);
      if (i % 5 === 0) await file.stream(i).cancel();
      if (i % 7 === 0) await assert.rejects(file.readFullAt(new Uint8Array(8), content.length));
      file.close();
    }
    assert.equal(countDescriptors(path), 0);
  });

  it("ending or cancelling a section leaves the file open; closing the file closes it", async () => {
    const file = await openRandomAccess(path);
    await new Response(file.stream(0, 100)).arrayBuffer();
    await file.stream(5).cancel();
    assert.equal(countDescriptors(path), 1);
    assert.deepEqual(await file.readAt(new Uint8Array(3), 0), content.subarray(0, 3));
    file.close();
    assert.equal(countDescriptors(path), 0);
  });
});
