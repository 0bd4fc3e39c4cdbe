// Counts the lines of a file and finds the longest, reading it through one reused buffer.
import process from "node:process";
import { lines, openFile } from "@zerocopy/streams";

const [path] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: count_lines.ts <file>");

let count = 0;
let longest = "";
for await (const batch of lines(await openFile(path))) {
  count += batch.length; // the lines one read completed, as strings
  for (const line of batch) if (line.length > longest.length) longest = line;
}
console.log(`${count} lines; the longest has ${longest.length} characters`);
