/**
 * Zero-copy byte streaming for Deno and Bun: Go's I/O techniques on Web Streams.
 *
 * - {@link UnexpectedEofError}: typed errors for I/O conditions.
 * - {@link ByteBuffer}: Go's `bytes.Buffer` over caller memory, handing out views, with
 *   `readFrom`/`writeTo` and `readable`/`writable` for Web Streams.
 * - {@link readInto}, {@link readFull}, {@link readAtLeast}, {@link chunks}, {@link copyBuffer},
 *   {@link toByteStream}: BYOB reads into caller-owned memory. Go's `r.Read(buf)` loop,
 *   `io.ReadFull`, `io.ReadAtLeast` and `io.CopyBuffer`, for byte streams and any other stream.
 * - {@link DelimiterStream}, {@link LineStream}, {@link records}, {@link lines}: records (every
 *   one, empty ones too) as views of the input, in whole batches per step: Go's `bufio.Scanner`.
 * - {@link mapFile}, {@link openFile}, {@link fileSink}: file sources. Go's `mmap` (views of the
 *   page cache, no copy) and `os.File.Read(buf)` (BYOB file streams), with {@link FileError}.
 * - {@link ByteTransformStream}, {@link FixedChunkStream}, {@link SliceStream},
 *   {@link InspectStream}, {@link progress}: transforms whose readable side is a byte stream (BYOB
 *   reads filled from the input), handing out views where bytes sit whole; and
 *   {@link RecordTooLongError} for the splitters' `maxLength`.
 *
 * @example A short tour
 * ```ts
 * import { UnexpectedEofError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new UnexpectedEofError(new Uint8Array(0), 1) instanceof Error);
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
export { lines, type LinesOptions } from "./src/read/lines.ts";
export { copyBuffer, type CopyBufferOptions } from "./src/read/copy_buffer.ts";
export { toByteStream } from "./src/read/to_byte_stream.ts";

// file
export { FileError } from "./src/errors.ts";
export { mapFile, type MapOptions, type MappedFile } from "./src/file/map_file.ts";
export { openFile, type OpenFileOptions } from "./src/file/open_file.ts";
export { fileSink, type FileSinkOptions } from "./src/file/file_sink.ts";

// parallel
export { type FileRange, splitFile, type SplitFileOptions } from "./src/parallel/split_file.ts";
export {
  scanFile,
  type ScanFileOptions,
  type ScanFileReduceOptions,
  type ScanWindow,
  type WindowScanner,
} from "./src/parallel/scan_file.ts";
export { ScanError } from "./src/errors.ts";

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
