// Counts the lines of a file and finds the longest, through one reused buffer: no object per line.
import process from "node:process";
import { openFile, scan } from "@zerocopy/streams";

const [path] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: count_lines.ts <file>");

let count = 0;
let longest = 0;
let longestAt = 0;
for await (const batch of scan(await openFile(path))) {
  // Line i is bytes starts[i] to ends[i] of the scanner's buffer, valid until the next step.
  const { starts, ends } = batch;
  for (let i = 0; i < batch.count; i++) {
    if (ends[i] - starts[i] > longest) {
      longest = ends[i] - starts[i];
      longestAt = batch.offset + starts[i]; // where the line starts in the file
    }
  }
  count += batch.count;
}
console.log(`${count} lines; the longest has ${longest} bytes, at byte ${longestAt}`);
