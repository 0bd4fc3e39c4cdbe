// A child process for tests/faults/huge_map_test.ts (a map that fails may take a runtime down):
// maps a sparse file larger than RAM + swap, read-only (private copy-on-write) and writable
// (shared), and prints what it saw as one JSON line.
//   PATH WINDOW   WINDOW: the bytes to map at the end of the file (0: the whole file)
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import process from "node:process";
import { mapFile } from "../../mod.ts";

const [path, windowArg] = process.argv.slice(2);

/** The VmFlags line of the first mapping of `path` (/proc/self/smaps), or undefined. */
function vmFlags(): string | undefined {
  try {
    const smaps = readFileSync("/proc/self/smaps", "utf8");
    const block = smaps.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/).find((lines) =>
      lines.split("\n")[0].endsWith(path)
    );
    return block?.match(/^VmFlags:(.*)$/m)?.[1].trim();
  } catch {
    return undefined;
  }
}

function byteOnDisk(offset: number): number {
  const fd = openSync(path, "r");
  try {
    const one = new Uint8Array(1);
    readSync(fd, one, 0, 1, offset);
    return one[0];
  } finally {
    closeSync(fd);
  }
}

const report: Record<string, unknown> = {};
try {
  const fileSize = statSync(path).size;
  const window = Number(windowArg) || fileSize;
  const offset = fileSize - window;
  {
    using file = mapFile(path, { offset });
    const bytes = file.bytes;
    report.mapped = file.mapped;
    report.byteLength = bytes.length;
    report.tail = new TextDecoder().decode(bytes.subarray(bytes.length - 4));
    report.flags = vmFlags();
    // Copy-on-write: two pages, far apart, get private copies; the file never sees them.
    bytes[0] = 1;
    bytes[bytes.length - 8] = 2;
    report.wrote = [bytes[0], bytes[bytes.length - 8]];
    report.onDisk = [byteOnDisk(offset), byteOnDisk(fileSize - 8)];
  }
  {
    using file = mapFile(path, { offset, writable: true });
    file.bytes[file.bytes.length - 16] = 42;
    file.flush();
    report.writableOnDisk = byteOnDisk(fileSize - 16);
  }
  report.ok = true;
} catch (error) {
  const { name, message, code } = error as Record<string, unknown>;
  Object.assign(report, { ok: false, name, message, code });
}
console.log(JSON.stringify(report));
