// Deno's ffi permission granted for a list of paths (`--allow-ffi=<libc>`): Deno loads libc then,
// but refuses every pointer view, so mapFile must read instead, never crash on the first view.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lastJson, run, scriptCommand } from "../file/_subprocess.ts";
import { makeScratch, pattern, removeScratch, writeScratch } from "../file/_fixtures.ts";

const child = fileURLToPath(new URL("./_grant_child.ts", import.meta.url));
const deno = (globalThis as {
  Deno?: { permissions: { querySync(d: { name: string }): { state: string } } };
}).Deno;

/** The path of the libc this process loaded, as /proc/self/maps shows it, or undefined. */
function loadedLibc(): string | undefined {
  try {
    const maps = readFileSync("/proc/self/maps", "utf8");
    return /\s(\/\S*\/libc\.so\.6)$/m.exec(maps)?.[1];
  } catch {
    return undefined;
  }
}

const libc = deno === undefined ? undefined : loadedLibc();
const skip = deno === undefined
  ? "Deno only (its --allow-ffi=<paths>)"
  : deno.permissions.querySync({ name: "run" }).state !== "granted"
  ? "needs --allow-run to start a child Deno"
  : libc === undefined
  ? "needs a glibc libc.so.6 named in a readable /proc/self/maps"
  : false;

type Report = {
  mapped: boolean;
  byteLength: number;
  strict: string | { name: string; code: string };
  message?: string;
};

describe("Deno with the ffi permission for libc's path only", () => {
  const dir = makeScratch("ffi-grant");
  after(() => removeScratch(dir));

  it('reads instead of mapping, and fallback "error" says --allow-ffi is needed whole', {
    skip,
    timeout: 30_000,
  }, async () => {
    const path = writeScratch(dir, "data.bin", pattern(10_000));
    const flags = ["--allow-read", `--allow-ffi=${libc}`];
    const result = await run(scriptCommand(child, [path], flags), { timeoutMs: 20_000 });
    assert.equal(result.code, 0, `the child failed:\n${result.stderr}`);
    const report = lastJson<Report>(result);
    assert.equal(report.mapped, false);
    assert.equal(report.byteLength, 10_000);
    assert.deepEqual(report.strict, { name: "FileError", code: "ENOTSUP" });
    assert.match(report.message ?? "", /--allow-ffi;.*--allow-ffi=<paths>, is not enough/);
    assert.ok(report.message?.includes(path), String(report.message));
  });
});
