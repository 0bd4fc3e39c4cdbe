// Shared by the file safety tests: scratch folders, time limits, and the child script's report.
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The child script the tests run for cases a test process cannot survive or see from inside. */
export const mapChild: string = fileURLToPath(new URL("./_map_child.ts", import.meta.url));

/** One gibibyte. */
export const GiB: number = 1024 ** 3;

/** What `_map_child.ts` prints: `ok` with what it saw, or the error's name, message and code. */
export interface ChildReport {
  ok: boolean;
  mapped?: boolean;
  byteLength?: number;
  head?: string;
  probed?: number[];
  lengthAfterClose?: number;
  name?: string;
  message: string;
  code?: string;
}

/**
 * A fresh folder in the temp folder that every user may enter (an unprivileged child must reach
 * the files in it). The caller removes it.
 */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "zc-file-safety-"));
  chmodSync(dir, 0o755);
  return dir;
}

/** Rejects after `ms` so that a stuck operation fails its test instead of hanging it. */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
