// What the functional file tests share: scratch files, and what `mapped` must be here.
import assert from "node:assert/strict";
import { FileError } from "../../mod.ts";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh folder for one test file; remove it with `removeScratch` in `after`. */
export function makeScratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `zc-${prefix}-`));
}

/** Removes a scratch folder and everything in it. */
export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes `content` to `name` in `dir` and returns the path. */
export function writeScratch(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Bytes 0..length-1 as `index % 251` (a prime, so windows at any offset differ). */
export function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = i % 251;
  return bytes;
}

const deno = (globalThis as {
  Deno?: { permissions: { querySync(d: { name: string }): { state: string } } };
}).Deno;

/**
 * Whether mapFile can map in this process: always in Bun; in Deno only with --allow-ffi; never in
 * Node (no foreign function interface).
 */
export const canMap: boolean = deno !== undefined
  ? deno.permissions.querySync({ name: "ffi" }).state === "granted"
  : "Bun" in globalThis;

/** Why this process cannot map files (for tests about mappings themselves), or false. */
export const noMapReason: string | false = canMap
  ? false
  : "needs a mapping (FFI: Bun, or Deno with --allow-ffi; Node has none)";

/** Why /proc/self/status cannot be read here (Deno asks --allow-all for it), or false. */
export const noProcSelfReason: string | false = (() => {
  try {
    readFileSync("/proc/self/status");
    return false;
  } catch {
    return "needs a readable /proc/self/status (Linux; Deno asks --allow-all for it)";
  }
})();

/** An `assert.throws`/`rejects` check: a FileError with this `code` whose `path` (and message) name `name`. */
export function isFileError(code: string, name: string): (error: unknown) => boolean {
  return (error: unknown): boolean => {
    assert.ok(error instanceof FileError, `expected a FileError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(error.path, name);
    assert.ok(error.message.includes(name), error.message);
    return true;
  };
}
