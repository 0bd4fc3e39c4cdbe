/**
 * Scanning a file on every core: Workers, each over its own window of the file.
 *
 * @module
 */

import {
  checkCallback,
  checkDelimiter,
  checkInteger,
  checkOptions,
  describeValue,
  MAX_ALLOCATION,
} from "../_validate.ts";
import { ScanError } from "../errors.ts";
import { toPath } from "../file/_path.ts";
import { runtime } from "../runtime/adapter.ts";
import { loadScanner, runWindow } from "./_run_window.ts";
import { ScanControl, type WindowPlan } from "./_window_chunks.ts";
import type { FileRange } from "./split_file.ts";
import { HeldFile } from "./_held_file.ts";
import { stopGrace, WorkerPool } from "./_pool.ts";

/** The window a scanner is given: which part of which file, and how its chunks are made. */
export interface ScanWindow {
  /** The file. */
  readonly path: string;
  /** The window's place among the windows, in file order (0 first). */
  readonly index: number;
  /** Where the window starts in the file, in bytes. */
  readonly offset: number;
  /** How many bytes it holds. */
  readonly length: number;
  /** True when the chunks are views of a mapping of the window; false when they were read. */
  readonly mapped: boolean;
}

/**
 * What a worker module exports (as its default export, or as `scan`): a function of one window's
 * chunks, in order, each ending just after a delimiter (the last maybe at the end of the file),
 * so no record is cut in two. Its result goes back to the caller by structured clone.
 */
export type WindowScanner<R> = (
  chunks: AsyncIterable<Uint8Array>,
  window: ScanWindow,
  data: unknown,
) => R | Promise<R>;

/** Options of {@link scanFile}. */
export interface ScanFileOptions {
  /** How many Workers at most (default `navigator.hardwareConcurrency`): one window each. */
  workers?: number;
  /** What ends a record: windows and chunks end just after one. Default `10` (`\n`). */
  delimiter?: number | Uint8Array;
  /**
   * About how many bytes a chunk holds (default 4 MiB, at most 2^30); a longer record makes a
   * longer chunk.
   */
  chunkSize?: number;
  /**
   * Files smaller than this many bytes are scanned in the calling thread, where starting Workers
   * would cost more than it gains. Default 128 MiB (see the README's measurements); 0 always
   * starts Workers.
   */
  parallelFrom?: number;
  /**
   * Handed to every scanner call as its third argument, as a structured clone (on Workers and in
   * the calling thread alike); a value that cannot be cloned is a TypeError at the call.
   */
  data?: unknown;
  /** Stops the scan: every Worker stops at its next chunk, and the call rejects with the reason. */
  signal?: AbortSignal;
  /** Called every 50 ms while the bytes scanned grow, and once at the end, with bytes done and total. */
  onProgress?: (bytesDone: number, totalBytes: number) => void;
}

/** Options of {@link scanFile} that fold the results into one value. */
export interface ScanFileReduceOptions<R, A> extends ScanFileOptions {
  /** Folds each window's result into the accumulator, in file order. */
  reduce: (accumulator: A, result: R, index: number) => A;
  /** The accumulator to start from. */
  initial: A;
}

const action = "scan file";
const defaultChunkSize = 4 << 20;
const defaultParallelFrom = 128 << 20;
/** With a started pool, Workers pay off from about this size (see the README's measurements). */
const poolParallelFrom = 4 << 20;

