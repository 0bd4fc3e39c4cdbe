// scanFile: windows in file order over Workers (or this thread), results and folds, errors that
// name the window, aborts, a file that changes size, and nothing left open or mapped afterwards.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { FileError, ScanError, scanFile, splitFile } from "../../mod.ts";
import { canMap, makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { assertReleased } from "../file/_proc.ts";
import type { WindowReport } from "./_scanners/describe.ts";

const scanner = (name: string): URL => new URL(`./_scanners/${name}.ts`, import.meta.url);
const describeScanner = scanner("describe");

/** Lines of varied lengths (some empty), `count` of them. */
function sampleLines(count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += "x".repeat((i * 37) % 101) + `${i}`.repeat(i % 3) + "\n";
  return text;
}

describe("scanFile", () => {
  let dir: string;
  let path: string;
  let text: string;
  before(() => {
    dir = makeScratch("scan-file");
    text = sampleLines(20_000);
    path = writeScratch(dir, "lines.txt", text);
  });
  after(() => removeScratch(dir));

  it("gives each Worker its window and returns the results in file order", async () => {
    const reports = await scanFile<WindowReport>(path, describeScanner, {
      workers: 2,
      parallelFrom: 0,
      chunkSize: 4096,
      data: { text: true },
    });
    assert.equal(reports.length, 2);
    assert.deepEqual(
      reports.map(({ window }) => ({ offset: window.offset, length: window.length })),
      splitFile(path, 2),
    );
    assert.equal(reports.map((report) => report.text).join(""), text);
    for (const [index, report] of reports.entries()) {
      assert.equal(report.window.index, index);
      assert.equal(report.window.path, path);
      assert.equal(report.window.mapped, canMap);
      assert.equal(report.bytes, report.window.length);
      assert.equal(report.unaligned, 0, "a chunk does not end after a newline");
      assert.ok(report.chunks > 1, "a window of many chunks came as one");
      assert.deepEqual(report.data, { text: true });
    }
    assert.equal(reports[0].lines + reports[1].lines, 20_000);
    assertReleased(path);
  });

  it("folds the results with reduce, in file order", async () => {
    const order: number[] = [];
    const lines = await scanFile<WindowReport, number>(path, describeScanner, {
      workers: 2,
      parallelFrom: 0,
      reduce: (sum, report, index) => {
        order.push(index);
        return sum + report.lines;
      },
      initial: 0,
    });
    assert.equal(lines, 20_000);
    assert.deepEqual(order, [0, 1]);
  });

  it("scans a file below parallelFrom in this thread, as one window, with the same results", async () => {
    const [report, ...rest] = await scanFile<WindowReport>(path, describeScanner, {
      data: { text: true },
      chunkSize: 1000,
    });
    assert.deepEqual(rest, []);
    assert.deepEqual(report.window, {
      path,
      index: 0,
      offset: 0,
      length: text.length,
      mapped: canMap,
    });
    assert.equal(report.text, text);
    assert.equal(report.lines, 20_000);
    assert.equal(report.unaligned, 0);
    assertReleased(path);
  });

  it("a last line without a newline ends the last chunk", async () => {
    const tail = writeScratch(dir, "tail.txt", "a\nbb\nccc");
    const reports = await scanFile<WindowReport>(tail, describeScanner, {
      workers: 2,
      parallelFrom: 0,
      chunkSize: 1,
      data: { text: true },
    });
    assert.equal(reports.map((report) => report.text).join(""), "a\nbb\nccc");
    assert.equal(reports.reduce((sum, report) => sum + report.unaligned, 0), 1);
  });

  it("an empty file has no windows: no results, the initial fold", async () => {
    const empty = writeScratch(dir, "empty.txt", "");
    assert.deepEqual(await scanFile(empty, describeScanner, { workers: 2, parallelFrom: 0 }), []);
    const folded = await scanFile<WindowReport, string>(empty, describeScanner, {
      reduce: () => "reduced",
      initial: "initial",
    });
    assert.equal(folded, "initial");
  });

  it("honours a multi-byte delimiter", async () => {
    const crlf = writeScratch(dir, "crlf.txt", "one\r\ntwo\r\n".repeat(5000));
    const reports = await scanFile<WindowReport>(crlf, describeScanner, {
      workers: 2,
      parallelFrom: 0,
      delimiter: new TextEncoder().encode("\r\n"),
      chunkSize: 333,
      data: { text: true },
    });
    for (const report of reports) {
      assert.ok(report.text!.endsWith("\r\n"), `window ${report.window.index} cut a \\r\\n`);
    }
    assert.equal(reports.map((report) => report.text).join("").length, 50_000);
  });

  it("reports progress up to the file's size", async () => {
    const seen: [number, number][] = [];
    await scanFile(path, scanner("slow"), {
      workers: 2,
      parallelFrom: 0,
      chunkSize: 16_384,
      onProgress: (done, total) => seen.push([done, total]),
    });
    assert.ok(seen.length >= 2, `progress was reported ${seen.length} times`);
    assert.deepEqual(seen.at(-1), [text.length, text.length]);
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i][0] > seen[i - 1][0], "progress went back or repeated");
    }
  });

  it("a throwing scanner rejects with a ScanError naming the window; the others stop", async () => {
    const ranges = splitFile(path, 2);
    for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
      const error = await scanFile(path, scanner("throws"), {
        workers: 2,
        parallelFrom,
        chunkSize: 1024,
        data: { failAt: parallelFrom === 0 ? 1 : 0 },
      }).catch((error) => error);
      assert.ok(error instanceof ScanError, `${error}`);
      const window = parallelFrom === 0 ? { index: 1, ...ranges[1] } : {
        index: 0,
        offset: 0,
        length: text.length,
      };
      assert.deepEqual(error.window, window);
      assert.equal(error.path, path);
      assert.match(error.message, new RegExp(`window ${window.index} \\(bytes ${window.offset}`));
      assert.ok(error.cause instanceof Error);
      assert.equal(error.cause.name, "RangeError");
      assert.equal(error.cause.message, `bad record in window ${window.index}`);
      assertReleased(path);
    }
  });

  it("a module without a scanner function is a ScanError with the TypeError as cause", async () => {
    for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
      const error = await scanFile(path, scanner("no_export"), { workers: 2, parallelFrom })
        .catch((error) => error);
      assert.ok(error instanceof ScanError, `${error}`);
      assert.ok(error.cause instanceof Error);
      assert.equal(error.cause.name, "TypeError");
      assert.match(error.cause.message, /must export a function \(default, or named scan\)/);
    }
  });

  it("a worker module that cannot be loaded is a ScanError naming the window", async () => {
    const missing = new URL("./_scanners/missing.ts", import.meta.url);
    for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
      const error = await scanFile(path, missing, { workers: 2, parallelFrom })
        .catch((error) => error);
      assert.ok(error instanceof ScanError, `${error}`);
      // Every Worker fails to load it; the first to say so names its window.
      assert.ok(
        parallelFrom === 0 ? [0, 1].includes(error.window.index) : error.window.index === 0,
      );
      assert.ok(error.cause instanceof Error);
      assert.match(error.cause.message, /missing\.ts/);
      assertReleased(path);
    }
  });

  it("an error that escapes the scanner's promise in a Worker is a ScanError", async () => {
    const error = await scanFile(path, scanner("throws_later"), { workers: 2, parallelFrom: 0 })
      .catch((error) => error);
    assert.ok(error instanceof ScanError, `${error}`);
    assert.ok([0, 1].includes(error.window.index));
    assert.ok(error.cause instanceof Error);
    assert.match(error.cause.message, /thrown outside the scanner's promise/);
  });

  it("an abort ends the call even when a scanner never asks for its next chunk", {
    timeout: 20_000,
  }, async () => {
    // A file of its own: a Worker terminated mid-window may leave its mapping in Deno.
    const stuck = writeScratch(dir, "stuck.txt", text);
    for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
      const controller = new AbortController();
      const reason = new Error(`stuck (parallelFrom ${parallelFrom})`);
      // No progress to wait for: the bytes of a chunk count once the next one is asked for.
      const timer = setTimeout(() => controller.abort(reason), 300);
      const error = await scanFile(stuck, scanner("hangs"), {
        workers: 2,
        parallelFrom,
        chunkSize: 4096,
        signal: controller.signal,
      }).then(() => "resolved", (error) => error);
      clearTimeout(timer);
      assert.equal(error, reason);
    }
  });

  it("a scanner that stops early still releases its window", async () => {
    const sizes = await scanFile<number>(path, scanner("stops_early"), {
      workers: 2,
      parallelFrom: 0,
      chunkSize: 100,
    });
    assert.equal(sizes.length, 2);
    // One chunk each: whole lines of at most 100 bytes, or one longer line.
    for (const size of sizes) assert.ok(size > 0 && size <= 200, `${size}`);
    assertReleased(path);
  });

  it("an abort part-way rejects with the signal's reason and leaves nothing open", async () => {
    for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
      const controller = new AbortController();
      const reason = new Error(`enough (parallelFrom ${parallelFrom})`);
      let last = 0;
      const error = await scanFile(path, scanner("slow"), {
        workers: 2,
        parallelFrom,
        chunkSize: 4096,
        signal: controller.signal,
        onProgress: (done) => {
          last = done;
          if (done > 0) controller.abort(reason);
        },
      }).catch((error) => error);
      assert.equal(error, reason);
      assert.ok(last > 0 && last < text.length, `aborted at ${last} of ${text.length} bytes`);
      assertReleased(path);
    }
  });

  it("an aborted signal rejects before any Worker starts", async () => {
    const reason = new Error("never");
    await assert.rejects(
      scanFile(path, describeScanner, { signal: AbortSignal.abort(reason) }),
      (error) => error === reason,
    );
  });

  it("a file that grows under the scan is a FileError ESTALE naming it", async () => {
    for (const parallelFrom of [0, Number.MAX_SAFE_INTEGER]) {
      const growing = writeScratch(dir, `growing-${parallelFrom}.txt`, sampleLines(1000));
      const error = await scanFile(growing, scanner("append"), { workers: 2, parallelFrom })
        .catch((error) => error);
      assert.ok(error instanceof FileError, `${error}`);
      assert.equal(error.code, "ESTALE");
      assert.equal(error.path, growing);
      assert.match(error.message, /changed size during the scan/);
      assertReleased(growing);
    }
  });

  it("a missing file is a FileError ENOENT naming it", async () => {
    const missing = `${dir}/missing.txt`;
    const error = await scanFile(missing, describeScanner).catch((error) => error);
    assert.ok(error instanceof FileError, `${error}`);
    assert.equal(error.code, "ENOENT");
    assert.equal(error.path, missing);
  });

  it("rejects bad arguments with errors that name them", async () => {
    const cases: [unknown, unknown, RegExp, ErrorConstructor][] = [
      ["./relative.ts", {}, /workerModule must be an absolute URL/, TypeError],
      [describeScanner, { workers: 0 }, /workers/, RangeError],
      [describeScanner, { workers: 1.5 }, /workers/, RangeError],
      [describeScanner, { chunkSize: 0 }, /chunkSize/, RangeError],
      [describeScanner, { parallelFrom: -1 }, /parallelFrom/, RangeError],
      [describeScanner, { delimiter: new Uint8Array() }, /delimiter/, RangeError],
      [describeScanner, { delimiter: "\n" }, /delimiter/, TypeError],
      [describeScanner, { signal: "stop" }, /signal must be an AbortSignal/, TypeError],
      [describeScanner, { onProgress: 1 }, /onProgress must be a function/, TypeError],
      [describeScanner, { reduce: 1, initial: 0 }, /reduce must be a function/, TypeError],
      [describeScanner, null, /options must be a plain object or undefined/, TypeError],
    ];
    for (const [module, options, message, type] of cases) {
      await assert.rejects(
        // deno-lint-ignore no-explicit-any
        scanFile(path, module as any, options as any),
        (error) => error instanceof type && message.test((error as Error).message),
        `${String(module)} ${JSON.stringify(options)}`,
      );
    }
    await assert.rejects(scanFile("", describeScanner), TypeError);
  });

  it("a large window count still covers the file once", async () => {
    const many = writeScratch(dir, "many.txt", sampleLines(500));
    const reports = await scanFile<WindowReport>(many, describeScanner, {
      workers: 6,
      parallelFrom: 0,
      data: { text: true },
    });
    assert.equal(reports.length, 6);
    assert.equal(reports.map((report) => report.text).join(""), sampleLines(500));
  });
});
