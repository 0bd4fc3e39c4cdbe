// Lists a ZIP file from its central directory, read with readAt into one buffer (as Go's
// archive/zip does), and prints a member's text through a section of the file. ZIP64 is not read.
import process from "node:process";
import { openRandomAccess } from "@zerocopy/streams";

const [path, wanted] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: zip_directory.ts <file.zip> [member]");

const zip = await openRandomAccess(path);
try {
  // The end record (22 bytes, then a comment of up to 65535) is found from the end of the file.
  const tailStart = Math.max(0, zip.size - 22 - 65_535);
  const tail = await zip.readAt(new Uint8Array(zip.size - tailStart), tailStart);
  const end = new DataView(tail.buffer, tail.byteOffset, tail.length);
  let at = tail.length - 22;
  while (at >= 0 && end.getUint32(at, true) !== 0x06054b50) at--;
  if (at < 0) throw new Error(`${path} is not a ZIP file`);
  const count = end.getUint16(at + 10, true);
  const offset = end.getUint32(at + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new Error(`${path} is a ZIP64 file`);

  // The whole central directory in one buffer, with one positional read.
  const directory = await zip.readFullAt(new Uint8Array(end.getUint32(at + 12, true)), offset);
  const entries = new DataView(directory.buffer, directory.byteOffset, directory.length);
  const members = new Map<string, { method: number; local: number; stored: number }>();
  let total = 0;
  for (let i = 0, entry = 0; i < count; i++) {
    if (entries.getUint32(entry, true) !== 0x02014b50) throw new Error(`entry ${i} is damaged`);
    const method = entries.getUint16(entry + 10, true);
    const size = entries.getUint32(entry + 24, true);
    const nameLength = entries.getUint16(entry + 28, true);
    const skip = nameLength + entries.getUint16(entry + 30, true) +
      entries.getUint16(entry + 32, true);
    const name = new TextDecoder().decode(directory.subarray(entry + 46, entry + 46 + nameLength));
    const stored = entries.getUint32(entry + 20, true);
    members.set(name, { method, local: entries.getUint32(entry + 42, true), stored });
    const how = method === 0 ? "stored " : method === 8 ? "deflate" : `method ${method}`;
    console.log(`${String(size).padStart(8)}  ${how}  ${name}`);
    total += size;
    entry += 46 + skip;
  }
  console.log(`${count} members, ${total} bytes`);

  const member = wanted === undefined ? undefined : members.get(wanted);
  if (member !== undefined && (member.method === 0 || member.method === 8)) {
    // The member's data follows its local header (30 bytes, its name and its extra field).
    const local = await zip.readFullAt(new Uint8Array(30), member.local);
    const header = new DataView(local.buffer, local.byteOffset, 30);
    const start = member.local + 30 + header.getUint16(26, true) + header.getUint16(28, true);
    let bytes = zip.stream(start, member.stored);
    if (member.method === 8) bytes = bytes.pipeThrough(new DecompressionStream("deflate-raw"));
    process.stdout.write(await new Response(bytes).text());
  }
} finally {
  zip.close();
}
