// Safety and leak tests for openFile: FIFOs fed by another process (in pieces, cancelled mid-stream,
// cancelled with a read blocked, a start offset it cannot seek to), 1,000 open/cancel cycles
// counted in /proc, a file truncated while it streams, use after cancel, errors naming the path.
// Runs under `deno test -A` and `bun test` alike.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openFile } from "../../mod.ts";
import { countDescriptors, countMappings, noProcReason } from "./_proc.ts";
import { mkfifoSync } from "./_fifo.ts";
import { scratch, within } from "./_safety.ts";
import { run } from "./_subprocess.ts";

/** Reads a byte stream to the end through one reused BYOB buffer that starts at offset 5. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader({ mode: "byob" });
  const pieces: number[] = [];
  let view = new Uint8Array(new ArrayBuffer(4096 + 5), 5, 4096);
  try {
    for (;;) {
      const { done, value } = await reader.read(view);
      if (done) break;
      assert.equal(value.byteOffset, 5, "the read did not land in the caller's view");
      pieces.push(...value);
      view = new Uint8Array(value.buffer, 5, 4096);
    }
  } finally {
    reader.releaseLock();
  }
  return new Uint8Array(pieces);
}

describe("openFile on a FIFO", () => {
  it("streams what another process writes, in pieces, to the end", {
    skip: mkfifoSync.skip,
    timeout: 30_000,
  }, async () => {
    const dir = scratch();
    try {
      const fifo = mkfifoSync(dir, "pipe");
      // The writer opens the FIFO, writes in three bursts with pauses, then closes it (EOF).
      const writer = run([
        "sh",
        "-c",
        `exec > "$1"; printf 'first '; sleep 0.1; printf 'second '; sleep 0.1; printf 'third\\n'`,
        "sh",
        fifo,
      ], { timeoutMs: 10_000 });
      const bytes = await within(10_000, "reading the FIFO", openFile(fifo).then(drain));
      assert.equal(new TextDecoder().decode(bytes), "first second third\n");
      const wrote = await writer;
      assert.equal(wrote.code, 0, wrote.stderr);
      if (!noProcReason) assert.equal(countDescriptors(fifo), 0, "the FIFO is still open");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cancelling mid-stream closes the FIFO and lets the writer finish", {
    skip: mkfifoSync.skip,
    timeout: 30_000,
  }, async () => {
    const dir = scratch();
    try {
      const fifo = mkfifoSync(dir, "pipe");
      // A writer that keeps writing until the reader goes away (then SIGPIPE ends it).
      const writer = run([
        "sh",
        "-c",
        `exec > "$1"; while printf 'data\\n'; do :; done`,
        "sh",
        fifo,
      ], {
        timeoutMs: 10_000,
      });
      const stream = await within(10_000, "opening the FIFO", openFile(fifo));
      const reader = stream.getReader({ mode: "byob" });
      const { value } = await within(5_000, "the first read", reader.read(new Uint8Array(5)));
      assert.equal(new TextDecoder().decode(value), "data\n");
      await within(5_000, "cancel", reader.cancel());
      if (!noProcReason) assert.equal(countDescriptors(fifo), 0, "the FIFO is still open");
      const wrote = await writer;
      assert.equal(wrote.timedOut, false, "the writer never saw the reader go away");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    "cancel with a read pending on a silent FIFO: settles once the writer is done, nothing left open",
    {
      skip: mkfifoSync.skip,
      timeout: 30_000,
    },
    async () => {
      const dir = scratch();
      try {
        const fifo = mkfifoSync(dir, "pipe");
        // The writer opens the FIFO, stays silent for a second, writes, and closes it.
        const writer = run(["sh", "-c", `exec > "$1"; sleep 1; printf 'late'`, "sh", fifo], {
          timeoutMs: 10_000,
        });
        const reader = (await within(10_000, "opening", openFile(fifo))).getReader({
          mode: "byob",
        });
        const pending = reader.read(new Uint8Array(new ArrayBuffer(32), 4, 16));
        await new Promise((resolve) => setTimeout(resolve, 100));
        // A read blocked in the kernel cannot be interrupted: the runtimes settle the cancel (Bun)
        // or release the descriptor (Deno) only when that read returns. Both must happen by then.
        await within(5_000, "cancel", reader.cancel());
        const read = await within(5_000, "the pending read", pending);
        assert.equal(read.done, true);
        await writer;
        if (!noProcReason) {
          const deadline = Date.now() + 2_000;
          while (countDescriptors(fifo) > 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          assert.equal(countDescriptors(fifo), 0, "the FIFO is still open");
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("a start offset on a FIFO is ESPIPE naming the path, and nothing stays open", {
    skip: mkfifoSync.skip,
    timeout: 30_000,
  }, async () => {
    const dir = scratch();
    try {
      const fifo = mkfifoSync(dir, "pipe");
      const writer = run(["sh", "-c", `exec > "$1"; printf 'hello world'`, "sh", fifo], {
        timeoutMs: 10_000,
      });
      // The error may come from openFile itself or from the stream's first read.
      const outcome = await within(
        10_000,
        "openFile on a FIFO with start",
        openFile(fifo, { start: 5 }).then(drain).then(() => undefined, (error: unknown) => error),
      );
      assert.ok(outcome instanceof Error, "a FIFO was read from an offset it cannot seek to");
      assert.equal((outcome as Error & { code?: string }).code, "ESPIPE", outcome.message);
      assert.ok(outcome.message.includes(fifo), outcome.message);
      await writer;
      if (!noProcReason) assert.equal(countDescriptors(fifo), 0, "the FIFO is still open");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("openFile releases what it takes", () => {
  it("1,000 open/cancel cycles leave no descriptor and no mapping behind", {
    skip: noProcReason,
    timeout: 120_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "cycles.txt");
    try {
      writeFileSync(path, "0123456789\n".repeat(1_000));
      const before = countDescriptors();
      const mappingsBefore = countMappings();
      for (let i = 0; i < 1_000; i++) {
        const stream = await openFile(path, { chunkSize: 64 });
        if (i === 0) assert.equal(countDescriptors(path), 1, "an open stream shows no descriptor");
        switch (i % 4) {
          case 0: // cancel before any read
            await stream.cancel();
            break;
          case 1: { // one BYOB read, then cancel through the reader
            const reader = stream.getReader({ mode: "byob" });
            const { value } = await reader.read(new Uint8Array(new ArrayBuffer(16), 4, 11));
            assert.equal(new TextDecoder().decode(value), "0123456789\n");
            await reader.cancel();
            break;
          }
          case 2: { // one default read, then cancel
            const reader = stream.getReader();
            await reader.read();
            await reader.cancel("done");
            break;
          }
          default: // break out of an async iteration
            for await (const chunk of stream) {
              assert.ok(chunk.length > 0);
              break;
            }
        }
        if (i % 100 === 0) assert.equal(countDescriptors(path), 0, `cycle ${i} left it open`);
      }
      assert.equal(countDescriptors(path), 0, "descriptors of the file are left open");
      // Process-wide, with slack for test files `deno test --parallel` runs in this same process
      // meanwhile: a leak per cycle would be 1,000.
      const grew = countDescriptors() - before;
      assert.ok(grew < 100, `${grew} more descriptors after 1,000 cycles`);
      assert.equal(countMappings(path), 0, "the file is mapped");
      const mappingsGrew = countMappings() - mappingsBefore;
      assert.ok(mappingsGrew < 500, `${mappingsGrew} more mappings after 1,000 cycles`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reading to the end closes the file", { skip: noProcReason }, async () => {
    const dir = scratch();
    const path = join(dir, "end.txt");
    try {
      writeFileSync(path, "abc\n".repeat(5_000));
      for (let i = 0; i < 20; i++) {
        const stream = await openFile(path, { start: i, end: 20_000 - i });
        const bytes = await within(5_000, `reading bytes ${i} to ${20_000 - i}`, drain(stream));
        assert.equal(bytes.length, 20_000 - 2 * i);
      }
      assert.equal(countDescriptors(path), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("openFile when the file changes or the stream is done", () => {
  it("a file truncated while it streams ends early, without a crash", async () => {
    const dir = scratch();
    const path = join(dir, "shrinking.bin");
    try {
      writeFileSync(path, new Uint8Array(1 << 20).fill(7));
      const reader = (await openFile(path)).getReader({ mode: "byob" });
      let total = 0;
      let view = new Uint8Array(65_536);
      const first = await reader.read(view);
      total += first.value?.length ?? 0;
      view = new Uint8Array(first.value!.buffer);
      truncateSync(path, 100_000);
      for (;;) {
        const { done, value } = await within(5_000, "a read", reader.read(view));
        if (done) break;
        assert.ok(value.every((byte) => byte === 7));
        total += value.length;
        view = new Uint8Array(value.buffer);
      }
      assert.ok(total >= 65_536 && total <= 100_000, `read ${total} bytes`);
      if (!noProcReason) assert.equal(countDescriptors(path), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads after cancel are done; cancelling twice is harmless", async () => {
    const dir = scratch();
    const path = join(dir, "done.txt");
    try {
      writeFileSync(path, "hello\n");
      const stream = await openFile(path);
      const reader = stream.getReader({ mode: "byob" });
      await reader.cancel();
      await reader.cancel();
      const after = await reader.read(new Uint8Array(new ArrayBuffer(8), 2, 6));
      assert.equal(after.done, true);
      if (!noProcReason) assert.equal(countDescriptors(path), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("errors name the path: a missing file (ENOENT) and a directory", async () => {
    const dir = scratch();
    try {
      const missing = join(dir, "missing.txt");
      await assert.rejects(openFile(missing), (error: Error & { code?: string }) => {
        assert.ok(error.message.includes(missing), error.message);
        assert.equal(error.code, "ENOENT");
        return true;
      });
      const folder = join(dir, "folder");
      mkdirSync(folder);
      const opened = await openFile(folder).then(drain).then(
        () => undefined,
        (error: Error) => error,
      );
      assert.ok(opened instanceof Error, "a directory streamed as if it were a file");
      assert.ok(opened.message.includes(folder), opened.message);
      if (!noProcReason) assert.equal(countDescriptors(folder), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
