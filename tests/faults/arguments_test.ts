// Faults: hostile arguments. Every function and constructor mod.ts exports is called with the same
// hostile values in each argument position, and in each option (CONTRIBUTING.md, "Arguments and
// options"): each call must throw (or reject with) a TypeError or RangeError of our own, whose
// message names the argument, within a bounded time, without allocating what a huge size asks for
// (a size past the limit is refused before any allocation: the call throws instead of taking it).
// A new export fails the first test until it has a row in `table`.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import * as mod from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";

const detached = (() => {
  const buffer = new ArrayBuffer(8);
  const view = new Uint8Array(buffer);
  buffer.transfer();
  return view;
})();

/** The hostile values, by label; each row below lists the labels that are valid where it says. */
const hostile: Record<string, unknown> = {
  "undefined": undefined,
  "null": null,
  "-1": -1,
  "0.5": 0.5,
  "NaN": NaN,
  "Infinity": Infinity,
  "2**32": 2 ** 32, // a huge size: 4 GiB
  "2**53": 2 ** 53, // past the safe integers
  '"x"': "x",
  '""': "",
  "{}": {},
  "[]": [],
  "Symbol()": Symbol("hostile"),
  "a detached view": detached,
  "1n": 1n,
  "a function": () => {},
  "an instance": new (class Options {})(),
};

/** How to call one export, and what is valid where. */
interface Row {
  /** Calls the export with `args`. */
  call(...args: unknown[]): unknown;
  /** Valid arguments, made fresh for every call (streams get locked). */
  args(): unknown[];
  /** The name the message must use for each argument position. */
  names: string[];
  /** Labels of `hostile` that are valid at a position (skipped there). */
  valid?: Record<number, string[]>;
  /** The position of an options argument, and for each option the labels valid for it. */
  options?: { at: number; keys: Record<string, string[]> };
}

/** Labels valid for an optional argument or an option: `undefined` is its default. */
const optional = ["undefined"];
/** Labels valid for an options argument: its defaults, or a plain object. */
const options = ["undefined", "{}"];
/** Labels valid for a safe integer >= 0 that costs no allocation. */
const count = ["undefined", "2**32"];

/** Labels valid for a string, a path among them ("x" names no file: never opened or created). */
const text = ['"x"'];

// Streams that end at once: a call with valid arguments settles.
const byob = () =>
  new ReadableStream({ type: "bytes", start: (controller) => controller.close() })
    .getReader({ mode: "byob" });
const readable = () =>
  new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });

let dir: string;
let file: string;
let worker: URL;

