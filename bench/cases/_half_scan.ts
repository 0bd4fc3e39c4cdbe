// One process of the "two processes" case: opens one range of the file, says "ready", waits for a
// line on stdin, then counts the range's newlines (count(), the range read straight into its
// buffer, as the pool's Workers read their windows) and prints them as JSON. Two of them started
// at once, then let go together, show what two cores reach with no Workers at all:
//   deno run -A bench/cases/_half_scan.ts FILE OFFSET LENGTH
import process from "node:process";
import { count, openFile } from "../../mod.ts";

const [path, offset, length] = process.argv.slice(2);
const start = Number(offset);
const stream = await openFile(path, { start, end: start + Number(length) });
console.log("ready");
await new Promise((go) => process.stdin.once("data", go));
const newlines = await count(stream);
console.log(JSON.stringify({ newlines, bytes: Number(length) }));
process.stdin.destroy();
