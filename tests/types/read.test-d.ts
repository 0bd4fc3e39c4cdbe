import { expectError, expectType } from "tsd";
import {
  chunks,
  lines,
  records,
  copyBuffer,
  type CopyBufferOptions,
  type CopyResult,
  readAtLeast,
  readFull,
  readInto,
  toByteStream,
} from "../../mod.ts";

declare const bytes: ReadableStream<Uint8Array>;
declare const sink: WritableStream<Uint8Array>;
declare const reader: ReadableStreamBYOBReader;
const buf = new Uint8Array(8);

expectType<Promise<Uint8Array | null>>(readInto(reader, buf));
expectType<Promise<Uint8Array | null>>(readInto(reader, buf, 4));
// A default reader is structurally a BYOB reader to TypeScript: only the run-time check tells.
expectError(readInto(bytes, buf));
expectError(readInto(reader, [1, 2, 3]));
expectError(readInto(reader, buf, "4"));

expectType<Promise<Uint8Array | null>>(readFull(reader, buf));
expectError(readFull(reader));
expectError(readFull(bytes, buf));

expectType<Promise<Uint8Array | null>>(readAtLeast(reader, buf, 2));
expectError(readAtLeast(reader, buf));

expectType<AsyncIterableIterator<Uint8Array>>(chunks(bytes, buf));
expectType<AsyncIterableIterator<Uint8Array>>(chunks(bytes, 4096));
expectError(chunks(bytes));
expectError(chunks(bytes, "4096"));
expectError(chunks(reader, buf));

// records: the stream only, an async iterator of batches of records.
expectType<AsyncIterableIterator<Uint8Array[]>>(records(bytes));
expectError(records(reader));
expectError(records(bytes, buf));
expectError(records(new ReadableStream<string>()));

// lines: batches of strings, with an optional limit.
expectType<AsyncIterableIterator<string[]>>(lines(bytes));
expectType<AsyncIterableIterator<string[]>>(lines(bytes, { maxLength: 4096 }));
expectError(lines(bytes, { maxLength: "4096" }));
expectError(lines(new ReadableStream<string>()));

expectType<Promise<CopyResult>>(copyBuffer(bytes, sink));
expectType<Promise<CopyResult>>(copyBuffer(bytes, sink, buf));
expectType<Promise<CopyResult>>(copyBuffer(bytes, sink, buf, { preventClose: true }));
expectType<Promise<CopyResult>>(copyBuffer(bytes, sink, undefined, {}));
const copied = await copyBuffer(bytes, sink, buf);
expectType<number>(copied.written);
expectType<Uint8Array>(copied.buffer);
expectType<Promise<CopyResult>>(copyBuffer(bytes, sink, copied.buffer));
expectError(copied.written = 1);
expectError<number>(await copyBuffer(bytes, sink));
expectError(copyBuffer(bytes, bytes));
expectError(copyBuffer(bytes, sink, 4096));
expectError(copyBuffer(bytes, sink, buf, { preventClose: "yes" }));
const options: CopyBufferOptions = { preventClose: false };
expectType<boolean | undefined>(options.preventClose);

expectType<ReadableStream<Uint8Array>>(toByteStream(bytes));
expectError(toByteStream(buf));
expectError(toByteStream(sink));
expectError(readInto(reader, new Uint16Array(4)));
expectError(readInto(reader));
expectError(readAtLeast(reader, buf, "2"));
expectError<Uint8Array>(await readFull(reader, buf));
expectError(chunks(new ReadableStream<string>(), buf));
expectError(copyBuffer(new ReadableStream<string>(), sink));
expectError(toByteStream(new ReadableStream<string>()));
expectError(toByteStream());