const table: Record<string, Row> = {
  UnexpectedEofError: {
    call: (...a) => new mod.UnexpectedEofError(...(a as [Uint8Array, number])),
    args: () => [new Uint8Array(2), 4],
    names: ["partial", "wanted"],
    valid: { 1: ["2**32"] },
  },
  ByteBuffer: {
    call: (...a) => new mod.ByteBuffer(...(a as [])),
    args: () => [new Uint8Array(4), 2],
    names: ["storage", "length"],
    valid: { 0: optional, 1: optional },
  },
  "ByteBuffer.fromString": {
    call: (...a) => mod.ByteBuffer.fromString(...(a as [string])),
    args: () => ["text"],
    names: ["s"],
    valid: { 0: [...text, '""'] },
  },
  readInto: {
    call: (...a) => mod.readInto(...(a as [ReadableStreamBYOBReader, Uint8Array])),
    args: () => [byob(), new Uint8Array(4), 1],
    names: ["reader", "buf", "min"],
    valid: { 2: optional },
  },
  readAtLeast: {
    call: (...a) => mod.readAtLeast(...(a as [ReadableStreamBYOBReader, Uint8Array, number])),
    args: () => [byob(), new Uint8Array(4), 1],
    names: ["reader", "buf", "min"],
  },
  readFull: {
    call: (...a) => mod.readFull(...(a as [ReadableStreamBYOBReader, Uint8Array])),
    args: () => [byob(), new Uint8Array(4)],
    names: ["reader", "buf"],
  },
  chunks: {
    call: (...a) => mod.chunks(...(a as [ReadableStream<Uint8Array>, number])),
    args: () => [readable(), 4],
    names: ["src", "buf"],
  },
  records: {
    call: (...a) => mod.records(...(a as [ReadableStream<Uint8Array>])),
    args: () => [readable()],
    names: ["src"],
  },
  lines: {
    call: (...a) => mod.lines(...(a as [ReadableStream<Uint8Array>])),
    args: () => [readable(), {}],
    names: ["src", "options"],
    valid: { 1: options },
    options: { at: 1, keys: { maxLength: [...count, "Infinity"], allowCR: optional } },
  },
  copyBuffer: {
    call: (...a) =>
      mod.copyBuffer(...(a as [ReadableStream<Uint8Array>, WritableStream<Uint8Array>])),
    args: () => [readable(), new WritableStream(), new Uint8Array(4), {}],
    names: ["src", "dst", "buf", "options"],
    valid: { 2: optional, 3: options },
    options: { at: 3, keys: { preventClose: optional } },
  },
  toByteStream: {
    call: (...a) => mod.toByteStream(...(a as [ReadableStream<Uint8Array>])),
    args: () => [readable()],
    names: ["src"],
  },
  FileError: {
    call: (...a) => new mod.FileError(...(a as [string, string, string])),
    args: () => ["open", "file.txt", "ENOENT", {}],
    names: ["action", "path", "code", "options"],
    valid: { 0: [...text, '""'], 1: [...text, '""'], 2: [...text, '""'], 3: options },
    options: {
      at: 3,
      keys: { reason: [...optional, ...text, '""'], cause: Object.keys(hostile) },
    },
  },
  mapFile: {
    call: (...a) => mod.mapFile(...(a as [string])),
    args: () => [file, {}],
    names: ["path", "options"],
    valid: { 0: text, 1: options },
    options: {
      at: 1,
      keys: {
        offset: optional,
        length: optional,
        advice: optional,
        writable: optional,
        populate: optional,
        fallback: optional,
      },
    },
  },
  openFile: {
    call: (...a) => mod.openFile(...(a as [string])),
    args: () => [file, {}],
    names: ["path", "options"],
    valid: { 0: text, 1: options },
    options: {
      at: 1,
      // An end past the file reads to its end, as Blob.slice does.
      keys: { start: optional, end: [...count, "Infinity"], chunkSize: optional },
    },
  },
  fileSink: {
    call: (...a) => mod.fileSink(...(a as [string])),
    args: () => [`${dir}/sink.txt`, {}],
    names: ["path", "options"],
    valid: { 0: text, 1: options },
    options: { at: 1, keys: { append: optional, create: optional, sync: optional } },
  },
  splitFile: {
    call: (...a) => mod.splitFile(...(a as [string, number])),
    args: () => [file, 2, {}],
    names: ["path", "parts", "options"],
    valid: { 0: text, 2: options },
    options: { at: 2, keys: { delimiter: optional } },
  },
  scanFile: {
    call: (...a) => mod.scanFile(...(a as [string, URL])),
    args: () => [file, worker, { workers: 1 }],
    names: ["path", "workerModule", "options"],
    valid: { 0: text, 2: options },
    options: {
      at: 2,
      keys: {
        workers: optional,
        delimiter: optional,
        chunkSize: optional,
        parallelFrom: count,
        data: Object.keys(hostile).filter((label) => !["Symbol()", "a function"].includes(label)),
        signal: optional,
        onProgress: [...optional, "a function"],
        reduce: [...optional, "a function"],
        initial: Object.keys(hostile),
      },
    },
  },
  scanPool: {
    // A pool made with valid options is closed at once: its Workers would keep the test running.
    call: (...a) => mod.scanPool(...(a as [])).close(),
    args: () => [{ workers: 1 }],
    names: ["options"],
    valid: { 0: options },
    options: { at: 0, keys: { workers: optional } },
  },
  ScanError: {
    call: (...a) => new mod.ScanError(...(a as [string, never, unknown])),
    args: () => ["file.txt", { index: 0, offset: 0, length: 1 }, new Error("cause")],
    names: ["path", "window", "cause"],
    valid: { 0: [...text, '""'], 2: Object.keys(hostile) },
  },
  ByteTransformStream: {
    call: (...a) => new mod.ByteTransformStream(...(a as [never])),
    args: () => [{ transform() {} }, {}],
    names: ["transformer", "options"],
    valid: { 1: options },
    options: { at: 1, keys: { highWaterMark: count } },
  },
  FixedChunkStream: {
    call: (...a) => new mod.FixedChunkStream(...(a as [number])),
    args: () => [4, {}],
    names: ["size", "options"],
    valid: { 1: options },
    options: { at: 1, keys: { highWaterMark: count } },
  },
  DelimiterStream: {
    call: (...a) => new mod.DelimiterStream(...(a as [number])),
    args: () => [10, {}],
    names: ["delimiter", "options"],
    valid: { 1: options },
    options: { at: 1, keys: { disposition: optional, maxLength: [...count, "Infinity"] } },
  },
  LineStream: {
    call: (...a) => new mod.LineStream(...(a as [])),
    args: () => [{}],
    names: ["options"],
    valid: { 0: options },
    options: { at: 0, keys: { maxLength: [...count, "Infinity"], allowCR: optional } },
  },
  SliceStream: {
    call: (...a) => new mod.SliceStream(...(a as [])),
    args: () => [1, 10, {}],
    names: ["start", "end", "options"],
    valid: { 0: count, 1: [...optional, "Infinity", "2**32"], 2: options },
    options: { at: 2, keys: { highWaterMark: count } },
  },
  InspectStream: {
    call: (...a) => new mod.InspectStream(...(a as [() => void])),
    args: () => [() => {}, {}],
    names: ["inspect", "options"],
    valid: { 0: ["a function"], 1: options },
    options: { at: 1, keys: { highWaterMark: count } },
  },
  progress: {
    call: (...a) => mod.progress(...(a as [() => void])),
    args: () => [() => {}, 100],
    names: ["onProgress", "total"],
    valid: { 0: ["a function"], 1: count },
  },
  scan: {
    call: (...a) => mod.scan(...(a as [Uint8Array])),
    args: () => [readable(), {}],
    names: ["src", "options"],
    // An array is an iterable of chunks: an empty one scans nothing.
    valid: { 0: ["[]"], 1: options },
    options: {
      at: 1,
      keys: {
        split: optional,
        allowCR: optional,
        disposition: optional,
        bufferSize: optional,
        maxLength: [...count, "Infinity"],
        simd: optional,
      },
    },
  },
  count: {
    call: (...a) => mod.count(...(a as [Uint8Array])),
    args: () => [readable(), 10],
    names: ["src", "byte"],
    valid: { 0: ["[]"], 1: optional },
  },
  RecordBatch: {
    call: (...a) => new mod.RecordBatch(...(a as [Uint8Array, Int32Array, Int32Array])),
    args: () => [new Uint8Array(4), Int32Array.of(0), Int32Array.of(1), 0],
    names: ["bytes", "starts", "ends", "offset"],
    valid: { 3: count },
  },
  openRandomAccess: {
    call: (...a) => mod.openRandomAccess(...(a as [string])),
    args: () => [file],
    names: ["path"],
    valid: { 0: text },
  },
  copyN: {
    call: (...a) =>
      mod.copyN(...(a as [ReadableStream<Uint8Array>, WritableStream<Uint8Array>, number])),
    args: () => [readable(), new WritableStream(), 0, new Uint8Array(4), {}],
    names: ["src", "dst", "n", "buf", "options"],
    valid: { 2: ["2**32"], 3: optional, 4: options },
    options: { at: 4, keys: { preventClose: optional } },
  },
  concatStreams: {
    call: (...a) => mod.concatStreams(...(a as ReadableStream<Uint8Array>[])),
    args: () => [readable(), readable()],
    names: ["sources[0]", "sources[1]"],
  },
  fanOut: {
    call: (...a) => mod.fanOut(...(a as WritableStream<Uint8Array>[])),
    args: () => [new WritableStream(), new WritableStream()],
    names: ["sinks[0]", "sinks[1]"],
  },
  RecordTooLongError: {
    call: (...a) => new mod.RecordTooLongError(...(a as [number, number])),
    args: () => [4, 5, "bytes"],
    names: ["maxLength", "length", "unit"],
    valid: { 0: ["2**32"], 1: ["2**32"], 2: [...optional, ...text, '""'] },
  },
};

