import { expectError, expectType } from "tsd";
import { count, RecordBatch, scan, type Scanner } from "../../mod.ts";

declare const bytes: ReadableStream<Uint8Array>;
declare const memory: Uint8Array;
declare const chunks: AsyncIterable<Uint8Array>;

// scan: a stream, bytes, or an (async) iterable of chunks; batches of byte ranges.
expectType<Scanner>(scan(bytes));
expectType<Scanner>(scan(memory, { split: "words" }));
expectType<Scanner>(scan(chunks, { split: 0x2c, disposition: "suffix", maxLength: 1024 }));
expectType<Scanner>(scan([memory], { split: memory, bufferSize: 1 << 20, simd: false }));
expectType<Scanner>(scan(bytes, { allowCR: true }));
expectError(scan("text"));
expectError(scan(bytes, { split: "sentences" }));
expectError(scan(bytes, { disposition: "middle" }));
expectError(scan(bytes, { allowCR: "yes" }));
expectType<boolean>(scan(bytes).simd);

declare const batch: RecordBatch;
expectType<Int32Array>(batch.starts);
expectType<Int32Array>(batch.ends);
expectType<Uint8Array>(batch.bytes);
expectType<number>(batch.count);
expectType<Uint8Array>(batch.view(0));
expectType<string>(batch.text(0));
expectType<boolean>(batch.startsWith(0, memory));
expectType<number>(batch.compare(0, memory));
expectError(batch.startsWith(0, "GET"));

// count: how many of one byte.
expectType<Promise<number>>(count(bytes));
expectType<Promise<number>>(count(memory, 0x2c));
expectError(count(bytes, "\n"));
