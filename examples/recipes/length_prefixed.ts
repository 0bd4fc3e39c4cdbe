// Reads frames of a length-prefixed binary protocol: a 4-byte big-endian length, then the payload.
// One header buffer and one payload buffer are reused for every frame.
import process from "node:process";
import { openFile, readFull, UnexpectedEofError } from "@zerocopy/streams";

const [path] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: length_prefixed.ts <file>");

const reader = (await openFile(path)).getReader({ mode: "byob" });
let header: Uint8Array = new Uint8Array(4);
let payload: Uint8Array = new Uint8Array(1024);
let frames = 0;
let bytes = 0;
try {
  for (;;) {
    // null: the stream ended cleanly, between two frames.
    const head = await readFull(reader, header);
    if (head === null) break;
    header = new Uint8Array(head.buffer); // the buffer moved into the view read
    const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
    if (length > payload.length) payload = new Uint8Array(length);
    const body = await readFull(reader, payload.subarray(0, length));
    if (body === null) throw new UnexpectedEofError(new Uint8Array(), length);
    payload = new Uint8Array(body.buffer);
    frames++;
    bytes += body.length;
  }
} catch (error) {
  if (error instanceof UnexpectedEofError) {
    throw new Error(
      `frame ${frames + 1} is cut short: ${error.partial.length} of ${error.wanted} bytes`,
    );
  }
  throw error;
} finally {
  reader.releaseLock();
}
console.log(`${frames} frames, ${bytes} payload bytes`);
