// Faults: a FIFO with no other end. open(2) of such a FIFO blocks the calling thread (every timer
// of a JavaScript thread with it), so no call of the package may open one the blocking way: the
// kind is decided without blocking, then mapFile, splitFile and scanFile refuse it (FileError
// "ENODEV" naming the kind) and openFile and fileSink wait for the other end asynchronously, then
// stream. Each call runs in a child process (tests/faults/_fifo_child.ts), which this file kills if
// it stops, with the same ffi permission as this process (the deno-no-ffi step runs it without).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { canMap, makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { mkfifoSync } from "../file/_fifo.ts";
import { countDescriptors, noProcReason } from "../file/_proc.ts";
import { run, runtime, scriptCommand } from "../file/_subprocess.ts";

const child = new URL("./_fifo_child.ts", import.meta.url).pathname;

interface CallReport {
  call: string;
  outcome: "threw" | "returned" | "streamed";
  ticks: number;
  name?: string;
  code?: string;
  message?: string;
  pendingWithoutPeer?: boolean;
  text?: string;
}

/** Runs the child over `calls` on `fifo`; its reports, one per call that finished. */
async function callsOn(fifo: string, worker: URL, calls: string[]): Promise<CallReport[]> {
  const denoFlags = ["--allow-read", "--allow-write", ...(canMap ? ["--allow-ffi"] : [])];
  const result = await run(scriptCommand(child, [...calls, fifo, worker.href], denoFlags), {
    timeoutMs: 20_000,
  });
  const reports = result.stdout.trim().split("\n").filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as CallReport);
  assert.equal(
    result.timedOut,
    false,
    `the child stopped after ${reports.map((r) => r.call).join(", ") || "no call"}: ` +
      `the next call blocked the thread\n${result.stderr}`,
  );
  assert.equal(result.code, 0, result.stderr);
  return reports;
}

describe("calls on a FIFO with no other end", { skip: mkfifoSync.skip }, () => {
  let dir: string;
  let worker: URL;
  before(() => {
    dir = makeScratch("faults-fifo");
    worker = pathToFileURL(writeScratch(dir, "worker.js", "export default () => 0;\n"));
  });
  after(() => removeScratch(dir));

  it(
    `mapFile, splitFile and scanFile refuse it at once: ENODEV naming the path and "FIFO" (${runtime}, ${
      canMap ? "ffi" : "no ffi"
    })`,
    async () => {
      const fifo = mkfifoSync(dir, "refused.fifo");
      const calls = ["map", "map-error", "map-writable", "split", "scan"];
      const reports = await callsOn(fifo, worker, calls);
      assert.deepEqual(reports.map((report) => report.call), calls);
      for (const report of reports) {
        assert.equal(report.outcome, "threw", `${report.call} did not refuse the FIFO`);
        assert.equal(report.name, "FileError", `${report.call}: ${report.message}`);
        assert.equal(report.code, "ENODEV", `${report.call}: ${report.message}`);
        assert.ok(report.message?.includes(JSON.stringify(fifo)), String(report.message));
        assert.match(report.message!, /FIFO/);
        assert.ok(report.ticks >= 3, `${report.call}: the timer fired ${report.ticks} times`);
      }
      if (!noProcReason) assert.equal(countDescriptors(fifo), 0);
    },
  );

  it("openFile and fileSink wait for the other end without blocking the thread, then stream", async () => {
    const fifo = mkfifoSync(dir, "streamed.fifo");
    const [open, sink] = await callsOn(fifo, worker, ["open", "sink"]);
    for (const report of [open, sink]) {
      assert.equal(report.pendingWithoutPeer, true, `${report.call} settled with no other end`);
      assert.ok(
        report.ticks >= 5,
        `${report.call}: the timer fired ${report.ticks} times in 200 ms`,
      );
      assert.equal(report.outcome, "streamed", `${report.call}: ${report.message}`);
    }
    assert.equal(open.text, "through the pipe");
    assert.equal(sink.text, "into the pipe");
  });
});
