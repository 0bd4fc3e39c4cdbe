// A child process for the scan fault tests: runs one scanFile and prints its outcome as one JSON
// line, then returns without exiting: if a Worker of the scan were left running, the process would
// not end, and the parent (which kills it after its time limit) would see that.
//   PATH WORKER_MODULE OPTIONS_JSON
import process from "node:process";
import { scanFile } from "../../mod.ts";

const [path, workerModule, options] = process.argv.slice(2);
const started = performance.now();
const report: Record<string, unknown> = {};
try {
  report.result = await scanFile(path, new URL(workerModule), JSON.parse(options));
  report.outcome = "resolved";
} catch (error) {
  const { name, message, cause, window } = error as Record<string, unknown>;
  report.outcome = "rejected";
  Object.assign(report, { name, message, window });
  if (cause instanceof Error) report.cause = { name: cause.name, message: cause.message };
}
report.ms = Math.round(performance.now() - started);
console.log(JSON.stringify(report));
