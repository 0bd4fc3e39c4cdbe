/**
 * Typed errors of `@zerocopy/streams`.
 *
 * Bad arguments throw the built-in `TypeError` or `RangeError`, naming the argument and the value
 * received. The classes here stand for I/O conditions a caller may want to tell apart.
 *
 * @module
 */

import { checkBytes, checkInteger, checkOptions, checkString, describeValue } from "./_validate.ts";

/**
 * A stream ended part-way through a read that needed more bytes (Go's `io.ErrUnexpectedEOF`).
 *
 * `partial` is a view of the bytes that did arrive, in the caller's buffer.
 *
 * @example Telling a short read apart
 * ```ts
 * import { UnexpectedEofError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const error = new UnexpectedEofError(new Uint8Array([1, 2]), 4);
 * assert.equal(error.partial.length, 2);
 * assert.equal(error.wanted, 4);
 * assert.ok(error instanceof Error);
 * ```
 */
export class UnexpectedEofError extends Error {
  /** The bytes that arrived before the end: a view of the caller's buffer. */
  readonly partial: Uint8Array;
  /** How many bytes the read needed. */
  readonly wanted: number;
  /**
   * How many bytes arrived before the end: `partial.length`, except for `copyN`, whose bytes went
   * to its sink (`partial` is then empty).
   */
  readonly received: number;

  /**
   * Creates the error for a read that needed `wanted` bytes and got `partial`.
   *
   * @param partial The bytes read before the stream ended.
   * @param wanted How many bytes the read needed.
   * @param options `received`: the count of bytes that arrived, when they are not all in
   *   `partial` (default `partial.length`); `source`: what ended, for the message (default
   *   `"stream"`, e.g. `file "a.zip" at offset 100 (102 bytes long)`).
   * @throws {TypeError} When `partial` is not a Uint8Array, `wanted` or `received` not a number,
   *   `source` not a string, or `options` neither undefined nor a plain object.
   * @throws {RangeError} When `wanted` or `received` is not an integer >= 0.
   */
  constructor(
    partial: Uint8Array,
    wanted: number,
    options?: { received?: number; source?: string },
  ) {
    const action = "construct UnexpectedEofError";
    checkBytes(action, "partial", partial);
    checkInteger(action, "wanted", wanted);
    const checked = checkOptions(action, options);
    const received = checked.received === undefined
      ? partial.length
      : checkInteger(action, "received", checked.received);
    const source = checked.source === undefined
      ? "stream"
      : checkString(action, "source", checked.source);
    super(
      `Unexpected end of ${source}: read ${received} of ${wanted} bytes needed`,
    );
    this.name = "UnexpectedEofError";
    this.partial = partial;
    this.wanted = wanted;
    this.received = received;
  }
}

/** Words for the error codes file operations meet most; other codes show the runtime's message. */
const fileErrorReasons: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENODEV: "the file system cannot map this file",
  EINVAL: "the operating system rejected the request",
  ENOMEM: "out of memory or address space",
  EMFILE: "too many open files in this process",
  ENFILE: "too many open files in the system",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EROFS: "the file system is read-only",
  ESPIPE: "the file cannot seek (a pipe or socket)",
  EBADF: "the file was closed",
  ENOSPC: "no space left on the device",
  EEXIST: "the file already exists",
};

/**
 * A file operation failed: the file is missing, a directory, not readable, closed, or the
 * runtime cannot map it.
 *
 * `code` is the operating system's name for the condition (`"ENOENT"`, `"EACCES"`,
 * `"EISDIR"`, ...), `path` the file as the caller named it, and `cause` the runtime's own error
 * when one was wrapped.
 *
 * @example Telling a missing file apart
 * ```ts
 * import { FileError, mapFile } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => mapFile("no-such-file.bin"), (error: unknown) => {
 *   assert.ok(error instanceof FileError);
 *   assert.equal(error.code, "ENOENT");
 *   assert.equal(error.path, "no-such-file.bin");
 *   assert.match(error.message, /no-such-file\.bin/);
 *   return true;
 * });
 * ```
 */
export class FileError extends Error {
  /** The path of the file, as the caller named it (a `file:` URL is shown as its path). */
  readonly path: string;
  /** The operating system's code for the condition, such as `"ENOENT"` or `"EACCES"`. */
  readonly code: string;

