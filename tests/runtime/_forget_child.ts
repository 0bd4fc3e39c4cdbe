// Child process of runtime_gc_test.ts: takes a file (mapFile, openFile or fileSink, as `kind`
// says), forgets it without closing it, forces garbage collection, and prints as JSON how many
// mappings and descriptors of the file exist before and after.
import process from "node:process";
import { fileSink, mapFile, openFile } from "../../mod.ts";
import { countDescriptors, countMappings } from "../file/_proc.ts";

const [path, kind = "map"] = process.argv.slice(2);
const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
const collect = bun ? () => bun.gc(true) : (globalThis as unknown as { gc: () => void }).gc;
const held = kind === "map" ? () => countMappings(path) : () => countDescriptors(path);

// Inside a function, so nothing it made stays reachable from this module's frame.
async function takeAndForget(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    if (kind === "map") {
      sum += mapFile(path).bytes[i];
    } else if (kind === "stream") {
      const reader = (await openFile(path, { chunkSize: 16 })).getReader();
      sum += (await reader.read()).value?.[i] ?? 0;
    } else {
      await (await fileSink(path, { append: true })).getWriter().write(new Uint8Array([i]));
      sum += i;
    }
  }
  return sum;
}

const sum = await takeAndForget();
const before = held();
for (let round = 0; round < 50 && held() > 0; round++) {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log(JSON.stringify({ before, after: held(), sum }));
