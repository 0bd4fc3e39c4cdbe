// Uploads a file in parts of a fixed size (the last may be shorter), one PUT request per part.
import process from "node:process";
import { FixedChunkStream, openFile } from "@zerocopy/streams";

const [path, url, size = String(8 << 20)] = process.argv.slice(2);
if (path === undefined || url === undefined) {
  throw new TypeError("usage: upload_parts.ts <file> <url> [part size]");
}

let part = 0;
for await (const bytes of (await openFile(path)).pipeThrough(new FixedChunkStream(Number(size)))) {
  // `bytes` is valid until the next part is read: the request is sent before that.
  const response = await fetch(`${url}/${++part}`, { method: "PUT", body: bytes });
  if (!response.ok) throw new Error(`part ${part}: HTTP ${response.status}`);
  await response.body?.cancel();
}
console.log(`${part} parts uploaded`);
