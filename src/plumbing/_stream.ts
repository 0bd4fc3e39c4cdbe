// Stream argument checks and reader acquisition shared by the read functions.

import { describeValue } from "../_validate.ts";

/**
 * Throws a `TypeError` unless `value` is a `ReadableStream` that no reader holds.
 * Returns the stream, so it can be used inline.
 */
export function checkReadableStream(
  action: string,
  name: string,
  value: unknown,
): ReadableStream<Uint8Array> {
  if (!(value instanceof ReadableStream)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a ReadableStream: received ${describeValue(value)}`,
    );
  }
  if (value.locked) {
    throw new TypeError(
      `Cannot ${action} as ${name} must not be locked: received a ReadableStream locked to a reader`,
    );
  }
  return value;
}

/** Throws a `TypeError` unless `value` is a `WritableStream` that no writer holds. */
export function checkWritableStream(
  action: string,
  name: string,
  value: unknown,
): WritableStream<Uint8Array> {
  if (!(value instanceof WritableStream)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a WritableStream: received ${describeValue(value)}`,
    );
  }
  if (value.locked) {
    throw new TypeError(
      `Cannot ${action} as ${name} must not be locked: received a WritableStream locked to a writer`,
    );
  }
  return value;
}

/** Throws a `TypeError` unless `value` is a BYOB reader. */
export function checkByobReader(
  action: string,
  name: string,
  value: unknown,
): ReadableStreamBYOBReader {
  if (!(value instanceof ReadableStreamBYOBReader)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must be a ReadableStreamBYOBReader: received ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/** The reader of an unlocked stream: BYOB when the stream is a byte stream, default otherwise. */
export type AnyReader =
  | { readonly byob: true; readonly reader: ReadableStreamBYOBReader }
  | { readonly byob: false; readonly reader: ReadableStreamDefaultReader<Uint8Array> };

/**
 * Locks `stream` (which must be unlocked) to a BYOB reader when it is a byte stream, else to a
 * default reader. Only a byte stream accepts a BYOB reader; any other stream throws a `TypeError`
 * from `getReader({ mode: "byob" })` without being locked.
 */
export function acquireReader(stream: ReadableStream<Uint8Array>): AnyReader {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    return { byob: false, reader: stream.getReader() };
  }
  return { byob: true, reader };
}

/** Cancels through a reader, ignoring the rejection of a stream that already errored. */
export async function cancelQuietly(
  reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>,
  reason: unknown,
): Promise<void> {
  try {
    await reader.cancel(reason);
  } catch {
    // The stream errored before: there is nothing left to cancel.
  }
}

/**
 * Throws a `TypeError` when `buf` lies on a `SharedArrayBuffer`: a BYOB read transfers the
 * buffer of the view it is given, and shared memory cannot be transferred.
 */
export function checkTransferable(
  action: string,
  name: string,
  buf: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if (!(buf.buffer instanceof ArrayBuffer)) {
    throw new TypeError(
      `Cannot ${action} as ${name} must not be shared memory (a BYOB read transfers it): received a view of a ${
        Object.prototype.toString.call(buf.buffer).slice(8, -1)
      }`,
    );
  }
  return buf as Uint8Array<ArrayBuffer>;
}
