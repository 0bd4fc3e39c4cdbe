import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { noProcReason } from "../file/_proc.ts";
import { lastJson, run } from "../file/_subprocess.ts";
import {
  makeScratch,
  noMapReason,
  pattern,
  removeScratch,
  writeScratch,
} from "../file/_fixtures.ts";

const child = fileURLToPath(new URL("./_forget_child.ts", import.meta.url));
const deno = (globalThis as {
  Deno?: { permissions: { querySync(d: { name: string }): { state: string } } };
}).Deno;
const noRunReason =
  deno !== undefined && deno.permissions.querySync({ name: "run" }).state !== "granted"
    ? "needs --allow-run to start a child Deno"
    : false;

type Report = { before: number; after: number; sum: number };

/** Runs the child on `path` for `kind`, with garbage collection exposed. */
async function forget(path: string, kind: "map" | "stream" | "sink"): Promise<Report> {
  const node = deno === undefined && !("Bun" in globalThis);
  const command = deno === undefined
    ? [process.execPath, ...(node ? ["--expose-gc"] : []), child, path, kind]
    : [
      process.execPath,
      "run",
      "--quiet",
      "--no-lock",
      "--allow-all", // Deno reads /proc/self only with --allow-all
      "--v8-flags=--expose-gc",
      child,
      path,
      kind,
    ];
  return lastJson<Report>(await run(command, { timeoutMs: 30_000 }));
}

describe("what a caller forgets is released once collected (child process, forced GC)", () => {
  const dir = makeScratch("forget");
  after(() => removeScratch(dir));
  const skip = noRunReason || noProcReason;

  it("a mapping is unmapped once its buffer is collected", {
    skip: skip || noMapReason,
    timeout: 60_000,
  }, async () => {
    const report = await forget(writeScratch(dir, "mapped.bin", pattern(3 * 4096)), "map");
    assert.equal(report.sum, 0 + 1 + 2, "the child read the mapped bytes");
    assert.ok(report.before >= 1, `the child saw ${report.before} mappings before collection`);
    assert.equal(report.after, 0, "the mapping outlived its collected buffer");
  });

  it("openFile streams close their descriptors", { skip, timeout: 60_000 }, async () => {
    const report = await forget(writeScratch(dir, "read.bin", pattern(100)), "stream");
    assert.equal(report.sum, 0 + 1 + 2, "the child read from each stream");
    assert.equal(report.before, 3, `the child saw ${report.before} descriptors before collection`);
    assert.equal(report.after, 0, "a descriptor outlived its collected stream");
  });

  it("fileSink streams close their descriptors", { skip, timeout: 60_000 }, async () => {
    const path = writeScratch(dir, "written.bin", "");
    const report = await forget(path, "sink");
    assert.equal(report.before, 3, `the child saw ${report.before} descriptors before collection`);
    assert.equal(report.after, 0, "a descriptor outlived its collected stream");
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array([0, 1, 2]));
  });
});
