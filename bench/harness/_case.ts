// The shapes exchanged between the driver (../run.mjs) and the worker (_worker.ts), the shape of a
// case's timed pass (what ../cases/ builds), and the timing loop.
import process from "node:process";
import { collectGarbage, type MemoryStatus, memoryStatus } from "./_host.ts";

/** What one case runs: its group and variant, its size parameters and how often to repeat it. */
export interface CaseSpec {
  /** Unique name the driver matches results with. */
  id: string;
  group: "scan" | "transform" | "buffer" | "records" | "parallel";
  /** The variant (the way of doing the job), e.g. "mapFile" or "plain". */
  variant: string;
  /** scan: the file to read. */
  file?: string;
  /** scan: "absent" (indexOf of a byte that is not there), "lines" (count newlines) or "check"
   * (newlines and byte sum, for the smoke run). */
  mode?: "absent" | "lines" | "check";
  /** transform: "rechunk" (to fixed 64 KiB records) or "split" (into lines). */
  job?: "rechunk" | "split";
  /** transform: input chunk size; buffer: size of each write. */
  chunk?: number;
  /** transform: bytes per pass; buffer: bytes per write/read cycle. */
  total?: number;
  /** buffer: cycles per pass. */
  cycles?: number;
  /** transform rechunk: output record size. */
  record?: number;
  /** parallel: how many Workers (or processes). */
  workers?: number;
  /** parallel start-up: scan only a file of this file's first `prefix` bytes. */
  prefix?: number;
  /** records, lines as bytes: also count the lines that start with this byte. */
  first?: number;
  warmup: number;
  /** The most timed passes. */
  reps: number;
  /** Stop after this many timed passes once `budgetMs` of timed passes are spent (default reps). */
  minReps?: number;
  budgetMs?: number;
}

/** Counts a pass computed: the driver compares them with what the data must give. */
export type Check = Record<string, number>;

/** One timed pass: `prepare` runs untimed before each pass, `run` is timed. */
export interface Pass {
  /** Bytes delivered per pass (the throughput numerator). */
  bytes: number;
  prepare?: () => Promise<void> | void;
  run: () => Promise<Check> | Check;
  /** Runs once after the last pass, also when one failed: what the passes shared is released. */
  finish?: () => void;
  /** Copy accounting of the last pass, when the variant has it. */
  stats?: () => Record<string, number> | undefined;
}

/** What the worker reports for one case. */
export interface CaseResult {
  id: string;
  ok: boolean;
  unavailable?: string;
  error?: string;
  /** Milliseconds of each timed pass. */
  times: number[];
  /** CPU milliseconds (user + system, all threads) of each timed pass. */
  cpuTimes?: number[];
  bytes: number;
  check?: Check;
  stats?: Record<string, number>;
  memoryAtStart: MemoryStatus;
  memoryAtEnd: MemoryStatus;
}

/** Runs `warmup` untimed passes, then timed ones: `reps` of them, or fewer (never under `minReps`)
 * once the timed passes took `budgetMs`. Every pass must compute the same counts. */
export async function measure(
  pass: Pass,
  spec: Pick<CaseSpec, "warmup" | "reps" | "minReps" | "budgetMs">,
): Promise<{ times: number[]; cpuTimes: number[]; check: Check }> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const minReps = spec.minReps ?? spec.reps;
  const budget = spec.budgetMs ?? Infinity;
  try {
    return await timePasses(pass, spec, minReps, budget, times, cpuTimes);
  } finally {
    pass.finish?.();
  }
}

async function timePasses(
  pass: Pass,
  spec: Pick<CaseSpec, "warmup" | "reps">,
  minReps: number,
  budget: number,
  times: number[],
  cpuTimes: number[],
): Promise<{ times: number[]; cpuTimes: number[]; check: Check }> {
  let spent = 0;
  let check: Check | undefined;
  for (let i = 0; times.length < spec.reps; i++) {
    if (times.length >= minReps && spent >= budget) break;
    collectGarbage();
    await pass.prepare?.();
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const result = await pass.run();
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    if (i >= spec.warmup) {
      times.push(elapsed);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      spent += elapsed;
    }
    if (check === undefined) check = result;
    else if (JSON.stringify(check) !== JSON.stringify(result)) {
      throw new Error(
        `pass ${i} computed ${JSON.stringify(result)}, pass 0 ${JSON.stringify(check)}`,
      );
    }
  }
  return { times, cpuTimes, check: check ?? {} };
}

export { memoryStatus };
