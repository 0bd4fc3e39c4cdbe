import { checkBytes, checkFlag, checkOptions } from "../_validate.ts";
import { FileError } from "../errors.ts";
import { runtime } from "../runtime/adapter.ts";
import { closeWhenCollected, release } from "./_forgotten.ts";
import { toPath } from "./_path.ts";

/** Options of {@linkcode fileSink}. */
export interface FileSinkOptions {
  /** Write after the current end of the file. Default false: the file is truncated first. */
  append?: boolean;
  /** Create the file when it is missing. Default true; false makes a missing file ENOENT. */
  create?: boolean;
  /** Flush the data to the device (fdatasync) before `close()` resolves. Default false. */
  sync?: boolean;
}

const action = "open file sink";

/**
 * Opens a file for writing as a WritableStream (Go's `os.File.Write` loop).
 *
 * Each chunk is written from the caller's memory, no copy on our side, until all of it is with
 * the operating system; only then does the `write()` promise resolve, so the caller may reuse or
 * change the chunk's memory once it has resolved (not before). With `sync: true`, `close()` also
 * waits for the data to reach the device (one fdatasync at close, not per write: durability at
 * the end, full speed on the way). The descriptor is closed on `close()`, `abort()` and on a
 * failed write; a sink dropped unclosed has it closed when it is garbage collected. Opening a
 * FIFO waits for a reader without blocking the thread (the open runs off it): the promise resolves
 * once one opens it.
 *
 * @param path The file: a path, or a `file:` URL (not on Windows yet: pass a string there).
 * @param options Append or truncate, create or not, sync on close or not.
 * @returns A WritableStream of Uint8Array chunks.
 * @throws {TypeError} When `path` is not a non-empty string or `file:` URL or holds a NUL byte,
 *   `options` is neither undefined nor a plain object, or an option is not a boolean. A chunk that is not an attached Uint8Array errors the stream
 *   with a TypeError.
 * @throws {FileError} When the file cannot be opened (`code` "ENOENT" with `create: false`,
 *   "EACCES", "EISDIR", ...); write errors error the stream with a FileError.
 *
 * @example Writing chunks, reusing one buffer
 * ```ts
 * import { fileSink } from "@zerocopy/streams";
 * import assert from "node:assert/strict";
 * import { readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const path = join(tmpdir(), `file-sink-example-${Date.now()}.txt`);
 * const writer = (await fileSink(path)).getWriter();
 * const line = new Uint8Array(4);
 * for (const word of ["one\n", "two\n"]) {
 *   new TextEncoder().encodeInto(word, line);
 *   await writer.write(line); // resolved: the bytes are with the OS, line may be reused
 * }
 * await writer.close();
 * assert.equal(readFileSync(path, "utf8"), "one\ntwo\n");
 * ```
 */
export async function fileSink(
  path: string | URL,
  options?: FileSinkOptions,
): Promise<WritableStream<Uint8Array>> {
  const filePath = toPath(action, path);
  const { append, create, sync } = checkOptions(action, options);
  const settings = {
    append: checkFlag(action, "append", append, false),
    create: checkFlag(action, "create", create, true),
    sync: checkFlag(action, "sync", sync, false),
  };
  const writer = await runtime.openWriter(filePath, {
    append: settings.append,
    create: settings.create,
  });
  const stream = new WritableStream<Uint8Array>({
    async write(chunk): Promise<void> {
      try {
        const view = checkBytes("write to a file sink", "chunk", chunk);
        for (let done = 0; done < view.length;) {
          const count = await writer.write(view.subarray(done));
          if (count <= 0) {
            throw new FileError("write", filePath, "EIO", {
              reason: "the operating system took no bytes",
            });
          }
          done += count;
        }
      } catch (error) {
        await release(writer);
        throw error;
      }
    },
    async close(): Promise<void> {
      try {
        if (settings.sync) await writer.sync();
      } finally {
        await release(writer);
      }
    },
    async abort(): Promise<void> {
      await release(writer);
    },
  });
  closeWhenCollected(stream, writer);
  return stream;
}
