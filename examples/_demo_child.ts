// One measurement of `npm run demo`, run in a fresh process so its peak memory is its own:
//   <runtime> examples/_demo_child.ts METHOD FILE
// METHOD is mapFile, openFile, usual (the runtime's usual way: Deno.readFile or
// Bun.file().arrayBuffer()) or startup (no scan: what the runtime itself holds). While the data is
// still held it prints "sample" and waits for a line on stdin: meanwhile the demo reads this
// process's /proc/PID/status and smaps (Deno would need --allow-all to read /proc/self itself).
// Then it prints one JSON line with the counts and the seconds taken.
import { readSync, writeSync } from "node:fs";
import process from "node:process";
import { LineTally, scanMapped, type ScanResult, scanStreamed } from "./file_scan.ts";

const [method, path] = process.argv.slice(2);
if (method === undefined || path === undefined) {
  throw new Error("usage: _demo_child.ts mapFile|openFile|usual|startup FILE");
}

let heldSeconds = 0;

/** Lets the demo sample this process's memory now; blocks until it is done. */
function holdForSample(): void {
  const started = performance.now();
  writeSync(1, "sample\n");
  readSync(0, new Uint8Array(1));
  heldSeconds += (performance.now() - started) / 1000;
}

/** The runtime's usual way to get a whole file: one fresh buffer the size of the file. */
async function readWholeFile(file: string): Promise<Uint8Array> {
  const runtime = globalThis as unknown as {
    Deno?: { readFile(path: string): Promise<Uint8Array> };
    Bun?: { file(path: string): { arrayBuffer(): Promise<ArrayBuffer> } };
  };
  if (runtime.Deno) return await runtime.Deno.readFile(file);
  if (runtime.Bun) return new Uint8Array(await runtime.Bun.file(file).arrayBuffer());
  throw new Error("the demo runs in Deno or Bun");
}

let result: ScanResult = { lines: 0, bytes: 0, fingerprint: 0 };
const started = performance.now();
if (method === "mapFile") {
  result = scanMapped(path, holdForSample);
} else if (method === "openFile") {
  result = await scanStreamed(path);
} else if (method === "usual") {
  const bytes = await readWholeFile(path);
  const tally = new LineTally();
  tally.add(bytes);
  result = tally.result();
  holdForSample(); // while `bytes` is still held, as a program using it would
} else if (method !== "startup") {
  throw new Error(`unknown method ${JSON.stringify(method)}`);
}
// The time the demo spent sampling memory is not the method's own.
const seconds = (performance.now() - started) / 1000 - heldSeconds;
if (heldSeconds === 0) holdForSample();
const runtime = "Bun" in globalThis ? "bun" : "deno";
console.log(JSON.stringify({ runtime, method, seconds, result }));
