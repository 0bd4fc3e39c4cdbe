// Faults: a Worker of a scan that dies before it answers. A worker module that calls
// process.exit() or Deno.exit(), at load or mid-window, a module that fails to load, an
// out-of-memory error: scanFile must settle at once with a ScanError naming the window, leave no
// Worker running, no descriptor open and no window mapped. (Bun's Worker fires "close"; Deno's
// says nothing, so each Worker's unload handler sets a liveness word the calling thread waits on.)
// Deno's out-of-memory error is fatal to the whole process, Workers included: that is shown, not
// prevented.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { ScanError, scanFile, splitFile } from "../../mod.ts";
import { canMap, makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { assertReleased } from "../file/_proc.ts";
import { within } from "../file/_safety.ts";
import { lastJson, run, runtime, scriptCommand } from "../file/_subprocess.ts";

const scanner = (name: string): URL => new URL(`./_scanners/${name}.ts`, import.meta.url);
const child = new URL("./_scan_child.ts", import.meta.url).pathname;
/** Deno's flags for the child: the ffi permission only if this process has it. */
const childFlags = ["--allow-read", ...(canMap ? ["--allow-ffi"] : [])];

interface ChildReport {
  outcome: "resolved" | "rejected";
  name?: string;
  message?: string;
  window?: { index: number; offset: number; length: number };
  cause?: { name: string; message: string };
  ms: number;
}

describe("a Worker that dies before it answers", () => {
  let dir: string;
  let path: string;
  before(() => {
    dir = makeScratch("faults-exit");
    let text = "";
    for (let i = 0; i < 20_000; i++) text += `line ${i} ${"x".repeat(i % 50)}\n`;
    path = writeScratch(dir, "lines.txt", text);
  });
  after(() => removeScratch(dir));

  /** Scans `path` on 2 Workers with `module`; the ScanError it must reject with. */
  async function scanError(module: URL, data?: unknown, parallelFrom = 0): Promise<ScanError> {
    const error = await within(
      10_000,
      `scanFile with ${module.pathname.split("/").at(-1)}`,
      scanFile(path, module, { workers: 2, parallelFrom, chunkSize: 4096, data }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    assert.ok(error instanceof ScanError, `not a ScanError: ${error}`);
    assert.equal(error.path, path);
    const windows = parallelFrom === 0 ? splitFile(path, 2) : [{ offset: 0, length: 0 }];
    assert.ok(error.window.index < windows.length, `window ${error.window.index}`);
    assert.match(error.message, new RegExp(`window ${error.window.index} \\(bytes`));
    return error;
  }

  it("process.exit() mid-window rejects with a ScanError naming the window", async () => {
    const error = await scanError(scanner("exits"), { how: "process" });
    assert.match(String((error.cause as Error).message), /exited before it answered/);
    assertReleased(path);
  });

  it("Deno.exit() mid-window rejects with a ScanError naming the window", {
    skip: runtime === "deno" ? false : "Deno.exit exists only in Deno",
  }, async () => {
    const error = await scanError(scanner("exits"), { how: "deno" });
    assert.match(String((error.cause as Error).message), /exited before it answered/);
    assertReleased(path);
  });

  it("process.exit() while the worker module loads rejects the same way", async () => {
    const error = await scanError(scanner("exits_on_load"));
    assert.match(String((error.cause as Error).message), /exited before it answered/);
    assertReleased(path);
  });

  it("a module that fails to load (a syntax error, a throw) is a ScanError, on Workers or not", async () => {
    const broken = [
      ["syntax.js", "export default function (chunks {\n"],
      ["throws.js", 'throw new RangeError("refused to load");\nexport default () => 0;\n'],
    ];
    for (const [name, source] of broken) {
      const module = pathToFileURL(writeScratch(dir, name, source));
      for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
        const error = await scanError(module, undefined, parallelFrom);
        assert.ok(error.cause instanceof Error, `${name}: ${error.cause}`);
        if (name === "throws.js") assert.match(error.cause.message, /refused to load/);
        assertReleased(path);
      }
    }
  });

  it("leaves no Worker running: the process ends by itself after the rejection", async () => {
    const options = JSON.stringify({ workers: 2, parallelFrom: 0, data: { how: "process" } });
    const result = await run(
      scriptCommand(child, [path, scanner("exits").href, options], childFlags),
      { timeoutMs: 20_000 },
    );
    assert.equal(result.timedOut, false, "the process did not end: a Worker was left running");
    const report = lastJson<ChildReport>(result);
    assert.equal(report.outcome, "rejected");
    assert.equal(report.name, "ScanError", String(report.message));
    assert.match(report.cause!.message, /exited before it answered/);
    assert.equal(result.code, 0, result.stderr);
  });

  it(
    runtime === "deno"
      ? "an out-of-memory error in a Worker ends the whole process (Deno: V8's fatal error)"
      : `an out-of-memory error in a Worker is a ScanError naming the window (${runtime})`,
    { skip: process.platform === "linux" ? false : "needs sh's ulimit (Linux)" },
    async () => {
      // A small heap (Deno) or address space (Bun), in a child, so the machine's memory is not used up.
      const options = JSON.stringify({ workers: 2, parallelFrom: 0 });
      const args = [path, scanner("exhausts_memory").href, options];
      const command = runtime === "bun"
        ? ["sh", "-c", 'ulimit -v 1500000 && exec "$@"', "sh", ...scriptCommand(child, args)]
        : scriptCommand(child, args, [...childFlags, "--v8-flags=--max-old-space-size=64"]);
      const result = await run(command, { timeoutMs: 60_000 });
      assert.equal(result.timedOut, false, "the process hung");
      if (runtime !== "deno") {
        const report = lastJson<ChildReport>(result);
        assert.equal(report.outcome, "rejected");
        assert.equal(report.name, "ScanError", String(report.message));
        assert.match(report.cause!.message, /out of memory/i);
      } else {
        assert.notEqual(result.code, 0);
        assert.match(result.stderr, /out of memory/i);
      }
    },
  );
});
