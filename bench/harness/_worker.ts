// Runs benchmark cases in this runtime and prints one result line per case. The driver
// (bench/run.mjs) starts it with the cases as a JSON array, usually one case per process so that
// each gets a clean peak-memory figure:
//   deno run -A --v8-flags=--expose-gc bench/harness/_worker.ts '[{"id":"...","group":"scan"}]'
//   bun bench/harness/_worker.ts '[...]'
import process from "node:process";
import { buildPass } from "../cases/_groups.ts";
import { UnavailableError } from "../cases/_library.ts";
import { type CaseResult, type CaseSpec, measure, memoryStatus } from "./_case.ts";
import { runtimeName, runtimeVersion } from "./_host.ts";

/** Marks the lines the driver parses. */
export const RESULT_PREFIX = "@@result ";

async function runCase(spec: CaseSpec): Promise<CaseResult> {
  const memoryAtStart = memoryStatus();
  const result: CaseResult = {
    id: spec.id,
    ok: false,
    times: [],
    bytes: 0,
    memoryAtStart,
    memoryAtEnd: memoryAtStart,
  };
  try {
    const pass = await buildPass(spec);
    const { times, cpuTimes, check } = await measure(pass, spec);
    Object.assign(result, {
      ok: true,
      times,
      cpuTimes,
      bytes: pass.bytes,
      check,
      stats: pass.stats?.(),
    });
  } catch (error) {
    if (error instanceof UnavailableError) result.unavailable = error.message;
    else result.error = error instanceof Error ? error.stack ?? error.message : String(error);
  }
  result.memoryAtEnd = memoryStatus();
  return result;
}

const args = process.argv.slice(2);
const specs = (args.length > 0 ? JSON.parse(args[0]) : []) as CaseSpec[];
console.log(
  `${RESULT_PREFIX}${JSON.stringify({ runtime: runtimeName, version: runtimeVersion() })}`,
);
for (const spec of specs) {
  console.log(`${RESULT_PREFIX}${JSON.stringify(await runCase(spec))}`);
}
