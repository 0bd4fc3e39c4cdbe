// Streaming through transforms: an in-memory source of `total` bytes in `chunk`-byte chunks (each in
// its own ArrayBuffer, like the chunks of a network or file stream) re-chunked into 64 KiB records or
// split into lines, by our transforms and by a plain TransformStream doing the same job.
import type { CaseSpec, Check, Pass } from "../harness/_case.ts";
import { type ByteTransform, need } from "./_library.ts";
import { concatenatingSplit, copyingRechunk } from "./_plain_transforms.ts";
import { readWholeFile } from "./_runtime_reads.ts";

const ABSENT = 0;
const NEWLINE = 10;

function sourceOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < parts.length) controller.enqueue(parts[next++]);
      else controller.close();
    },
  });
}

/** The records of `src` one by one, from the batches `records()` hands out. */
async function* flatten(batches: AsyncIterable<Uint8Array[]>): AsyncIterable<Uint8Array> {
  for await (const batch of batches) yield* batch;
}

async function consume(stream: Output): Promise<Check> {
  let bytes = 0;
  let chunks = 0;
  let found = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    chunks++;
    if (chunk.indexOf(ABSENT) !== -1) found++;
  }
  return { bytes, chunks, found };
}

/** What a consumer iterates: the transform's readable, or an iterator over it. */
type Output = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Builds the timed pass of a transform case. */
export async function transformPass(spec: CaseSpec): Promise<Pass> {
  const whole = await readWholeFile(spec.file!);
  const total = Math.min(spec.total!, whole.length);
  const data = whole.subarray(0, total);
  const chunk = spec.chunk!;
  const record = spec.record ?? 64 * 1024;
  let parts: Uint8Array[] = [];
  const prepare = () => {
    parts = [];
    for (let offset = 0; offset < total; offset += chunk) {
      parts.push(data.slice(offset, offset + chunk));
    }
  };
  let transform: ByteTransform | undefined;
  const stats = () => transform?.stats === undefined ? undefined : { ...transform.stats };
  const variant = `${spec.job}:${spec.variant}`;
  /** A pass through one of our transforms, made fresh per pass, read by `read`. */
  const ours = (
    make: () => ByteTransform,
    read: (output: ReadableStream<Uint8Array>) => Output = (output) => output,
  ): Pass => ({
    bytes: total,
    prepare,
    stats,
    run: () => {
      transform = make();
      return consume(read(sourceOf(parts).pipeThrough(transform)));
    },
  });
  /** A pass through a plain TransformStream doing the same job. */
  const plain = (make: () => TransformStream<Uint8Array, Uint8Array>): Pass => ({
    bytes: total,
    prepare,
    run: () => consume(sourceOf(parts).pipeThrough(make())),
  });
  switch (variant) {
    case "rechunk:FixedChunkStream-chunks": {
      const { FixedChunkStream, chunks } = need("FixedChunkStream", "chunks");
      return ours(() => new FixedChunkStream(record), (output) => chunks(output, record));
    }
    case "rechunk:FixedChunkStream-records": {
      const { FixedChunkStream, records } = need("FixedChunkStream", "records");
      return ours(() => new FixedChunkStream(record), (output) => flatten(records(output)));
    }
    case "rechunk:FixedChunkStream": {
      const { FixedChunkStream } = need("FixedChunkStream");
      return ours(() => new FixedChunkStream(record));
    }
    case "rechunk:plain":
      return plain(() => copyingRechunk(record));
    case "split:DelimiterStream": {
      const { DelimiterStream } = need("DelimiterStream");
      return ours(() => new DelimiterStream(NEWLINE));
    }
    case "split:DelimiterStream-records": {
      const { DelimiterStream, records } = need("DelimiterStream", "records");
      return ours(() => new DelimiterStream(NEWLINE), (output) => flatten(records(output)));
    }
    case "split:plain":
      return plain(() => concatenatingSplit(NEWLINE));
    default:
      throw new Error(`unknown transform variant ${variant}`);
  }
}
