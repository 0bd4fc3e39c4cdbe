// The demo's sample file: 256 MiB of numbered text lines in the system's temp folder, the same
// bytes on every machine, written once and reused while it is complete.
import {
  closeSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

/** The sample's size in bytes. */
export const sampleSize = 256 * 1024 * 1024;
const sampleHeader = `# zerocopy-streams demo sample v1, ${sampleSize} bytes\n`;

/** Where the sample lives. */
export const samplePath = join(tmpdir(), "zerocopy-streams-demo-256MiB.txt");

/** True when `path` is a complete sample from an earlier run (size, header and last byte match). */
function isSample(path) {
  try {
    if (statSync(path).size !== sampleSize) return false;
    const fd = openSync(path, "r");
    try {
      const head = Buffer.alloc(sampleHeader.length);
      readSync(fd, head, 0, head.length, 0);
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, sampleSize - 1);
      return head.toString("latin1") === sampleHeader && last[0] === 10;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Writes the sample: numbered lines of 1 to 16 words from a fixed list, chosen by a seeded
 * xorshift generator, so every run on every machine makes the same bytes. Written beside the
 * final name and renamed, so an interrupted run never leaves a half file that looks complete.
 */
function writeSample(path) {
  const words = (
    "zero copy stream buffer view byte read write file map page cache kernel reader writer " +
    "chunk slice offset length window memory detach transfer close open sync flush queue pull " +
    "push source sink pipe tee line count sum fast slow go deno bun web standard array typed"
  ).split(" ");
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, "w", 0o644);
  try {
    const block = Buffer.alloc(1 << 22);
    let used = block.write(sampleHeader, 0, "latin1");
    let written = 0;
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    for (let line = 1;; line++) {
      let text = String(line);
      for (let count = 1 + (next() % 16); count > 0; count--) {
        text += " " + words[next() % words.length];
      }
      text += "\n";
      const left = sampleSize - written - used;
      if (text.length >= left) {
        // The last line fills the file exactly and ends with a newline.
        text = (left > 1 ? text.slice(0, left - 1) : "") + "\n";
      }
      if (used + text.length > block.length) {
        writeSync(fd, block, 0, used);
        written += used;
        used = 0;
      }
      used += block.write(text, used, "latin1");
      if (written + used === sampleSize) break;
    }
    writeSync(fd, block, 0, used);
  } catch (error) {
    closeSync(fd);
    unlinkSync(partial);
    throw error;
  }
  closeSync(fd);
  renameSync(partial, path);
}

/** Removes half-written samples left by runs that were killed while writing (their pid is gone). */
function removeStalePartials() {
  const prefix = `${basename(samplePath)}.`;
  for (const name of readdirSync(dirname(samplePath))) {
    const pid = Number(name.slice(prefix.length, -".partial".length));
    if (!name.startsWith(prefix) || !name.endsWith(".partial") || !Number.isInteger(pid)) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (error.code === "ESRCH") rmSync(join(dirname(samplePath), name), { force: true });
    }
  }
}

/**
 * Makes the sample unless a complete one is there; returns what it did, in words. Throws when the
 * sample cannot be written.
 */
export function ensureSample() {
  removeStalePartials();
  if (isSample(samplePath)) {
    return `Using the sample ${samplePath} (256 MiB, made by an earlier run).`;
  }
  const started = Date.now();
  try {
    writeSample(samplePath);
  } catch (error) {
    throw new Error(`cannot write the sample ${samplePath}: ${error.message}`);
  }
  if (!isSample(samplePath)) throw new Error(`the sample ${samplePath} came out wrong`);
  return `Made the sample ${samplePath} (256 MiB) in ${Date.now() - started} ms.`;
}
