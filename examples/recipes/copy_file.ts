// Copies a file through one 1 MiB buffer, reused for every read and write (Go's io.CopyBuffer).
import process from "node:process";
import { copyBuffer, fileSink, openFile } from "@zerocopy/streams";

const [from, to] = process.argv.slice(2);
if (from === undefined || to === undefined) throw new TypeError("usage: copy_file.ts <from> <to>");

const buffer = new Uint8Array(1 << 20);
const { written } = await copyBuffer(await openFile(from), await fileSink(to), buffer);
console.log(`copied ${written} bytes`);
