// Counts the lines of a file that start with a word, scanning the file in place: no read, no copy.
import process from "node:process";
import { mapFile } from "@zerocopy/streams";

const [path, word = "ERROR"] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: map_scan.ts <file> [word]");
const prefix = new TextEncoder().encode(word);

using file = mapFile(path); // unmapped at the end of the scope; `file.bytes` is empty after
const bytes = file.bytes;
let matches = 0;
for (let start = 0; start < bytes.length;) {
  const newline = bytes.indexOf(10, start);
  const end = newline === -1 ? bytes.length : newline;
  if (end - start >= prefix.length && prefix.every((byte, i) => bytes[start + i] === byte)) {
    matches++;
  }
  start = end + 1;
}
console.log(`${matches} lines start with ${word} (${file.mapped ? "mapped" : "read"})`);
