// The parts of @zerocopy/streams the benchmarks drive, looked up by name at run time so that a case
// whose export is missing reports "unavailable" instead of stopping the whole suite.
import * as library from "../../mod.ts";

/** Copy accounting that the byte transforms expose. */
export interface TransformStats {
  bytesIn: number;
  bytesOut: number;
  bytesViewed: number;
  bytesCopied: number;
}

/** A byte transform: a readable/writable pair with copy accounting. */
export interface ByteTransform {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly stats?: TransformStats;
}

/** A record splitter: bytes in, one record per chunk out (views of the input). */
export interface RecordTransform {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

/** The mapping handle returned by `mapFile`. */
export interface MappedFileHandle {
  readonly bytes: Uint8Array;
  readonly mapped: boolean;
  close(): void;
}

/** The ByteBuffer methods the benchmarks call. */
export interface ByteBufferHandle {
  readonly length: number;
  write(p: Uint8Array): number;
  next(n: number): Uint8Array;
  reset(): void;
}

/** The exports the benchmarks use, each optional until it lands. */
export interface Library {
  mapFile?: (
    path: string,
    options?: { advice?: "normal" | "sequential" | "random" | "willneed"; populate?: boolean },
  ) => MappedFileHandle;
  openFile?: (
    path: string,
    options?: { chunkSize?: number },
  ) => Promise<ReadableStream<Uint8Array>>;
  chunks?: (
    src: ReadableStream<Uint8Array>,
    buf: Uint8Array | number,
  ) => AsyncIterableIterator<Uint8Array>;
  records?: (src: ReadableStream<Uint8Array>) => AsyncIterableIterator<Uint8Array[]>;
  lines?: (src: ReadableStream<Uint8Array>) => AsyncIterableIterator<string[]>;
  splitFile?: (path: string, parts: number) => { offset: number; length: number }[];
  scanFile?: <R>(
    path: string,
    workerModule: URL,
    options?: { workers?: number; parallelFrom?: number },
  ) => Promise<R[]>;
  ByteBuffer?: new (storage?: Uint8Array, length?: number) => ByteBufferHandle;
  FixedChunkStream?: new (size: number) => ByteTransform;
  DelimiterStream?: new (
    delimiter: number | Uint8Array,
    options?: { disposition?: "discard" | "prefix" | "suffix"; maxLength?: number },
  ) => RecordTransform;
  LineStream?: new (options?: { maxLength?: number }) => RecordTransform;
  scanPool?: (options?: { workers?: number }) => {
    scanFile<R>(path: string, workerModule: URL, options?: { parallelFrom?: number }): Promise<R[]>;
    close(): void;
  };
  scan?: (
    src: ReadableStream<Uint8Array> | Uint8Array | AsyncIterable<Uint8Array>,
    options?: { split?: "lines" | "words" | number | Uint8Array; bufferSize?: number },
  ) => AsyncIterableIterator<ScanBatch>;
  count?: (
    src: ReadableStream<Uint8Array> | Uint8Array | AsyncIterable<Uint8Array>,
    byte?: number,
  ) => Promise<number>;
}

/** What the benchmarks read of a scanner's batch. */
export interface ScanBatch {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
}

/** Thrown when a case needs an export that mod.ts does not have (yet). */
export class UnavailableError extends Error {
  constructor(names: string[]) {
    super(`not exported by mod.ts: ${names.join(", ")}`);
    this.name = "UnavailableError";
  }
}

// Assigned without a cast, so `deno check` fails when an export no longer fits how it is used here.
const lib: Library = library;

/** Returns the named exports, or throws `UnavailableError` naming those that are missing. */
export function need<K extends keyof Library>(...names: K[]): Required<Pick<Library, K>> {
  const missing = names.filter((name) => typeof lib[name] !== "function");
  if (missing.length > 0) throw new UnavailableError(missing);
  return lib as Required<Pick<Library, K>>;
}
