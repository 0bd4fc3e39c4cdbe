import { expectAssignable, expectError, expectType } from "tsd";
import {
  ByteTransformOutput,
  ByteTransformStats,
  ByteTransformStream,
  DelimiterStream,
  LineStream,
  FixedChunkStream,
  InspectStream,
  progress,
  RecordTooLongError,
  SliceStream,
} from "../../mod.ts";

const upper = new ByteTransformStream({
  transform(chunk, out) {
    expectType<Uint8Array>(chunk);
    expectType<ByteTransformOutput>(out);
    out.enqueue(chunk, true);
    out.write(chunk);
    out.terminate();
  },
  flush(out) {
    out.enqueue(new Uint8Array(1));
  },
}, { highWaterMark: 1024 });
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(upper.readable);
expectType<WritableStream<Uint8Array>>(upper.writable);
expectType<ByteTransformStats>(upper.stats);
expectType<number>(upper.stats.bytesCopied);
expectError((upper.stats.bytesIn = 1));
expectError(new ByteTransformStream({}));
expectError(new ByteTransformStream({ transform: (chunk: string) => {} }));

// Every transform fits pipeThrough, and the readable side takes a BYOB reader.
declare const source: ReadableStream<Uint8Array>;
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(source.pipeThrough(new FixedChunkStream(4)));
expectType<ReadableStream<string>>(
  source.pipeThrough(new DelimiterStream(10)).pipeThrough(new TextDecoderStream()),
);
expectType<ReadableStreamBYOBReader>(new SliceStream(1, 2).readable.getReader({ mode: "byob" }));
// Record splitters: a default stream of records (views of ArrayBuffers), not a byte stream.
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(source.pipeThrough(new DelimiterStream(10)));
expectType<ReadableStream<Uint8Array<ArrayBuffer>>>(source.pipeThrough(new LineStream()));
expectType<ReadableStream<string>>(
  source.pipeThrough(new LineStream({ maxLength: 80 })).pipeThrough(new TextDecoderStream()),
);
expectError(new LineStream({ maxLength: "80" }));
expectError(new LineStream(10));
expectAssignable<ByteTransformStream>(new InspectStream((view: Uint8Array) => {}));
expectAssignable<ByteTransformStream>(new InspectStream(async () => {}));

new DelimiterStream(new Uint8Array([13, 10]), { disposition: "suffix", maxLength: 1 << 20 });
expectError(new DelimiterStream("\n"));
expectError(new DelimiterStream(10, { disposition: "keep" }));
expectError(new FixedChunkStream());
expectError(new InspectStream());
new SliceStream();
new SliceStream(5);
expectError(new SliceStream("5"));

expectType<InspectStream>(progress((done: number, total?: number) => {}, 10));
expectError(progress((done: string) => {}));

const tooLong = new RecordTooLongError(4, 5);
expectType<number>(tooLong.maxLength);
expectType<number>(tooLong.length);
expectAssignable<Error>(tooLong);
