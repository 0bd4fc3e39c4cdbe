import { expectError, expectType } from "tsd";
import { concatStreams, copyN, type CopyResult, fanOut } from "../../mod.ts";

declare const a: ReadableStream<Uint8Array>;
declare const b: ReadableStream<Uint8Array>;
declare const w: WritableStream<Uint8Array>;
declare const v: WritableStream<Uint8Array>;
declare const reader: ReadableStreamBYOBReader;

expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(concatStreams(a, b));
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(concatStreams());
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(concatStreams(...[a, b]));
expectError(concatStreams(a, w));
expectError(concatStreams(new ReadableStream<string>()));
expectError(concatStreams([a, b]));

expectType<WritableStream<Uint8Array>>(fanOut(w, v));
expectType<WritableStream<Uint8Array>>(fanOut());
expectError(fanOut(w, a));
expectError(fanOut(new WritableStream<string>()));
expectError(fanOut([w, v]));

expectType<Promise<CopyResult>>(copyN(a, w, 5));
expectType<Promise<CopyResult>>(copyN(reader, w, 5));
expectType<Promise<CopyResult>>(copyN(a, w, 5, new Uint8Array(8), { preventClose: true }));
expectError(copyN(a, w));
expectError(copyN(a, w, "5"));
expectError(copyN(w, a, 5));
expectError(copyN(a, w, 5, 4096));
// A default reader is structurally a BYOB reader to TypeScript: only the run-time check tells.
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(
  concatStreams(a, b).pipeThrough(new DecompressionStream("gzip")),
);
