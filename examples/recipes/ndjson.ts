// Parses a file of NDJSON (one JSON value per line), skipping blank lines.
import process from "node:process";
import { openFile, scan } from "@zerocopy/streams";

const [path] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: ndjson.ts <file>");

let values = 0;
let blank = 0;
const keys = new Set<string>();
for await (const batch of scan(await openFile(path))) {
  for (let i = 0; i < batch.count; i++) {
    if (batch.length(i) === 0) {
      blank++;
      continue;
    }
    // text(i) decodes line i into a string of its own: the value outlives the scanner's buffer.
    const value = JSON.parse(batch.text(i));
    values++;
    for (const key of Object.keys(value)) keys.add(key);
  }
}
console.log(`${values} values, ${blank} blank lines; keys: ${[...keys].sort().join(", ")}`);
