// Parses a file of NDJSON (one JSON value per line), skipping blank lines.
import process from "node:process";
import { LineStream, openFile, records } from "@zerocopy/streams";

const [path] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: ndjson.ts <file>");

const decoder = new TextDecoder();
let values = 0;
let blank = 0;
const keys = new Set<string>();
const stream = (await openFile(path)).pipeThrough(new LineStream());
for await (const batch of records(stream)) {
  // Each record is a view of the bytes read (no copy); decoding makes the string kept.
  for (const record of batch) {
    if (record.length === 0) {
      blank++;
      continue;
    }
    const value = JSON.parse(decoder.decode(record));
    values++;
    for (const key of Object.keys(value)) keys.add(key);
  }
}
console.log(`${values} values, ${blank} blank lines; keys: ${[...keys].sort().join(", ")}`);
