/// <reference path="./_deno_ffi.d.ts" />
import { expectAssignable, expectError, expectType } from "tsd";
import {
  type FileRange,
  type ScanPool,
  scanPool,
  ScanError,
  scanFile,
  type ScanWindow,
  splitFile,
  type WindowScanner,
} from "../../mod.ts";

const worker = new URL("file:///scan.ts");

expectType<FileRange[]>(splitFile("big.log", 4));
expectType<FileRange[]>(splitFile(new URL("file:///big.log"), 4, { delimiter: new Uint8Array([13, 10]) }));
expectError(splitFile("big.log"));
expectError(splitFile("big.log", 4, { delimiter: "\n" }));

expectType<Promise<number[]>>(scanFile<number>("big.log", worker));
expectType<Promise<string[]>>(scanFile<string>("big.log", worker, { workers: 2, chunkSize: 1 << 20 }));
expectType<Promise<number>>(
  scanFile<number, number>("big.log", worker, { reduce: (sum, count) => sum + count, initial: 0 }),
);
expectType<Promise<unknown[]>>(
  scanFile("big.log", "file:///scan.ts", {
    signal: AbortSignal.timeout(1000),
    onProgress: (done: number, total: number) => void (done / total),
    data: { anything: true },
    parallelFrom: 0,
  }),
);
expectError(scanFile("big.log", worker, { workers: "2" }));
expectError(scanFile("big.log", worker, { onProgress: "no" }));
expectError(scanFile<number, string>("big.log", worker, { reduce: (sum: string) => sum, initial: 0 }));

const scanner: WindowScanner<number> = async (chunks, window, data) => {
  expectType<AsyncIterable<Uint8Array>>(chunks);
  expectType<ScanWindow>(window);
  expectType<unknown>(data);
  return window.offset + window.length;
};
expectAssignable<WindowScanner<number>>(scanner);
expectAssignable<WindowScanner<string>>(() => "sync results are fine");

const error = new ScanError("big.log", { index: 1, offset: 10, length: 20 }, new Error("x"));
expectType<string>(error.path);
expectType<number>(error.window.index);
expectAssignable<Error>(error);

// scanPool: Workers kept; its scanFile has scanFile's overloads.
declare const url: URL;
const pool = scanPool({ workers: 2 });
expectType<ScanPool>(pool);
expectType<number>(pool.workers);
expectType<Promise<number[]>>(pool.scanFile<number>("big.log", url));
expectType<Promise<number>>(
  pool.scanFile<number, number>("big.log", url, { reduce: (a, b) => a + b, initial: 0 }),
);
expectType<void>(pool.close());
expectError(scanPool({ workers: "2" }));
expectError(pool.scanFile(42, url));
