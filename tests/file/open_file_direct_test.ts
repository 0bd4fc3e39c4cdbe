// chunks() reads an openFile stream straight into its buffer, past the stream's queue (as Go's
// io.Copy uses WriterTo): the buffer is never transferred, and every stream rule still holds (the
// lock, the end, cancel, the descriptor closed).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { chunks, FileError, openFile } from "../../mod.ts";
import { mkfifoSync } from "./_fifo.ts";
import { countDescriptors, noProcReason } from "./_proc.ts";
import {
  makeScratch,
  noProcSelfReason,
  pattern,
  removeScratch,
  writeScratch,
} from "./_fixtures.ts";
import { concat } from "../read/_sources.ts";

const dir = makeScratch("open-file-direct");
after(() => removeScratch(dir));
const content = pattern(300_000);
const path = writeScratch(dir, "pattern.bin", content);

/** Asserts that no descriptor of `file` is open in this process (where /proc tells). */
function assertClosed(file: string): void {
  if (noProcReason) return;
  assert.equal(countDescriptors(file), 0, `${file} is still open`);
}

describe("openFile read straight into a caller's buffer", () => {
  it("chunks() fills the caller's buffer itself, then closes the stream and the file", async () => {
    for (const [start, end] of [[0, undefined], [1234, 250_001], [7, 7]] as const) {
      const stream = await openFile(path, { start, end });
      const memory = new ArrayBuffer(40_000);
      const buf = new Uint8Array(memory, 8, 32_768);
      const parts: Uint8Array[] = [];
      for await (const view of chunks(stream, buf)) {
        assert.equal(view.buffer, memory, "the bytes land in the caller's own ArrayBuffer");
        assert.equal(view.byteOffset, 8);
        parts.push(view.slice());
      }
      assert.equal(buf.byteLength, 32_768, "the buffer was never transferred");
      assert.deepEqual(concat(parts), content.subarray(start, end ?? content.length));
      assert.equal(stream.locked, false);
      assert.equal((await stream.getReader().read()).done, true, "the stream has ended");
      assertClosed(path);
    }
  });

  it("breaking out of chunks() cancels the stream and closes the file", async () => {
    const stream = await openFile(path);
    let seen = 0;
    for await (const view of chunks(stream, 1000)) {
      seen += view.length;
      if (seen >= 5000) break;
    }
    assert.equal(seen, 5000);
    assert.equal(stream.locked, false);
    assert.equal((await stream.getReader().read()).done, true);
    assertClosed(path);
  });

  it("chunks() goes on where an earlier reader stopped", async () => {
    const stream = await openFile(path, { chunkSize: 1000 });
    const reader = stream.getReader();
    const first = (await reader.read()).value!;
    reader.releaseLock();
    const buf = new Uint8Array(4096);
    const rest: Uint8Array[] = [];
    for await (const view of chunks(stream, buf)) rest.push(view.slice());
    assert.equal(buf.byteLength, 4096, "read directly");
    assert.deepEqual(concat([first, ...rest]), content);
  });

  it("a failed read rejects the loop with a FileError, errors the stream and closes the file", {
    skip: noProcSelfReason,
  }, async () => {
    // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO.
    const stream = await openFile("/proc/self/mem");
    await assert.rejects(async () => {
      for await (const _ of chunks(stream, 4096)) assert.fail("nothing can be read");
    }, (error: unknown) => {
      assert.ok(error instanceof FileError, String(error));
      assert.equal(error.code, "EIO");
      assert.ok(error.message.includes("/proc/self/mem"), error.message);
      return true;
    });
    assert.equal(stream.locked, false);
    await assert.rejects(stream.getReader().read(), FileError);
    assertClosed(`/proc/${process.pid}/mem`);
  });

  it("a read left in flight by an earlier reader sends chunks() through the stream's queue", {
    skip: mkfifoSync.skip,
    timeout: 20_000,
  }, async () => {
    const fifo = mkfifoSync(dir, "in-flight.fifo");
    // The writer opens the FIFO, then waits before each write, so the first read is in flight.
    const writer = spawn("sh", [
      "-c",
      'exec > "$1"; sleep 0.3; printf first; sleep 0.3; printf second',
      "sh",
      fifo,
    ], { stdio: "ignore" });
    const exited = new Promise((resolve) => writer.on("exit", resolve));
    try {
      const stream = await openFile(fifo);
      const early = stream.getReader();
      const orphan = early.read();
      orphan.catch(() => {}); // released below: the read is rejected, its pull goes on
      await new Promise((resolve) => setTimeout(resolve, 50));
      early.releaseLock();
      const buf = new Uint8Array(64);
      const parts: Uint8Array[] = [];
      for await (const view of chunks(stream, buf)) parts.push(view.slice());
      assert.equal(buf.byteLength, 0, "read through the stream (a BYOB read transferred it)");
      assert.equal(new TextDecoder().decode(concat(parts)), "firstsecond");
    } finally {
      await exited;
    }
    assertClosed(fifo);
  });
});
