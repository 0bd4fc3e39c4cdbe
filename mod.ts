/**
 * Zero-copy byte streaming for Deno, Bun and Node: Go's I/O techniques on Web Streams. Where Go hands
 * out a slice of memory it already has, this package hands out a `Uint8Array` view of it: of your
 * own buffer, of the page cache, of the chunk a record lies in. Every API that returns a view says
 * what it aliases and until when it is valid.
 *
 * - {@link mapFile}, {@link openFile}, {@link fileSink}: files mapped into memory (Go's `mmap`:
 *   views of the page cache, no copy) or streamed through your buffer (`os.File.Read(buf)`), with
 *   {@link FileError} naming the path.
 * - {@link openRandomAccess}: a file read at any offset into your buffer (Go's `os.File.ReadAt`),
 *   and any section of it as a byte stream (`io.SectionReader`), with positional reads.
 * - {@link readInto}, {@link readFull}, {@link readAtLeast}, {@link chunks}, {@link copyBuffer},
 *   {@link copyN}, {@link toByteStream}: BYOB reads into caller-owned memory. Go's `r.Read(buf)`
 *   loop, `io.ReadFull`, `io.ReadAtLeast`, `io.CopyBuffer` and `io.CopyN`, for byte streams and any
 *   other stream; {@link UnexpectedEofError} when a stream ends inside a record.
 * - {@link concatStreams}, {@link fanOut}: Go's `io.MultiReader` and `io.MultiWriter`, one byte
 *   stream over several sources, one writable over several sinks, no copy per sink.
 * - {@link DelimiterStream}, {@link LineStream}, {@link records}, {@link lines}: records (every
 *   one, empty ones too) as views of the input, in whole batches per step: Go's `bufio.Scanner`;
 *   {@link RecordTooLongError} past `maxLength`.
 * - {@link ByteTransformStream}, {@link FixedChunkStream}, {@link SliceStream},
 *   {@link InspectStream}, {@link progress}: transforms whose readable side is a byte stream (BYOB
 *   reads filled from the input), handing out views where bytes sit whole.
 * - {@link ByteBuffer}: Go's `bytes.Buffer` over caller memory, handing out views, with
 *   `readFrom`/`writeTo` and `readable`/`writable` for Web Streams.
 * - {@link splitFile}, {@link scanFile}: a file on every core, each Worker over its own mapped
 *   window, with {@link ScanError} naming the window that failed.
 *
 * @example Map a file and count its lines: no read, no copy
 * ```ts
 * import { mapFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `tour-${Date.now()}.log`);
 * writeFileSync(path, "GET /\nGET /a\nPOST /b\n");
 * {
 *   using file = mapFile(path); // unmapped at the end of this block
 *   const bytes = file.bytes; // the page cache itself (read instead without --allow-ffi in Deno)
 *   let lines = 0;
 *   for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
 *   assert.equal(lines, 3);
 * }
 * ```
 *
 * @example Stream a file through a transform into one reused buffer
 * ```ts
 * import { chunks, openFile, SliceStream } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `tour-${Date.now()}.bin`);
 * writeFileSync(path, new Uint8Array(100_000).map((_, i) => i % 256));
 * // Bytes 1,000 to 51,000 of the file, read 16 KiB at a time into the same memory.
 * const buffer = new Uint8Array(16 << 10);
 * let total = 0;
 * let sum = 0;
 * for await (const view of chunks((await openFile(path)).pipeThrough(new SliceStream(1_000, 51_000)), buffer)) {
 *   assert.equal(view.buffer, buffer.buffer); // a view of `buffer`, valid until the next step
 *   total += view.length;
 *   for (const byte of view) sum += byte;
 * }
 * assert.equal(total, 50_000);
 * assert.equal(sum, Array.from({ length: 50_000 }, (_, i) => (i + 1_000) % 256).reduce((a, b) => a + b));
 * ```
 *
 * @example A ByteBuffer that writes into your memory until it must grow
 * ```ts
 * import { ByteBuffer } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const memory = new Uint8Array(64);
 * const buffer = new ByteBuffer(memory, 0); // wraps `memory`, no copy; empty to start
 * buffer.writeString("HTTP/1.1 200 OK\r\n");
 * assert.equal(memory[0], 0x48); // "H": the write landed in your array
 * const line = buffer.readSlice(0x0a); // a view up to and including "\n", no copy
 * assert.equal(new TextDecoder().decode(line!), "HTTP/1.1 200 OK\r\n");
 * assert.equal(line!.buffer, memory.buffer);
 * buffer.write(new Uint8Array(100)); // more than `memory` holds: the buffer grows into new memory
 * assert.notEqual(buffer.bytes().buffer, memory.buffer);
 * ```
 *
 * @example Records: every line of a stream, as views, a batch per step
 * ```ts
 * import { LineStream, records } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const input = ReadableStream.from(["a\r\n\nb", "c\n"].map((s) => new TextEncoder().encode(s)));
 * const seen: string[] = [];
 * for await (const batch of records(input.pipeThrough(new LineStream()))) {
 *   for (const record of batch) seen.push(new TextDecoder().decode(record));
 * }
 * assert.deepEqual(seen, ["a", "", "bc"]);
 * ```
 *
 * @module
 */

