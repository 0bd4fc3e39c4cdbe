// A child process for the scan fault tests: runs one scanFile and prints its outcome as one JSON
// line, then returns without exiting: if a Worker of the scan were left running, the process would
// not end, and the parent (which kills it after its time limit) would see that.
//   PATH WORKER_MODULE OPTIONS_JSON   OPTIONS_JSON may hold abortAfterMs: the scan's signal is then
//                                     AbortSignal.timeout(abortAfterMs)
import process from "node:process";
import { scanFile } from "../../mod.ts";

const [path, workerModule, json] = process.argv.slice(2);
const { abortAfterMs, ...options } = JSON.parse(json);
if (abortAfterMs !== undefined) options.signal = AbortSignal.timeout(abortAfterMs);
const started = performance.now();
const report: Record<string, unknown> = {};
try {
  report.result = await scanFile(path, new URL(workerModule), options);
  report.outcome = "resolved";
} catch (error) {
  const { name, message, cause, window } = error as Record<string, unknown>;
  if (error instanceof DOMException) report.domException = true;
  report.outcome = "rejected";
  Object.assign(report, { name, message, window });
  if (cause instanceof Error) report.cause = { name: cause.name, message: cause.message };
}
report.ms = Math.round(performance.now() - started);
console.log(JSON.stringify(report));