/**
 * Runs `call` and returns what it threw or rejected with ("returned" if nothing), settling within
 * 2 s ("hung" otherwise).
 */
async function outcome(call: () => unknown): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = call();
    if (!(result instanceof Promise)) return "returned";
    const hung = new Promise((resolve) => timer = setTimeout(() => resolve("hung"), 2000));
    return await Promise.race([result.then(() => "returned", (error) => error), hung]);
  } catch (error) {
    return error;
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with `error` as the refusal of argument `name`, or undefined when it is right. */
function wrong(error: unknown, name: string): string | undefined {
  if (!(error instanceof TypeError || error instanceof RangeError)) {
    return `not a TypeError or RangeError: ${String(error)}`;
  }
  if (!/^Cannot [^:]+ as /.test(error.message)) return `not our message: ${error.message}`;
  if (!error.message.includes(name)) return `does not name ${name}: ${error.message}`;
  return undefined;
}

describe("every export, called with hostile arguments", () => {
  before(() => {
    dir = makeScratch("faults-arguments");
    file = writeScratch(dir, "lines.txt", "one\ntwo\nthree\n");
    worker = pathToFileURL(writeScratch(dir, "worker.js", "export default () => 0;\n"));
  });
  after(() => removeScratch(dir));

  it("has a row for every function and class mod.ts exports", () => {
    const exported = Object.entries(mod).filter(([, value]) => typeof value === "function")
      .map(([name]) => name);
    const missing = exported.filter((name) => !(name in table));
    assert.deepEqual(missing, [], "exports with no row in this file's table");
  });

  it("refuses each hostile value in each argument and option, naming it", async () => {
    const failures: string[] = [];
    for (const [name, row] of Object.entries(table)) {
      for (const [position, argument] of row.names.entries()) {
        for (const [label, value] of Object.entries(hostile)) {
          if (row.valid?.[position]?.includes(label)) continue;
          const args = row.args();
          args[position] = value;
          const problem = wrong(await outcome(() => row.call(...args)), argument);
          if (problem) failures.push(`${name}: ${argument} = ${label}: ${problem}`);
        }
      }
      if (row.options === undefined) continue;
      for (const [option, valid] of Object.entries(row.options.keys)) {
        for (const [label, value] of Object.entries(hostile)) {
          if (valid.includes(label)) continue;
          const args = row.args();
          args[row.options.at] = { ...(args[row.options.at] as object), [option]: value };
          const problem = wrong(await outcome(() => row.call(...args)), option);
          if (problem) failures.push(`${name}: option ${option} = ${label}: ${problem}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("calls every row with its valid arguments without an error (the table is right)", async () => {
    for (const [name, row] of Object.entries(table)) {
      const result = await outcome(() => row.call(...row.args()));
      assert.ok(!(result instanceof Error), `${name}: ${result}`);
      assert.notEqual(result, "hung", name);
    }
  });
});
