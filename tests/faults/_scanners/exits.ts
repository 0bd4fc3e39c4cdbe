// A scanner that ends its Worker's thread part-way through its window: `data.how` "process" calls
// process.exit(7), "deno" Deno.exit(7). Run it on Workers only: in the calling thread it would end
// the whole process.
import process from "node:process";

export default async function exits(
  chunks: AsyncIterable<Uint8Array>,
  _window: unknown,
  data: { how: "process" | "deno" },
): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (data.how === "deno") {
      (globalThis as unknown as { Deno: { exit(code: number): never } }).Deno.exit(7);
    }
    process.exit(7);
  }
  return bytes;
}