// errors
export { UnexpectedEofError } from "./src/errors.ts";

// buffer
export { ByteBuffer } from "./src/buffer/byte_buffer.ts";

// read
export { readInto } from "./src/read/read_into.ts";
export { readAtLeast, readFull } from "./src/read/read_full.ts";
export { chunks } from "./src/read/chunks.ts";
export { records } from "./src/read/records.ts";
export { lines, type LinesOptions } from "./src/scan/lines.ts";
export { copyBuffer, type CopyBufferOptions, type CopyResult } from "./src/read/copy_buffer.ts";
export { copyN } from "./src/read/copy_n.ts";
export { toByteStream } from "./src/read/to_byte_stream.ts";

// file
export { FileError } from "./src/errors.ts";
export { mapFile, type MapOptions, type MappedFile } from "./src/file/map_file.ts";
export { openFile, type OpenFileOptions } from "./src/file/open_file.ts";
export { fileSink, type FileSinkOptions } from "./src/file/file_sink.ts";

// multi
export { concatStreams } from "./src/multi/concat_streams.ts";
export { fanOut } from "./src/multi/fan_out.ts";

// random access
export {
  openRandomAccess,
  type RandomAccessFile,
  type SectionStreamOptions,
} from "./src/random/open_random_access.ts";

// parallel
export { type FileRange, splitFile, type SplitFileOptions } from "./src/parallel/split_file.ts";
export {
  scanFile,
  type ScanFileOptions,
  type ScanFileReduceOptions,
  type ScanWindow,
  type WindowScanner,
} from "./src/parallel/scan_file.ts";
export { type ScanPool, scanPool, type ScanPoolOptions } from "./src/parallel/scan_pool.ts";
export { ScanError } from "./src/errors.ts";

// scan
export { scan, type ScanInput, type Scanner, type ScanOptions } from "./src/scan/scan.ts";
export { RecordBatch } from "./src/scan/record_batch.ts";
export { count } from "./src/scan/count.ts";

// transform
export { ByteTransformStream } from "./src/transform/byte_transform_stream.ts";
export type {
  ByteTransformer,
  ByteTransformOutput,
  ByteTransformStats,
  ByteTransformStreamOptions,
} from "./src/transform/byte_transformer.ts";
export { FixedChunkStream } from "./src/transform/fixed_chunk_stream.ts";
export {
  type DelimiterDisposition,
  DelimiterStream,
  type DelimiterStreamOptions,
} from "./src/transform/delimiter_stream.ts";
export { LineStream, type LineStreamOptions } from "./src/transform/line_stream.ts";
export { SliceStream } from "./src/transform/slice_stream.ts";
export { InspectStream, progress } from "./src/transform/inspect_stream.ts";
export { RecordTooLongError } from "./src/errors.ts";
