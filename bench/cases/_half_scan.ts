// One process of the "two processes" case: maps one range of the file, says "ready", waits for a
// line on stdin, then counts the range's newlines (count(), as the pool's workers do) and prints
// them as JSON. Two of them started at
// once, then let go together, show what two cores reach with no Workers at all:
//   deno run -A bench/cases/_half_scan.ts FILE OFFSET LENGTH
import process from "node:process";
import { count, mapFile } from "../../mod.ts";

const [path, offset, length] = process.argv.slice(2);
using file = mapFile(path, { offset: Number(offset), length: Number(length) });
console.log("ready");
await new Promise((go) => process.stdin.once("data", go));
const bytes = file.bytes;
const newlines = await count(bytes);
console.log(JSON.stringify({ newlines, bytes: bytes.length, mapped: file.mapped }));
process.stdin.destroy();
