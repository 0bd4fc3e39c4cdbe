// Faults: a Worker stuck in a synchronous loop when the scan is aborted. Nothing inside the Worker
// can see the stop flag, so after its 2 s grace the Worker is terminated. Bun's terminate() stops
// the thread. Deno's does not (Deno 2.9: the thread keeps a core busy and keeps the process alive;
// see denoland/deno#35657): the call still rejects in bounded time, and the docs say the thread
// runs on. Node's (node:worker_threads) stops it, as Bun's does. Each case runs in a child process,
// which this test kills.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { canMap, makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { run, runtime, scriptCommand } from "../file/_subprocess.ts";

const child = new URL("./_scan_child.ts", import.meta.url).pathname;
const spins = new URL("./_scanners/spins.ts", import.meta.url);

interface ChildReport {
  outcome: "resolved" | "rejected";
  message?: string;
  ms: number;
}

describe("a Worker spinning in a synchronous loop, and an abort", () => {
  let dir: string;
  let path: string;
  before(() => {
    dir = makeScratch("faults-spin");
    path = writeScratch(dir, "lines.txt", "spin\n".repeat(100_000));
  });
  after(() => removeScratch(dir));

  it(
    runtime === "deno"
      ? "the call rejects with the abort's reason; the thread runs on (Deno: terminate() cannot stop it)"
      : `the call rejects with the abort's reason, and the thread stops: the process ends (${runtime})`,
    { timeout: 30_000 },
    async () => {
      // Aborted once both scanners spin: nothing they run can see the stop flag any more.
      const options = JSON.stringify({ workers: 2, parallelFrom: 0, abortWhenFlagged: 2 });
      const denoFlags = ["--allow-read", ...(canMap ? ["--allow-ffi"] : [])];
      // Long enough for the 2 s grace and for a process that is done to end by itself.
      const result = await run(scriptCommand(child, [path, spins.href, options], denoFlags), {
        timeoutMs: 8_000,
      });
      const line = result.stdout.trim().split("\n").at(-1) ?? "";
      assert.ok(
        line.startsWith("{"),
        `the call never settled:\n${result.stdout}\n${result.stderr}`,
      );
      const report = JSON.parse(line) as ChildReport;
      assert.equal(report.outcome, "rejected");
      assert.equal(report.message, "stopped by the test", "not the signal's reason");
      assert.ok(report.ms < 6_000, `rejected after ${report.ms} ms`);
      if (runtime !== "deno") {
        assert.equal(result.timedOut, false, "the process did not end: the Worker still runs");
        assert.equal(result.code, 0, result.stderr);
      } else {
        // If this fails, Deno now stops such a Worker: say so in scanFile's JSDoc and
        // docs/parallel.md ("Faults"), and expect the process to end here as in Bun.
        assert.equal(result.timedOut, true, "the process ended: Deno now stops a spinning Worker");
      }
    },
  );
});