/**
 * Scans a file on every core, the way Go hands each goroutine its own window of one `mmap`: the
 * file is cut into windows that respect its records ({@link splitFile}), each Worker gets its own
 * window (no copy, no transfer between threads) and runs the worker module's function over it, and
 * the results come back in file order, folded by `reduce` if given. The Workers are started for
 * the call and terminated at its end; {@link scanPool} keeps them for scan after scan.
 *
 * The worker module is a plain module that exports a {@link WindowScanner} as its default export
 * (or as `scan`); it runs unchanged in Deno, Bun and Node (Workers there are `node:worker_threads`),
 * and in the calling thread for small files. Each call gets the window's chunks: iterated, they are
 * views of a mapping of the window (4 MiB each by default; where mapping is not possible, as in
 * Node or in Deno without `--allow-ffi`, the window is read through one reused buffer); given to
 * {@link scan} or {@link count} instead, the window is read straight into the scanner's buffer and
 * never mapped, the fastest way on every core.
 *
 * Lifetime: a chunk is valid until the scanner asks for the next one or settles; copy what you
 * keep. A result is structured-cloned to the caller: a view in it arrives as a copy.
 *
 * One file for the whole scan: the calling thread opens it (never blocking: a FIFO, socket or
 * device is refused at once) and holds it open until the call settles; the windows are cut from
 * that file, and each Worker maps or reads that same open file, not the path again (on Linux it
 * opens `/proc/self/fd/N`: a descriptor number holds for every thread of the process). A file
 * renamed over the path or deleted during the scan changes nothing of it, as in Go, whose scan
 * keeps its mapping. Where the runtime gives no descriptor number (Deno without `--allow-ffi`),
 * each window opens the path again, and a file replaced or deleted meanwhile rejects the call with
 * a FileError "ESTALE" rather than records cut in two.
 *
 * Shared between the threads, in one `SharedArrayBuffer` updated with `Atomics`: the count of bytes
 * scanned (each Worker adds a chunk's length once it asks for the next, never a message per
 * record) and a stop flag. Each Worker owns its window's mapping and descriptor, and releases them
 * before it answers. A throwing scanner (or a failed read) rejects the call with a
 * {@link ScanError} naming the window, after every other Worker stopped; an abort rejects with the
 * signal's reason. So does a Worker that dies before it answers (the worker module calls
 * `process.exit()` or `Deno.exit()`, while loading or mid-window; in Bun, an out-of-memory error):
 * at once, its window released. In Deno an out-of-memory error in a Worker is fatal to the whole
 * process (V8's out-of-memory error ends the process, not the Worker): no library can catch it.
 *
 * Every Worker is terminated on every path. A Worker that does not stop within 2 seconds (a
 * scanner that never asks for its next chunk) is terminated anyway, and the call rejects: its
 * mapping is then left to the process's end in Deno; in the calling thread such a scanner cannot
 * be stopped, so the call rejects after those 2 seconds and the scanner keeps its window until it
 * settles. One case no library can end: in Deno, `terminate()` does not stop a Worker spinning in
 * a synchronous loop (a scanner that never awaits). The call still rejects after the 2 seconds,
 * but that thread keeps a core busy and keeps the process alive until it exits (`Deno.exit()`)
 * (Deno 2.9; https://github.com/denoland/deno/pull/35657). Bun stops it. A scanner that never
 * yields in the calling thread (a small file) blocks that thread itself.
 *
 * @param path The file: a path, or a `file:` URL.
 * @param workerModule The worker module, as an absolute URL (`new URL("./count.ts", import.meta.url)`).
 * @param options Workers, delimiter, chunk size, data, signal, progress, and `reduce`/`initial`.
 * @returns The results of the windows in file order (none for an empty file), or their fold.
 * @throws {TypeError} When `path` or `workerModule` is not what is described, `options` is neither
 *   undefined nor a plain object, an option has the wrong type (`null` included), or `data`
 *   cannot be structured-cloned.
 * @throws {RangeError} When `workers` (1 to 1024), `chunkSize` (1 to 2^30) or `parallelFrom` is
 *   out of range.
 * @throws {FileError} When the file cannot be opened, is a FIFO, socket or device ("ENODEV"), has
 *   no fixed size ("ENOTSUP"), or changed during the scan ("ESTALE": its size; without a
 *   descriptor number, also a file replaced or deleted).
 * @throws {ScanError} When a scanner throws, a window cannot be read, or a Worker dies before it
 *   answers (its window named; `cause` says what happened).
 *
 * @example Counting lines on every core
 * ```ts
 * import { scanFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const dir = tmpdir();
 * const worker = join(dir, `count-lines-${Date.now()}.js`);
 * writeFileSync(worker, `export default async function (chunks) {
 *   let lines = 0;
 *   for await (const chunk of chunks) {
 *     for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
 *   }
 *   return lines;
 * }`);
 * const path = join(dir, `lines-${Date.now()}.txt`);
 * writeFileSync(path, "one\ntwo\nthree\n".repeat(1000));
 * const lines = await scanFile<number, number>(path, new URL(`file://${worker}`), {
 *   workers: 2,
 *   parallelFrom: 0,
 *   reduce: (sum, count) => sum + count,
 *   initial: 0,
 * });
 * assert.equal(lines, 3000);
 * ```
 */
