import { expectAssignable, expectError, expectType } from "tsd";
import {
  openRandomAccess,
  type RandomAccessFile,
  type SectionStreamOptions,
} from "../../mod.ts";

expectType<Promise<RandomAccessFile>>(openRandomAccess("data.bin"));
expectType<Promise<RandomAccessFile>>(openRandomAccess(new URL("file:///data/data.bin")));
expectError(openRandomAccess(42));
expectError(openRandomAccess());

const file = await openRandomAccess("data.zip");
const buffer = new Uint8Array(22);
expectType<string>(file.path);
expectType<number>(file.size);
expectType<boolean>(file.closed);
expectType<Promise<Uint8Array>>(file.readAt(buffer, 0));
expectType<Promise<Uint8Array>>(file.readFullAt(buffer, file.size - 22));
expectError(file.readAt(buffer));
expectError(file.readAt(buffer, "0"));
expectError(file.readAt([1, 2], 0));
expectError(file.readFullAt(new Uint16Array(2), 0));
expectType<Uint8Array>(await file.readAt(buffer, 0)); // never null: a short view is Go's io.EOF

expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(file.stream());
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(file.stream(10));
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(file.stream(10, 20, { chunkSize: 4096 }));
expectError(file.stream("10"));
expectError(file.stream(10, "20"));
expectError(file.stream(10, 20, { chunkSize: "4096" }));
expectAssignable<SectionStreamOptions>({ chunkSize: 1 });
expectAssignable<SectionStreamOptions>({});

expectType<void>(file.close());
expectAssignable<Disposable>(file);
expectAssignable<AsyncDisposable>(file);
expectError(file.size = 1);
expectError(file.path = "other");
// Its chunks are ArrayBuffer memory, so it pipes into the runtime's own byte transforms.
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(
  file.stream().pipeThrough(new DecompressionStream("deflate-raw")),
);
