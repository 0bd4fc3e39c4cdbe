// The benchmark's input: text files of printable ASCII lines (no NUL byte, so `indexOf(0)` scans
// every byte), made of one deterministic 4 MiB block repeated. What a scan must find in any prefix
// of such a file is computed from the block, so checks cost nothing even for 1 GiB.
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

export const BLOCK_SIZE = 4 << 20;

/** The repeated 4 MiB block: lines of 8 to 160 lowercase words and spaces, each ending in "\n". */
export function textBlock() {
  const block = new Uint8Array(BLOCK_SIZE);
  let seed = 0x2545f491;
  const random = (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  let at = 0;
  while (at < BLOCK_SIZE) {
    // The last line runs to the end of the block, so that no line is shorter than 8 bytes.
    let end = at + 8 + random(153);
    if (end > BLOCK_SIZE - 10) end = BLOCK_SIZE - 1;
    while (at < end) block[at++] = random(6) === 0 ? 0x20 : 0x61 + random(26);
    block[at++] = 0x0a;
  }
  return block;
}

const block = textBlock();

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Newlines, byte sum, words (runs of bytes between spaces and newlines, the only white space of
 * the text), their bytes, and how many lines start with each byte value. A block starts a line,
 * since the one before it ends with a newline. */
function countOf(bytes) {
  let newlines = 0;
  let sum = 0;
  let words = 0;
  let wordBytes = 0;
  const lineStarts = new Array(256).fill(0);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    sum += byte;
    if (byte === NEWLINE) newlines++;
    if (i === 0 || bytes[i - 1] === NEWLINE) lineStarts[byte]++;
    if (byte !== SPACE && byte !== NEWLINE) {
      wordBytes++;
      if (i === 0 || bytes[i - 1] === SPACE || bytes[i - 1] === NEWLINE) words++;
    }
  }
  return { newlines, sum, words, wordBytes, lineStarts };
}

const whole = countOf(block);

/** What a file (or prefix) of `size` bytes holds: its byte count, newlines and byte sum; its words
 * and their bytes (Go's `bufio.ScanWords`); `startingWith(byte)`: how many of its lines (the last
 * one even if unfinished) start with `byte`. */
export function expectedCounts(size) {
  const blocks = Math.floor(size / BLOCK_SIZE);
  const rest = countOf(block.subarray(0, size % BLOCK_SIZE));
  return {
    bytes: size,
    newlines: whole.newlines * blocks + rest.newlines,
    sum: whole.sum * blocks + rest.sum,
    words: whole.words * blocks + rest.words,
    wordBytes: whole.wordBytes * blocks + rest.wordBytes,
    startingWith: (byte) => whole.lineStarts[byte] * blocks + rest.lineStarts[byte],
    // True when the prefix ends part-way through a line (one more record for a line splitter).
    openLine: size % BLOCK_SIZE !== 0 && block[(size % BLOCK_SIZE) - 1] !== 0x0a,
  };
}

/** Makes `dir/text-<size>.txt` unless a file of that size is already there; returns its path. */
export function ensureTextFile(dir, size) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `text-${size}.txt`);
  if (existsSync(path) && statSync(path).size === size) return path;
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < size;) {
      const offset = written % BLOCK_SIZE;
      written += writeSync(fd, block, offset, Math.min(BLOCK_SIZE - offset, size - written));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