export function scanFile<R, A>(
  path: string | URL,
  workerModule: string | URL,
  options: ScanFileReduceOptions<R, A>,
): Promise<A>;
/**
 * Scans a file on every core and returns each window's result, in file order: the same scan as
 * above, without `reduce`. See the first overload for the worker module, the lifetime of its
 * chunks and what is shared between the threads.
 *
 * @param path The file: a path, or a `file:` URL.
 * @param workerModule The worker module, as an absolute URL.
 * @param options Workers, delimiter, chunk size, data, signal and progress.
 * @returns The results of the windows in file order (none for an empty file).
 *
 * @example One result per window (a small file: one window, scanned in this thread)
 * ```ts
 * import { scanFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const dir = tmpdir();
 * const worker = join(dir, `window-sizes-${Date.now()}.js`);
 * writeFileSync(worker, `export async function scan(chunks, window) {
 *   let bytes = 0;
 *   for await (const chunk of chunks) bytes += chunk.length;
 *   return { offset: window.offset, bytes };
 * }`);
 * const path = join(dir, `small-${Date.now()}.txt`);
 * writeFileSync(path, "a\nbb\nccc\n");
 * const windows = await scanFile<{ offset: number; bytes: number }>(path, new URL(`file://${worker}`));
 * assert.deepEqual(windows, [{ offset: 0, bytes: 9 }]);
 * ```
 */
export function scanFile<R>(
  path: string | URL,
  workerModule: string | URL,
  options?: ScanFileOptions,
): Promise<R[]>;
export function scanFile<R, A>(
  path: string | URL,
  workerModule: string | URL,
  options?: ScanFileOptions | ScanFileReduceOptions<R, A>,
): Promise<R[] | A> {
  return scanWith<R, A>(undefined, path, workerModule, options);
}

/**
 * The scan of `scanFile`, on the Workers of `pool` (started before), or on a pool of its own,
 * started for this call and closed at its end.
 */
export async function scanWith<R, A>(
  pool: WorkerPool | undefined,
  path: string | URL,
  workerModule: string | URL,
  options?: ScanFileOptions | ScanFileReduceOptions<R, A>,
): Promise<R[] | A> {
  const filePath = toPath(action, path);
  const moduleHref = checkModule(workerModule);
  const settings = checkSettings(options, pool);
  settings.signal?.throwIfAborted();
  // One open file for the whole scan: every window is cut from it and read from it.
  const file = new HeldFile(filePath);
  let results: unknown[];
  const control = new ScanControl();
  const progress = watchProgress(control, file.size, settings.onProgress);
  try {
    const parallel = file.size >= settings.parallelFrom && settings.workers > 1;
    const plans: WindowPlan[] = file.ranges(parallel ? settings.workers : 1, settings.delimiter)
      .map((range: FileRange) => ({
        path: filePath,
        source: file.source,
        range,
        delimiter: settings.delimiter,
        chunkSize: settings.chunkSize,
        // Decided here once for every window: a Worker can map exactly when this thread can.
        mapped: runtime.mapUnavailable() === undefined,
      }));
    try {
      if (parallel && plans.length > 1) {
        const workers = pool ?? new WorkerPool(plans.length);
        try {
          const { data, signal } = settings;
          results = await workers.run({ moduleHref, plans, control, data, signal });
        } finally {
          if (pool === undefined) workers.close();
        }
      } else {
        results = await runHere(moduleHref, plans, control, settings);
      }
    } catch (error) {
      // A window that failed because its file changed (opened by path): say that instead.
      if (error instanceof ScanError) file.checkUnchanged(error);
      throw error;
    }
    file.checkUnchanged();
  } finally {
    progress.stop();
    file.close();
  }
  progress.report();
  if (settings.reduce !== undefined) {
    return (results as R[]).reduce(settings.reduce, settings.initial as A);
  }
  return results as R[];
}

interface Settings {
  workers: number;
  delimiter: Uint8Array<ArrayBuffer>;
  chunkSize: number;
  parallelFrom: number;
  data: unknown;
  signal: AbortSignal | undefined;
  onProgress: ((bytesDone: number, totalBytes: number) => void) | undefined;
  // deno-lint-ignore no-explicit-any
  reduce: ((accumulator: any, result: any, index: number) => any) | undefined;
  initial: unknown;
}

