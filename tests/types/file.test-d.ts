/// <reference path="./_deno_ffi.d.ts" />
import { expectAssignable, expectError, expectType } from "tsd";
import {
  FileError,
  fileSink,
  type FileSinkOptions,
  mapFile,
  type MappedFile,
  openFile,
  type OpenFileOptions,
  type MapOptions,
} from "../../mod.ts";

const file = mapFile("data.bin", { offset: 1, length: 2, advice: "sequential" });
expectType<MappedFile>(file);
expectType<Uint8Array>(file.bytes);
expectType<boolean>(file.mapped);
expectType<number>(file.byteLength);
expectType<IterableIterator<Uint8Array>>(file.chunks(4096));
expectType<ReadableStream<Uint8Array>>(file.readable({ chunkSize: 65536 }));
expectType<void>(file.flush());
expectType<void>(file.close());
expectAssignable<Disposable>(file);
expectType<MappedFile>(mapFile(new URL("file:///data/data.bin")));
expectAssignable<MapOptions>({ writable: true, populate: true, fallback: "error" as const });
expectError(mapFile("data.bin", { advice: "fast" }));
expectError(mapFile("data.bin", { fallback: "copy" }));
expectError(mapFile(42));
expectError(file.bytes = new Uint8Array(1));
expectError(file.mapped = false);
expectError(file.chunks("4096"));
expectError(file.readable({ chunkSize: "1" }));
expectError(mapFile("data.bin", { offset: "1" }));
expectError(mapFile("data.bin", { writable: 1 }));
for (const view of file.chunks(16)) expectType<Uint8Array>(view);

expectType<Promise<ReadableStream<Uint8Array>>>(openFile("data.bin", { start: 0, end: 10 }));
expectError(openFile("data.bin", { start: "0" }));
expectError(openFile("data.bin", { end: 1n }));
expectAssignable<OpenFileOptions>({ start: 1, end: 2, chunkSize: 3 });
expectType<Promise<ReadableStream<Uint8Array>>>(openFile(new URL("file:///data/data.bin")));
expectType<Promise<WritableStream<Uint8Array>>>(
  fileSink("out.bin", { append: true, create: false, sync: true }),
);
expectError(fileSink("out.bin", { append: "yes" }));
expectError(fileSink(7));
expectAssignable<FileSinkOptions>({ append: false, create: true, sync: false });

const error = new FileError("open", "data.bin", "ENOENT");
expectType<string>(error.path);
expectType<string>(error.code);
expectAssignable<Error>(error);