  /**
   * Creates the error for `action` (a verb such as `"map"` or `"open"`) on `path`.
   *
   * @param action What was being done, as a verb: `"map"`, `"open"`, `"read"`, `"write"`.
   * @param path The file's path.
   * @param code The operating system's code, such as `"ENOENT"`.
   * @param options `cause`: the wrapped error; `reason`: words replacing the code's usual ones.
   * @throws {TypeError} When `action`, `path`, `code` or `reason` is not a string, or `options`
   *   neither a plain object nor undefined.
   */
  constructor(
    action: string,
    path: string,
    code: string,
    options?: { cause?: unknown; reason?: string },
  ) {
    const checking = "construct FileError";
    checkString(checking, "action", action);
    checkString(checking, "path", path);
    checkString(checking, "code", code);
    options = checkOptions(checking, options);
    if (options.reason !== undefined) checkString(checking, "reason", options.reason);
    const reason = options.reason ?? fileErrorReasons[code] ??
      (options.cause instanceof Error ? options.cause.message : "the operation failed");
    super(
      `Cannot ${action} ${JSON.stringify(path)}: ${reason} (${code})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "FileError";
    this.path = path;
    this.code = code;
  }
}

/**
 * A record grew past the `maxLength` a splitting transform allows (Go's `bufio.ErrTooLong`):
 * the stream is errored instead of holding an unbounded record in memory.
 *
 * @example Lines longer than 4 bytes are refused
 * ```ts
 * import { DelimiterStream, RecordTooLongError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const source = ReadableStream.from([new TextEncoder().encode("ok\nmuch too long\n")]);
 * const lines = source.pipeThrough(new DelimiterStream(10, { maxLength: 4 }));
 * await assert.rejects(Array.fromAsync(lines), (error: unknown) => {
 *   assert.ok(error instanceof RecordTooLongError);
 *   assert.equal(error.maxLength, 4);
 *   assert.equal(error.length, 13);
 *   return true;
 * });
 * ```
 */
export class RecordTooLongError extends Error {
  /** The longest record allowed, in bytes (in UTF-16 code units for the strings of `lines()`). */
  readonly maxLength: number;
  /** The record's length when it was refused (at least that much; it may be longer still). */
  readonly length: number;

  /**
   * Creates the error for a record of `length` units (or more) where `maxLength` is allowed.
   *
   * @param maxLength The longest record allowed.
   * @param length The record's length seen.
   * @param unit What the lengths count, for the message (default `"bytes"`).
   * @throws {TypeError} When `maxLength` or `length` is not a number, or `unit` not a string.
   * @throws {RangeError} When `maxLength` or `length` is not an integer >= 0.
   */
  constructor(maxLength: number, length: number, unit: string = "bytes") {
    const action = "construct RecordTooLongError";
    checkInteger(action, "maxLength", maxLength);
    checkInteger(action, "length", length);
    checkString(action, "unit", unit);
    super(`Record too long: ${length} ${unit} seen, maxLength is ${maxLength}`);
    this.name = "RecordTooLongError";
    this.maxLength = maxLength;
    this.length = length;
  }
}

/**
 * A scan of a file window failed (`scanFile`): the error of the worker's function (or of reading
 * its window) is the `cause`, and the window it was on is named.
 *
 * @example Naming the window
 * ```ts
 * import { ScanError } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 *
 * const error = new ScanError("/var/log/app.log", { index: 1, offset: 4096, length: 4096 }, new Error("bad record"));
 * assert.equal(error.window.offset, 4096);
 * assert.match(error.message, /window 1 \(bytes 4096 to 8192\).*bad record/);
 * ```
 */
export class ScanError extends Error {
  /** The file scanned. */
  readonly path: string;
  /** The window that failed: its index in file order, and its byte range. */
  readonly window: { readonly index: number; readonly offset: number; readonly length: number };

  /**
   * Creates the error.
   *
   * @param path The file scanned.
   * @param window The window that failed.
   * @param cause What the worker threw.
   * @throws {TypeError} When `path` is not a string, or `window` not an object of numbers.
   * @throws {RangeError} When `window`'s `index`, `offset` or `length` is not an integer >= 0.
   */
  constructor(
    path: string,
    window: { readonly index: number; readonly offset: number; readonly length: number },
    cause: unknown,
  ) {
    const action = "construct ScanError";
    checkString(action, "path", path);
    if (typeof window !== "object" || window === null) {
      throw new TypeError(
        `Cannot ${action} as window must be an object: received ${describeValue(window)}`,
      );
    }
    for (const key of ["index", "offset", "length"] as const) {
      checkInteger(action, `window.${key}`, window[key]);
    }
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `Cannot scan ${JSON.stringify(path)}: window ${window.index} (bytes ${window.offset} to ${
        window.offset + window.length
      }) failed: ${reason}`,
      { cause },
    );
    this.name = "ScanError";
    this.path = path;
    this.window = { index: window.index, offset: window.offset, length: window.length };
  }
}