function checkSettings(given: unknown, pool: WorkerPool | undefined): Settings {
  const options = checkOptions(action, given);
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `Cannot ${action} as signal must be an AbortSignal: received ${describeValue(signal)}`,
    );
  }
  // A pool's Workers are started already: small files gain from them too.
  const cores = pool?.size ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  /** An option's value, or `fallback` when it is undefined (null is checked like any value). */
  const or = (value: unknown, fallback: unknown) => value === undefined ? fallback : value;
  return {
    workers: checkInteger(action, "workers", or(options.workers, cores), 1, pool?.size ?? 1024),
    delimiter: checkDelimiter(action, or(options.delimiter, 10)),
    chunkSize: checkInteger(
      action,
      "chunkSize",
      or(options.chunkSize, defaultChunkSize),
      1,
      MAX_ALLOCATION,
    ),
    parallelFrom: checkInteger(
      action,
      "parallelFrom",
      or(options.parallelFrom, pool === undefined ? defaultParallelFrom : poolParallelFrom),
    ),
    data: checkCloneable(options.data),
    signal,
    onProgress: checkCallback(action, "onProgress", options.onProgress),
    reduce: checkCallback(action, "reduce", options.reduce),
    initial: options.initial,
  };
}

/**
 * A structured clone of `data`, what every scanner gets (a Worker's copy arrives by message): the
 * same data whether the windows run on Workers or in this thread. A TypeError naming `data` when
 * it cannot be cloned (a function, a symbol, ...).
 */
function checkCloneable(data: unknown): unknown {
  try {
    return structuredClone(data);
  } catch (error) {
    throw new TypeError(
      `Cannot ${action} as data must be structured-cloneable: received ${describeValue(data)}`,
      { cause: error },
    );
  }
}

function checkModule(workerModule: unknown): string {
  let url: URL | undefined;
  if (workerModule instanceof URL) url = workerModule;
  else if (typeof workerModule === "string" && URL.canParse(workerModule)) {
    url = new URL(workerModule);
  }
  if (url === undefined || url.protocol.length <= 2) {
    // A one-letter scheme is a Windows drive, not a URL.
    throw new TypeError(
      `Cannot ${action} as workerModule must be an absolute URL (new URL("./scan.ts", import.meta.url)): received ${
        describeValue(workerModule)
      }`,
    );
  }
  return url.href;
}

/** Reports progress every 50 ms while it grows, for as long as the scan runs. */
function watchProgress(
  control: ScanControl,
  total: number,
  onProgress: Settings["onProgress"],
): { stop(): void; report(): void } {
  if (onProgress === undefined) return { stop() {}, report() {} };
  let reported = -1;
  const report = () => {
    const done = control.bytesDone;
    if (done === reported) return;
    reported = done;
    onProgress(done, total);
  };
  const timer = setInterval(report, 50);
  return { stop: () => clearInterval(timer), report };
}

/** The windows scanned one after another in this thread (a small file, or one window). */
async function runHere(
  moduleHref: string,
  plans: WindowPlan[],
  control: ScanControl,
  settings: Settings,
): Promise<unknown[]> {
  // An abort stops the scanner at its next chunk, where it releases its window; one that does
  // not get there within the grace a Worker has (it never asks for a chunk) is given up on.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const givenUp = new Promise<never>((_, reject) => {
    onAbort = () => {
      control.stop();
      timer = setTimeout(() => reject(settings.signal!.reason), stopGrace);
    };
  });
  givenUp.catch(() => {}); // seen through the race below, or not at all
  settings.signal?.addEventListener("abort", onAbort);
  try {
    let scanner: WindowScanner<unknown> | undefined;
    const results: unknown[] = [];
    for (const [index, plan] of plans.entries()) {
      try {
        scanner ??= await loadScanner(moduleHref);
        const result = runWindow(scanner, plan, index, settings.data, control);
        // A structured clone, as a Worker's result is: the same result whatever the file's size.
        results.push(structuredClone(await Promise.race([result, givenUp])));
      } catch (error) {
        settings.signal?.throwIfAborted();
        throw new ScanError(plan.path, { index, ...plan.range }, error);
      }
    }
    settings.signal?.throwIfAborted();
    return results;
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener("abort", onAbort);
  }
}
