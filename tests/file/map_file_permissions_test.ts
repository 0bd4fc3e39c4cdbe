// Safety tests for mapFile as an unprivileged user (through util-linux setpriv): a file the user may
// read but not write maps (where Bun.mmap alone fails with EACCES), and denied access is a
// FileError naming the path. Runs under `deno test -A` and `bun test` alike, as root.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ChildReport, mapChild, scratch } from "./_safety.ts";
import { asNobody, lastJson, noSetprivReason, run, runtime, scriptCommand } from "./_subprocess.ts";
import { noMapReason } from "./_fixtures.ts";

describe("mapFile on a read-only file, as a user who may not write it", () => {
  it("maps a mode 0444 file for an unprivileged user", {
    skip: noSetprivReason || noMapReason,
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const { command, env, home } = asNobody(scriptCommand(mapChild, ["map", join(dir, "ro.txt")]));
    try {
      writeFileSync(join(dir, "ro.txt"), "read-only but readable\n");
      chmodSync(join(dir, "ro.txt"), 0o444);
      const result = await run(command, { env, timeoutMs: 30_000 });
      assert.equal(result.timedOut, false, "the child did not finish in time");
      const report = lastJson<ChildReport>(result);
      assert.equal(report.ok, true, `mapFile failed as nobody: ${report.message}`);
      assert.equal(report.mapped, true, "mapFile fell back to reading instead of mapping");
      assert.equal(report.head, "read-only but readable\n");
      assert.equal(report.byteLength, 23);
      assert.equal(report.lengthAfterClose, 0);
      assert.equal(result.code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("needs its own map there: Bun.mmap alone fails with EACCES on the same file", {
    skip: noSetprivReason || (runtime === "bun" ? false : "needs Bun: compares with Bun.mmap"),
    timeout: 60_000,
  }, async () => {
    const dir = scratch();
    const path = join(dir, "ro.txt");
    const bunMmap = asNobody(scriptCommand(mapChild, ["bun-mmap", path]));
    const ours = asNobody(scriptCommand(mapChild, ["map", path]));
    try {
      writeFileSync(path, "read-only but readable\n");
      chmodSync(path, 0o444);
      const theirs = lastJson<ChildReport>(await run(bunMmap.command, { env: bunMmap.env }));
      assert.equal(theirs.ok, false, "Bun.mmap mapped a file it cannot open read-write");
      assert.equal(theirs.code, "EACCES");
      const mine = lastJson<ChildReport>(await run(ours.command, { env: ours.env }));
      assert.equal(mine.ok, true, `mapFile failed as nobody: ${mine.message}`);
      assert.equal(mine.mapped, true, "mapFile fell back to reading instead of mapping");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(bunMmap.home, { recursive: true, force: true });
      rmSync(ours.home, { recursive: true, force: true });
    }
  });
});

describe("as a user who may not write or read a file", () => {
  it(
    "a writable map of a 0444 file is EACCES naming the path; openFile reads it; a 0600 file is EACCES",
    {
      skip: noSetprivReason,
      timeout: 60_000,
    },
    async () => {
      const dir = scratch();
      const readOnly = join(dir, "ro.txt");
      const secret = join(dir, "secret.txt");
      const homes: string[] = [];
      const asUser = async (args: string[]): Promise<ChildReport> => {
        const { command, env, home } = asNobody(scriptCommand(mapChild, args));
        homes.push(home);
        return lastJson<ChildReport>(await run(command, { env, timeoutMs: 30_000 }));
      };
      try {
        writeFileSync(readOnly, "read-only but readable\n");
        chmodSync(readOnly, 0o444);
        writeFileSync(secret, "root only\n");
        chmodSync(secret, 0o600);

        const writable = await asUser(["map-writable", readOnly]);
        assert.equal(writable.ok, false, "a writable map of a file nobody may write succeeded");
        assert.equal(writable.name, "FileError");
        assert.equal(writable.code, "EACCES");
        assert.ok(writable.message?.includes(readOnly), writable.message);

        const opened = await asUser(["open", readOnly]);
        assert.equal(opened.ok, true, opened.message);
        assert.equal(opened.head, "read-only but readable\n");

        for (const args of [["map", secret], ["open", secret]]) {
          const denied = await asUser(args);
          assert.equal(denied.ok, false, `${args[0]} read a file nobody may read`);
          assert.equal(denied.code, "EACCES", denied.message);
          assert.ok(denied.message?.includes(secret), denied.message);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        for (const home of homes) rmSync(home, { recursive: true, force: true });
      }
    },
  );
});
