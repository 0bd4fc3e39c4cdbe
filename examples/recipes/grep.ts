// Prints the lines of a file that contain a word, with their numbers (grep -n): the word is looked
// for in each read's bytes at once, and only the lines that hold it are decoded.
import process from "node:process";
import { openFile, scan } from "@zerocopy/streams";

const [path, word] = process.argv.slice(2);
if (path === undefined || word === undefined) throw new TypeError("usage: grep.ts <file> <word>");
const pattern = new TextEncoder().encode(word);

/** True when `bytes` holds `pattern` at `at`. */
function holds(bytes: Uint8Array, at: number): boolean {
  for (let k = 1; k < pattern.length; k++) if (bytes[at + k] !== pattern[k]) return false;
  return true;
}

let lines = 0;
let matching = 0;
for await (const batch of scan(await openFile(path))) {
  const { bytes, starts, ends, count } = batch;
  let line = 0; // the first line a match found from here on can lie in
  for (let at = bytes.indexOf(pattern[0]); at !== -1 && line < count;) {
    while (line < count && ends[line] < at + pattern.length) line++;
    if (line < count && at >= starts[line] && holds(bytes, at)) {
      matching++;
      console.log(`${lines + line + 1}:${batch.text(line)}`);
      at = bytes.indexOf(pattern[0], ends[line]); // one print per line
      line++;
    } else {
      at = bytes.indexOf(pattern[0], at + 1);
    }
  }
  lines += count;
}
console.log(`${matching} of ${lines} lines hold ${word}`);
