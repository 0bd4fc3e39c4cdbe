import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { FileError, FixedChunkStream, openFile } from "../../mod.ts";
import { mkfifoSync } from "./_fifo.ts";
import { countDescriptors, noProcReason } from "./_proc.ts";
import {
  makeScratch,
  noProcSelfReason,
  pattern,
  removeScratch,
  writeScratch,
} from "./_fixtures.ts";

const dir = makeScratch("open-file");
after(() => removeScratch(dir));
const content = pattern(200_000);
const path = writeScratch(dir, "pattern.bin", content);

/** Rejects if `promise` has not settled within 5 s, so a stream that never settles fails. */
async function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the read never settled")), 5000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function joined(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

describe("openFile", () => {
  it("BYOB reads land in the caller's buffer, reused read after read", async () => {
    const reader = (await openFile(path)).getReader({ mode: "byob" });
    const memory = new ArrayBuffer(10_000);
    let view = new Uint8Array(memory, 16, 4096);
    const parts: Uint8Array[] = [];
    let memoryInUse: ArrayBufferLike | undefined;
    for (;;) {
      const { done, value } = await reader.read(view);
      if (done) break;
      assert.equal(value.byteOffset, 16, "the bytes land at the caller's offset");
      if (memoryInUse !== undefined) assert.equal(value.buffer.byteLength, 10_000);
      memoryInUse = value.buffer;
      parts.push(value.slice());
      view = new Uint8Array(value.buffer, 16, 4096);
    }
    assert.deepEqual(joined(parts), content);
  });

  it("default readers get chunks of chunkSize, each owning its whole ArrayBuffer", async () => {
    const chunks = await Array.fromAsync(await openFile(path, { chunkSize: 30_000 }));
    assert.deepEqual(
      chunks.map((chunk) => chunk.length),
      [30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 20_000],
    );
    assert.equal(new Set(chunks.map((chunk) => chunk.buffer)).size, chunks.length);
    assert.deepEqual(joined(chunks), content);
    // Whole buffers, so a byte transform takes them over; the last no bigger than the file left.
    for (const chunk of chunks) {
      assert.equal(chunk.byteOffset, 0);
      assert.equal(chunk.buffer.byteLength, chunk.length);
    }
  });

  it("openFile → FixedChunkStream(chunkSize) copies nothing: its chunks are taken over", async () => {
    const fixed = new FixedChunkStream(25_000);
    const chunks = await Array.fromAsync(
      (await openFile(path, { chunkSize: 25_000 })).pipeThrough(fixed),
    );
    assert.deepEqual(joined(chunks), content);
    assert.equal(fixed.stats.bytesIn, content.length);
    assert.equal(fixed.stats.bytesCopied, 0);
  });

  it("the default chunkSize is 1 MiB, and a chunk is never larger than the file left", async () => {
    const big = writeScratch(dir, "big.bin", pattern(1.5 * 2 ** 20));
    const chunks = await Array.fromAsync(await openFile(big));
    assert.deepEqual(chunks.map((chunk) => chunk.length), [2 ** 20, 2 ** 19]);
    const small = await Array.fromAsync(await openFile(path));
    assert.deepEqual(small.map((chunk) => chunk.length), [content.length]);
  });

  it("a short read (a pipe) gets a chunk of its own size, not a mostly empty one", {
    skip: mkfifoSync.skip,
  }, async () => {
    const fifo = mkfifoSync(dir, "short.fifo");
    const writing = mkfifoSync.writeLater(fifo, "a few bytes");
    const chunks = await Array.fromAsync(await openFile(fifo));
    await writing;
    assert.equal(new TextDecoder().decode(joined(chunks)), "a few bytes");
    for (const chunk of chunks) assert.equal(chunk.buffer.byteLength, chunk.length);
  });

  it("reads [start, end) only", async () => {
    const chunks = await Array.fromAsync(
      await openFile(path, { start: 1000, end: 71_000, chunkSize: 30_000 }),
    );
    assert.deepEqual(joined(chunks), content.subarray(1000, 71_000));
    assert.deepEqual(await Array.fromAsync(await openFile(path, { start: 5, end: 5 })), []);
    const past = await Array.fromAsync(await openFile(path, { start: 199_990, end: 300_000 }));
    assert.deepEqual(
      joined(past),
      content.subarray(199_990),
      "an end past the file reads to its end",
    );
    const atEnd = await openFile(path, { start: content.length });
    assert.deepEqual(await Array.fromAsync(atEnd), [], "a start at the end gives an empty stream");
  });

  it("a start past the end of the file is a RangeError naming start, the size and the path", async () => {
    const short = writeScratch(dir, "short.bin", "12345");
    await assert.rejects(openFile(short, { start: 6 }), (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /start must be at most the file size \(5 bytes\)/);
      assert.match(error.message, /received 6$/);
      assert.ok(error.message.includes(short), error.message);
      return true;
    });
    if (!noProcReason) assert.equal(countDescriptors(short), 0, "the file was left open");
  });

  it("BYOB reads of a range end with done, not a hang", async () => {
    const reader = (await openFile(path, { start: 6, end: 11 })).getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(64));
    assert.deepEqual(first.value, content.subarray(6, 11));
    const last = await withTimeout(reader.read(new Uint8Array(first.value!.buffer)));
    assert.equal(last.done, true);
    // Two reads in flight at once: the second is settled by the end of the range too.
    const again = (await openFile(path, { start: 0, end: 3 })).getReader({ mode: "byob" });
    const [one, two] = await withTimeout(
      Promise.all([again.read(new Uint8Array(8)), again.read(new Uint8Array(8))]),
    );
    assert.deepEqual(one.value, content.subarray(0, 3));
    assert.equal(two.done, true);
  });

  it("reads with min fill a whole record at once", async () => {
    const reader = (await openFile(path, { start: 3 })).getReader({ mode: "byob" });
    const { value } = await reader.read(new Uint8Array(100_000), { min: 100_000 });
    assert.deepEqual(value, content.subarray(3, 100_003));
    await reader.cancel();
  });

  it("accepts a file: URL", async () => {
    const odd = writeScratch(dir, "with space #1.txt", "hello");
    const chunks = await Array.fromAsync(await openFile(pathToFileURL(odd)));
    assert.equal(new TextDecoder().decode(joined(chunks)), "hello");
  });

  it("an empty file ends at once", async () => {
    const empty = writeScratch(dir, "empty.txt", "");
    assert.deepEqual(await Array.fromAsync(await openFile(empty)), []);
  });

  it("cancel (break out of for await) stops the stream early", async () => {
    let seen = 0;
    for await (const chunk of await openFile(path, { chunkSize: 1000 })) {
      seen += chunk.length;
      if (seen >= 3000) break;
    }
    assert.equal(seen, 3000);
  });

  it("/proc/self/status (size 0, yet content) is read to its end", {
    skip: noProcSelfReason,
  }, async () => {
    const chunks = await Array.fromAsync(await openFile("/proc/self/status"));
    assert.match(new TextDecoder().decode(joined(chunks)), /^Name:/);
  });

  it("a FIFO is read until the writer closes it", { skip: mkfifoSync.skip }, async () => {
    const fifo = mkfifoSync(dir, "open.fifo");
    const writing = mkfifoSync.writeLater(fifo, "piped bytes");
    const chunks = await Array.fromAsync(await openFile(fifo));
    await writing;
    assert.equal(new TextDecoder().decode(joined(chunks)), "piped bytes");
  });

  it("cancel with a read pending on a silent FIFO resolves at once", {
    skip: mkfifoSync.skip,
    timeout: 20_000,
  }, async () => {
    const fifo = mkfifoSync(dir, "silent.fifo");
    // The writer opens the FIFO, then stays silent for 3 s before it writes and closes it.
    const writer = spawn("sh", ["-c", 'exec > "$1"; sleep 3; printf late', "sh", fifo], {
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => writer.on("exit", resolve));
    try {
      const reader = (await withTimeout(openFile(fifo))).getReader({ mode: "byob" });
      const pending = reader.read(new Uint8Array(16));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await withTimeout(reader.cancel());
      assert.ok(Date.now() - started < 1500, `cancel took ${Date.now() - started} ms`);
      assert.equal((await withTimeout(pending)).done, true);
    } finally {
      await withTimeout(exited);
    }
    if (noProcReason) return;
    // The descriptor goes once the blocked read returns (the writer wrote or closed).
    for (let round = 0; round < 100 && countDescriptors(fifo) > 0; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(countDescriptors(fifo), 0, "the FIFO is still open");
  });

  it("a start on a FIFO rejects at once with ESPIPE naming the path", {
    skip: mkfifoSync.skip,
  }, async () => {
    const fifo = mkfifoSync(dir, "start.fifo");
    const writing = mkfifoSync.writeLater(fifo, "cannot seek");
    await assert.rejects(openFile(fifo, { start: 3 }), (error: unknown) => {
      assert.ok(error instanceof FileError, String(error));
      assert.equal(error.code, "ESPIPE");
      assert.ok(error.message.includes(fifo), error.message);
      return true;
    });
    await writing.catch(() => {}); // the writer may see its reader gone (SIGPIPE)
  });

  it("a missing path rejects with FileError ENOENT naming the path", async () => {
    const missing = `${dir}/missing.txt`;
    await assert.rejects(openFile(missing), (error: unknown) => {
      assert.ok(error instanceof FileError);
      assert.equal(error.code, "ENOENT");
      assert.equal(error.path, missing);
      assert.ok(error.message.includes(missing));
      return true;
    });
  });

  it("a directory rejects with FileError EISDIR", async () => {
    await assert.rejects(
      openFile(dir),
      (error: unknown) => error instanceof FileError && error.code === "EISDIR",
    );
  });

  it("bad paths and options are TypeErrors or RangeErrors naming them", async () => {
    await assert.rejects(openFile(`${path}\0x`), /NUL byte/);
    await assert.rejects(openFile(7 as unknown as string), TypeError);
    await assert.rejects(openFile(path, { start: -1 }), /start must be an integer >= 0/);
    await assert.rejects(openFile(path, { start: 10, end: 5 }), (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /end must be >= start \(10\): received end 5 for /);
      assert.ok(error.message.includes(path), error.message);
      return true;
    });
    await assert.rejects(
      openFile(path, { start: NaN }),
      /start must be an integer >= 0: received NaN/,
    );
    await assert.rejects(openFile(path, { end: -1 }), /end must be an integer >= 0: received -1/);
    await assert.rejects(openFile(path, { end: Infinity }), RangeError);
    await assert.rejects(openFile(path, { start: 1.5 }), RangeError);
    await assert.rejects(openFile(path, { chunkSize: 0 }), RangeError);
    await assert.rejects(openFile(path, { chunkSize: "1" as unknown as number }), TypeError);
    await assert.rejects(openFile(path, null as never), TypeError);
  });
});
