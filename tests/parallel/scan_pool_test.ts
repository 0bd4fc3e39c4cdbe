// scanPool: Workers started once and kept from scan to scan, a Worker that dies replaced at the
// next scan, scans one after another, and nothing left running or open once closed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScanError, scanFile, scanPool } from "../../mod.ts";
import { makeScratch, removeScratch, writeScratch } from "../file/_fixtures.ts";
import { assertReleased } from "../file/_proc.ts";
import { run, scriptCommand } from "../file/_subprocess.ts";

const counting = new URL("./_scanners/counts_scans.ts", import.meta.url);
const describing = new URL("./_scanners/describe.ts", import.meta.url);
type Counted = { lines: number; scans: number };

describe("scanPool", () => {
  let dir: string;
  let path: string;
  const lines = 30_000;
  before(() => {
    dir = makeScratch("scan-pool");
    let text = "";
    for (let i = 0; i < lines; i++) text += `${i} ${"y".repeat(i % 40)}\n`;
    path = writeScratch(dir, "lines.txt", text);
  });
  after(() => removeScratch(dir));

  it("scans file after file on the same Workers, each window once", async () => {
    const pool = scanPool({ workers: 2 });
    try {
      assert.equal(pool.workers, 2);
      for (let scan = 1; scan <= 3; scan++) {
        const results = await pool.scanFile<Counted>(path, counting, { parallelFrom: 0 });
        assert.equal(results.length, 2);
        assert.equal(results.reduce((sum, { lines }) => sum + lines, 0), lines);
        // The same two threads: each has scanned one window per scan so far.
        assert.deepEqual(results.map(({ scans }) => scans), [scan, scan]);
        assertReleased(path);
      }
    } finally {
      pool.close();
    }
  });

  it("folds with reduce, and scans a small file in the calling thread", async () => {
    await using pool = scanPool({ workers: 2 });
    const total = await pool.scanFile<Counted, number>(path, counting, {
      parallelFrom: 0,
      reduce: (sum, { lines }) => sum + lines,
      initial: 0,
    });
    assert.equal(total, lines);
    const small = writeScratch(dir, "small.txt", "a\nb\n");
    const here = await pool.scanFile<Counted>(small, counting);
    assert.equal(here.length, 1, "under parallelFrom (4 MiB): one window, in this thread");
    assert.equal(here[0].lines, 2);
  });

  it("runs scans asked for at once one after another, each with its own results", async () => {
    await using pool = scanPool({ workers: 2 });
    const [first, second] = await Promise.all([
      pool.scanFile<Counted>(path, counting, { parallelFrom: 0 }),
      pool.scanFile<Counted>(path, counting, { parallelFrom: 0 }),
    ]);
    assert.deepEqual(first.map(({ scans }) => scans), [1, 1]);
    assert.deepEqual(second.map(({ scans }) => scans), [2, 2]);
  });

  it("replaces a Worker that died at the next scan, keeping the others", async () => {
    await using pool = scanPool({ workers: 2 });
    await pool.scanFile<Counted>(path, counting, { parallelFrom: 0 });
    await assert.rejects(
      pool.scanFile<Counted>(path, counting, { parallelFrom: 0, data: { exitAt: 2 } }),
      (error) =>
        error instanceof ScanError && /exited before it answered/.test(String(error.cause)),
    );
    assertReleased(path);
    const after = await pool.scanFile<Counted>(path, counting, { parallelFrom: 0 });
    assert.equal(after.reduce((sum, { lines }) => sum + lines, 0), lines);
    // Window 0's Worker exited at its second scan: a fresh one scans for the first time; the
    // other answered that scan (counted, or stopped) and is kept: its third scan.
    assert.deepEqual(after.map(({ scans }) => scans), [1, 3]);
  });

  it("uses as many of its Workers as asked, and refuses more", async () => {
    await using pool = scanPool({ workers: 2 });
    const one = await pool.scanFile<Counted>(path, counting, { parallelFrom: 0, workers: 1 });
    assert.equal(one.length, 1, "one Worker: one window (in this thread, as scanFile does)");
    await assert.rejects(
      pool.scanFile(path, counting, { workers: 3 }),
      /workers must be an integer in \[1, 2\]: received 3/,
    );
  });

  it("refuses to scan once closed; close() again does nothing", async () => {
    const pool = scanPool({ workers: 1 });
    pool.close();
    pool.close();
    assert.equal(pool.closed, true);
    await assert.rejects(pool.scanFile(path, describing), /the scan pool is closed/);
  });

  it(
    "leaves nothing running once closed: the process ends by itself",
    { timeout: 60_000 },
    async () => {
      const script = writeScratch(
        dir,
        "pool_child.ts",
        `import { scanPool } from ${JSON.stringify(new URL("../../mod.ts", import.meta.url).href)};
const pool = scanPool({ workers: 2 });
const results = await pool.scanFile(${JSON.stringify(path)}, new URL(${
          JSON.stringify(counting.href)
        }), { parallelFrom: 0 });
pool.close();
console.log(JSON.stringify(results));
`,
      );
      const result = await run(scriptCommand(script, [], ["--allow-read", "--allow-ffi"]), {
        timeoutMs: 30_000,
      });
      assert.equal(result.timedOut, false, "the process did not end: a Worker still runs");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        (JSON.parse(result.stdout.trim()) as Counted[]).reduce((sum, { lines }) => sum + lines, 0),
        lines,
      );
    },
  );

  it("gives the same results as scanFile", async () => {
    await using pool = scanPool({ workers: 2 });
    const options = { parallelFrom: 0, workers: 2, chunkSize: 4096, data: { text: true } };
    assert.deepEqual(
      await pool.scanFile(path, describing, options),
      await scanFile(path, describing, options),
    );
  });
});
