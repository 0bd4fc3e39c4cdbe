/**
 * Workers started once and kept for scan after scan: a warm pool for {@link scanFile}.
 *
 * @module
 */

import { checkInteger, checkOptions } from "../_validate.ts";
import { WorkerPool } from "./_pool.ts";
import { type ScanFileOptions, type ScanFileReduceOptions, scanWith } from "./scan_file.ts";

/** Options of {@link scanPool}. */
export interface ScanPoolOptions {
  /** How many Workers to start (default `navigator.hardwareConcurrency`, at most 1024). */
  workers?: number;
}

/**
 * Workers started by {@link scanPool}, loaded and waiting: each `scanFile` call sends them a
 * window each, as {@link scanFile} does, without starting a Worker (20-60 ms each in Deno). Close it
 * when done (`close()`, or `using` / `await using`): its Workers keep the process running until
 * then.
 */
export interface ScanPool extends Disposable, AsyncDisposable {
  /** How many Workers the pool runs. */
  readonly workers: number;
  /** True once `close()` was called: `scanFile` then rejects. */
  readonly closed: boolean;
  /**
   * Scans a file on the pool's Workers and folds the windows' results, as {@link scanFile} does.
   * `workers` (default: all of the pool's) is how many of them scan; files under `parallelFrom`
   * (default 4 MiB with a pool) are scanned in the calling thread. Scans on one pool run one after
   * another.
   *
   * @param path The file: a path, or a `file:` URL.
   * @param workerModule The worker module, as an absolute URL.
   * @param options As {@link scanFile}'s, with `reduce` and `initial`.
   * @returns The fold of the windows' results.
   */
  scanFile<R, A>(
    path: string | URL,
    workerModule: string | URL,
    options: ScanFileReduceOptions<R, A>,
  ): Promise<A>;
  /**
   * Scans a file on the pool's Workers and returns each window's result in file order, as
   * {@link scanFile} does.
   *
   * @param path The file: a path, or a `file:` URL.
   * @param workerModule The worker module, as an absolute URL.
   * @param options As {@link scanFile}'s.
   * @returns The windows' results in file order.
   */
  scanFile<R>(
    path: string | URL,
    workerModule: string | URL,
    options?: ScanFileOptions,
  ): Promise<R[]>;
  /** Terminates the Workers (a scan still running is stopped with them); calling it again does nothing. */
  close(): void;
}

const action = "start a scan pool";

/**
 * Starts Workers for {@link scanFile} and keeps them: the pool's `scanFile` sends each of them a
 * window of the file and waits for their results, as {@link scanFile} does, but the Workers are
 * started (and their module graph loaded) once, not for every call. For a program that scans file
 * after file, or a server, where starting Workers would cost as much as the scan: in Deno a Worker
 * takes 20-30 ms to start and 45-60 ms with the package loaded, in Bun 3-20 ms.
 *
 * A Worker that dies, fails to load its module or does not stop in time is terminated, and a fresh
 * one takes its place at the next scan. Faults are {@link scanFile}'s: each scan rejects with a
 * `ScanError` naming the window that failed.
 *
 * @param options `workers`.
 * @returns The pool, its Workers starting.
 * @throws {TypeError} When `options` is neither undefined nor a plain object, or `workers` is not a
 *   number.
 * @throws {RangeError} When `workers` is not an integer in [1, 1024].
 *
 * @example Counting the lines of several files on Workers started once
 * ```ts
 * import { scanPool } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const dir = tmpdir();
 * const worker = join(dir, `pool-count-${Date.now()}.js`);
 * writeFileSync(worker, `export default async function (chunks) {
 *   let lines = 0;
 *   for await (const chunk of chunks) {
 *     for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
 *   }
 *   return lines;
 * }`);
 * await using pool = scanPool({ workers: 2 });
 * for (const copies of [1000, 2000]) {
 *   const path = join(dir, `pool-lines-${copies}-${Date.now()}.txt`);
 *   writeFileSync(path, "one\ntwo\nthree\n".repeat(copies));
 *   const lines = await pool.scanFile<number, number>(path, new URL(`file://${worker}`), {
 *     parallelFrom: 0,
 *     reduce: (sum, count) => sum + count,
 *     initial: 0,
 *   });
 *   assert.equal(lines, 3 * copies);
 * }
 * ```
 */
export function scanPool(options?: ScanPoolOptions): ScanPool {
  const { workers } = checkOptions(action, options);
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const size = checkInteger(action, "workers", workers === undefined ? cores : workers, 1, 1024);
  return new Pool(new WorkerPool(size));
}

class Pool implements ScanPool {
  readonly #pool: WorkerPool;
  #closed = false;

  constructor(pool: WorkerPool) {
    this.#pool = pool;
  }

  get workers(): number {
    return this.#pool.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  scanFile<R, A>(
    path: string | URL,
    workerModule: string | URL,
    options?: ScanFileOptions | ScanFileReduceOptions<R, A>,
  ): Promise<R[] | A> {
    if (this.#closed) {
      return Promise.reject(new TypeError("Cannot scan file as the scan pool is closed"));
    }
    return scanWith<R, A>(this.#pool, path, workerModule, options);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pool.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}
