// A child process for tests/faults/fifo_test.ts: makes each call of the package on a FIFO that no
// other process has open, while a 10 ms interval timer counts its ticks, and prints one JSON line
// per call. A call that blocked the thread would stop the ticks (and, for a synchronous call, the
// whole child, which the parent then kills): the parent sees it rather than hanging.
//   CALL... FIFO WORKER   CALL is map, map-error, map-writable, split, scan, open or sink
import { closeSync, constants, openSync, readSync, writeSync } from "node:fs";
import process from "node:process";
import { fileSink, mapFile, openFile, scanFile, splitFile } from "../../mod.ts";

const args = process.argv.slice(2);
const [fifo, worker] = args.slice(-2);
const calls = args.slice(0, -2);

let ticks = 0;
const timer = setInterval(() => ticks++, 10);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeError(error: unknown): Record<string, unknown> {
  const { name, message, code } = error as Record<string, unknown>;
  return { outcome: "threw", name, message, code };
}

/** Runs a synchronous call, then lets the timer run 100 ms. */
async function sync(call: () => unknown): Promise<Record<string, unknown>> {
  let report: Record<string, unknown>;
  try {
    call();
    report = { outcome: "returned" };
  } catch (error) {
    report = describeError(error);
  }
  const before = ticks;
  await pause(100);
  return { ...report, ticks: ticks - before };
}

/**
 * Starts an asynchronous call that must wait for the FIFO's other end without blocking: counts the
 * ticks while it waits, then opens that end itself (non-blocking) so the call can go on; `finish`
 * uses the call's result and closes that end.
 */
async function waiting<T>(
  start: () => Promise<T>,
  finish: (value: T, otherEnd: number) => Promise<string>,
  otherEnd: () => number,
): Promise<Record<string, unknown>> {
  let settled = false;
  const started = start().finally(() => settled = true);
  started.catch(() => {});
  const before = ticks;
  await pause(200);
  const report: Record<string, unknown> = { ticks: ticks - before, pendingWithoutPeer: !settled };
  const fd = otherEnd();
  try {
    report.text = await finish(await started, fd);
    report.outcome = "streamed";
  } catch (error) {
    Object.assign(report, describeError(error));
  }
  return report;
}

for (const call of calls) {
  let report: Record<string, unknown>;
  if (call === "map") report = await sync(() => mapFile(fifo));
  else if (call === "map-error") report = await sync(() => mapFile(fifo, { fallback: "error" }));
  else if (call === "map-writable") report = await sync(() => mapFile(fifo, { writable: true }));
  else if (call === "split") report = await sync(() => splitFile(fifo, 2));
  else if (call === "scan") {
    // scanFile is asynchronous, but must refuse the FIFO before it waits for anything.
    report = await sync(() => {});
    try {
      await Promise.race([
        scanFile(fifo, new URL(worker), { workers: 2, parallelFrom: 0 }),
        pause(2000).then(() => Promise.reject(new Error("scanFile did not settle in 2 s"))),
      ]);
      report.outcome = "returned";
    } catch (error) {
      Object.assign(report, describeError(error));
    }
  } else if (call === "open") {
    // openFile waits for a writer without blocking; a writer that appears is streamed.
    report = await waiting(
      () => openFile(fifo),
      (stream, writer) => {
        writeSync(writer, "through the pipe");
        closeSync(writer); // the end of the stream
        return new Response(stream).text();
      },
      () => openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK),
    );
  } else if (call === "sink") {
    // fileSink waits for a reader without blocking; a reader that appears gets the bytes.
    report = await waiting(
      () => fileSink(fifo),
      async (sink, reader) => {
        try {
          const writer = sink.getWriter();
          await writer.write(new TextEncoder().encode("into the pipe"));
          await writer.close();
          const bytes = new Uint8Array(64);
          return new TextDecoder().decode(bytes.subarray(0, readSync(reader, bytes)));
        } finally {
          closeSync(reader);
        }
      },
      () => openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK),
    );
  } else {
    throw new TypeError(`unknown call ${call}`);
  }
  console.log(JSON.stringify({ call, ...report }));
}
clearInterval(timer);
