// A child process for the scan fault tests: runs one scanFile and prints its outcome as one JSON
// line, then returns without exiting: if a Worker of the scan were left running, the process would
// not end, and the parent (which kills it after its time limit) would see that.
//   PATH WORKER_MODULE OPTIONS_JSON   OPTIONS_JSON may hold abortWhenFlagged: N, and the scan is then
//                                     aborted once word 0 of `data.flags` (a SharedArrayBuffer
//                                     this child makes) reaches N: when N scanners have started
import process from "node:process";
import { scanFile } from "../../mod.ts";

const [path, workerModule, json] = process.argv.slice(2);
const { abortWhenFlagged, ...options } = JSON.parse(json);
if (abortWhenFlagged !== undefined) {
  const flags = new Int32Array(new SharedArrayBuffer(4));
  const controller = new AbortController();
  options.data = { flags: flags.buffer };
  options.signal = controller.signal;
  (async () => {
    for (let now = 0; now < abortWhenFlagged; now = Atomics.load(flags, 0)) {
      const waiting = Atomics.waitAsync(flags, 0, now);
      if (waiting.async) await waiting.value;
    }
    controller.abort(new Error("stopped by the test"));
  })();
}
const started = performance.now();
const report: Record<string, unknown> = {};
try {
  report.result = await scanFile(path, new URL(workerModule), options);
  report.outcome = "resolved";
} catch (error) {
  const { name, message, cause, window } = error as Record<string, unknown>;
  report.outcome = "rejected";
  Object.assign(report, { name, message, window });
  if (cause instanceof Error) report.cause = { name: cause.name, message: cause.message };
}
report.ms = Math.round(performance.now() - started);
console.log(JSON.stringify(report));
