// A child process for the safety tests: maps a file and prints what it saw as one JSON line.
//   map PATH [OFFSET LENGTH [PROBE...]]  mapFile a window (or all) of PATH; each PROBE is an offset
//                                        into the window whose byte is reported
//   map-writable PATH                    mapFile(PATH, { writable: true })
//   open PATH                            openFile(PATH) read to the end through one BYOB buffer
//   map-then PATH delete|truncate        maps PATH, deletes or truncates it to 0, then reads every
//                                        byte of the map (a truncated map raises SIGBUS)
//   cycles PATH COUNT                    COUNT mapFile/close cycles (whole file and windows), then
//                                        prints "hold" and waits for a line on stdin while the
//                                        parent counts its descriptors and mappings from outside
//   bun-mmap PATH                        Bun.mmap(PATH) alone (Bun only)
//   forget PATH COUNT                    maps PATH COUNT times, never closes, drops the objects,
//                                        collects garbage and reports the mappings left (needs
//                                        Deno's --v8-flags=--expose-gc, and -A to read /proc/self)
//   transfer-forget PATH                 moves a forgotten mapping's memory to another ArrayBuffer
//                                        (as transfer() or a byte stream's enqueue does), collects
//                                        garbage, then reads the moved buffer: reports whether it
//                                        holds the file's bytes, only zeros, or anything else
// Errors are printed as JSON too, so the parent sees a clear reason instead of a crash.
import { readFileSync, truncateSync, unlinkSync } from "node:fs";
import process from "node:process";
import { collectGarbage } from "./_gc.ts";
import { hold } from "./_hold.ts";
import { mapFile, openFile } from "../../mod.ts";
import { countMappings } from "./_proc.ts";

const [operation, path, ...rest] = process.argv.slice(2);

function report(value: Record<string, unknown>): void {
  console.log(JSON.stringify(value));
}

function reportError(error: unknown): void {
  const { name, message, code, path } = error as Record<string, string | undefined>;
  report({ ok: false, name, message, code, path });
}

/** Maps PATH and moves the mapping's memory into a new ArrayBuffer; the MappedFile is dropped. */
function moveOut(file: string): Uint8Array {
  const mapping = mapFile(file);
  if (!mapping.mapped) throw new Error("not mapped");
  return new Uint8Array((mapping.bytes.buffer as ArrayBuffer).transfer());
}

try {
  if (operation === "map") {
    const [offset, length, ...probes] = rest.map(Number);
    const options = offset === undefined ? {} : { offset, length };
    const file = mapFile(path, options);
    const bytes = file.bytes;
    const head = String.fromCharCode(...bytes.subarray(0, 64));
    const probed = probes.map((at) => bytes[at]);
    const byteLength = bytes.length;
    file.close();
    report({
      ok: true,
      mapped: file.mapped,
      byteLength,
      head,
      probed,
      lengthAfterClose: bytes.length,
    });
  } else if (operation === "map-writable") {
    using file = mapFile(path, { writable: true });
    report({ ok: true, mapped: file.mapped, byteLength: file.byteLength });
  } else if (operation === "open") {
    const reader = (await openFile(path)).getReader({ mode: "byob" });
    let view = new Uint8Array(new ArrayBuffer(64), 8, 32);
    let head = "";
    for (;;) {
      const { done, value } = await reader.read(view);
      if (done) break;
      head += String.fromCharCode(...value);
      view = new Uint8Array(value.buffer, 8, 32);
    }
    report({ ok: true, head });
  } else if (operation === "map-then") {
    const file = mapFile(path);
    if (rest[0] === "delete") unlinkSync(path);
    else truncateSync(path, 0);
    let sum = 0;
    for (const byte of file.bytes) sum += byte;
    file.close();
    report({ ok: true, mapped: file.mapped, sum, lengthAfterClose: file.bytes.length });
  } else if (operation === "cycles") {
    const count = Number(rest[0]);
    let sum = 0;
    let mapped = 0;
    for (let i = 0; i < count; i++) {
      const file = mapFile(path, i % 2 === 0 ? {} : { offset: i % 100, length: 10 });
      sum += file.bytes[0];
      if (file.mapped) mapped++;
      file.close();
    }
    hold();
    report({ ok: true, sum, mappedCount: mapped });
  } else if (operation === "forget") {
    const count = Number(rest[0]);
    let sum = 0;
    for (let i = 0; i < count; i++) sum += mapFile(path).bytes[0];
    const mappedBefore = countMappings(path);
    const deadline = Date.now() + 5_000;
    while (countMappings(path) > 0 && Date.now() < deadline) {
      collectGarbage();
      // Finalizers run from the event loop: give it turns.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    report({ ok: true, sum, mappedBefore, mappedAfter: countMappings(path) });
  } else if (operation === "transfer-forget") {
    const moved = moveOut(path);
    for (let i = 0; i < 20; i++) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 10));
      // New allocations, so memory freed under `moved` would be reused and show.
      new Uint8Array(1 << 20).fill(0xee);
    }
    const expected = readFileSync(path);
    let same = 0;
    let zeros = 0;
    for (let i = 0; i < moved.length; i++) {
      if (moved[i] === expected[i]) same++;
      else if (moved[i] === 0) zeros++;
    }
    const holds = same === moved.length
      ? "file"
      : same + zeros === moved.length
      ? "zeros"
      : "other";
    report({ ok: true, holds, same, zeros, byteLength: moved.length });
  } else if (operation === "bun-mmap") {
    const bun = (globalThis as unknown as { Bun?: { mmap(path: string): Uint8Array } }).Bun;
    if (bun === undefined) throw new Error("bun-mmap needs Bun");
    const bytes = bun.mmap(path);
    report({ ok: true, byteLength: bytes.length });
  } else {
    throw new Error(`unknown operation ${JSON.stringify(operation)}`);
  }
} catch (error) {
  reportError(error);
}
