// openRandomAccess in a child process: a FIFO with no writer is refused at once (the open never
// waits for a writer), and a file dropped without close() has its descriptor closed once collected.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { makeScratch, pattern, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { mkfifoSync } from "../file/_fifo.ts";
import { noProcReason } from "../file/_proc.ts";
import { lastJson, run, scriptCommand } from "../file/_subprocess.ts";

const child = fileURLToPath(new URL("./_child.ts", import.meta.url));
const deno = (globalThis as {
  Deno?: { permissions: { querySync(d: { name: string }): { state: string } } };
}).Deno;
const noRunReason =
  deno !== undefined && deno.permissions.querySync({ name: "run" }).state !== "granted"
    ? "needs --allow-run to start a child Deno"
    : false;

/** Runs the child in this runtime (Deno: every permission; the collector exposed in Deno and Node). */
function runChild(mode: string, path: string) {
  // Deno reads /proc/self only with --allow-all.
  const command = scriptCommand(child, [mode, path], ["--allow-all", "--v8-flags=--expose-gc"]);
  return run(command, { timeoutMs: 20_000 });
}

describe("openRandomAccess in a child process", () => {
  const dir = makeScratch("random-child");
  after(() => removeScratch(dir));

  it("refuses a FIFO with no writer at once, with ESPIPE naming it", {
    skip: noRunReason || mkfifoSync.skip,
    timeout: 30_000,
  }, async () => {
    const fifo = mkfifoSync(dir, "pipe");
    const result = await runChild("open", fifo);
    assert.equal(result.timedOut, false, "the open blocked on the FIFO");
    const report = lastJson<{ isFileError: boolean; code: string; message: string }>(result);
    assert.equal(report.isFileError, true, result.stderr);
    assert.equal(report.code, "ESPIPE");
    assert.ok(report.message.includes(JSON.stringify(fifo)), report.message);
    assert.match(report.message, /it is a FIFO, and random access reads regular files only/);
  });

  it("closes the descriptor of a file dropped without close() once it is collected", {
    skip: noRunReason || noProcReason,
    timeout: 30_000,
  }, async () => {
    const path = writeScratch(dir, "forgotten.bin", pattern(64));
    const result = await runChild("forget", path);
    const report = lastJson<{ before: number; after: number; sum: number }>(result);
    assert.equal(report.sum, 0 + 1 + 2);
    assert.equal(report.before, 3, "the three files were open before collection");
    assert.equal(report.after, 0, "a forgotten file kept its descriptor");
  });
});
