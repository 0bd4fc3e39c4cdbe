// The loop every positioned write needs: a system write may take fewer bytes than it is given.
import { FileError } from "../errors.ts";

/**
 * Writes `length` bytes through `writeFrom(done)`, one system write of the bytes from `done` on
 * that returns how many it took, until all are written. A write that takes nothing would loop
 * forever: it is a FileError "EIO" naming `path`.
 */
export function writeAll(path: string, length: number, writeFrom: (done: number) => number): void {
  for (let done = 0; done < length;) {
    const count = writeFrom(done);
    if (count <= 0) {
      throw new FileError("write", path, "EIO", { reason: "the system wrote 0 bytes" });
    }
    done += count;
  }
}
