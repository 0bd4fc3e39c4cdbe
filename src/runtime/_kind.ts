// What kind of file a path names, told without blocking, and the refusal of every kind openForMap
// cannot hold: only regular files have a size to map, split or scan, and can be read without
// waiting for another process.
import { FileError } from "../errors.ts";

/** A file's kind, from the type bits of its mode or a runtime's stat booleans. */
export type NodeKind = "file" | "directory" | "device" | "fifo" | "socket" | "other";

/** The kind named by the type bits of a stat mode (S_IFMT). */
export function kindOfMode(mode: number): NodeKind {
  switch (mode & 0o170000) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "directory";
    case 0o020000:
    case 0o060000:
      return "device";
    case 0o010000:
      return "fifo";
    case 0o140000:
      return "socket";
    default:
      return "other";
  }
}

/**
 * Throws the FileError for a kind that cannot be mapped: a directory is "EISDIR"; a device, a FIFO
 * or a socket is "ENODEV" (what mmap(2) says of them) with the kind in the message. A device has no
 * end to read to (/dev/zero); a FIFO or socket has no size, and reading it waits for the other end,
 * which would stop the whole thread: they are streamed with openFile.
 */
export function refuseKind(path: string, kind: NodeKind): void {
  if (kind === "file" || kind === "other") return;
  if (kind === "directory") throw new FileError("map", path, "EISDIR");
  const reason = kind === "device"
    ? "it is a device"
    : `it is a ${
      kind === "fifo" ? "FIFO (named pipe)" : "socket"
    }: it has no size, and a read waits for the other end, so it can only be streamed (openFile)`;
  throw new FileError("map", path, "ENODEV", { reason });
}
