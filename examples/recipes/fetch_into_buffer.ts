// Reads a response body into one 64 KiB buffer of your own, however large the body (a socket's
// `readable`, such as Deno.Conn's, reads the same way).
import process from "node:process";
import { chunks } from "@zerocopy/streams";

const [url] = process.argv.slice(2);
if (url === undefined) throw new TypeError("usage: fetch_into_buffer.ts <url>");

const response = await fetch(url);
if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
const buffer = new Uint8Array(64 << 10);
let bytes = 0;
let checksum = 0;
for await (const view of chunks(response.body, buffer)) {
  // `view` is a view of `buffer`, valid until the next step.
  bytes += view.length;
  for (const byte of view) checksum = (checksum + byte) % 65521;
}
console.log(`${bytes} bytes, checksum ${checksum}`);
