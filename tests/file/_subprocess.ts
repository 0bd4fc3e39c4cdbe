// Runs scripts in a child process of the same runtime, time-boxed, optionally as an unprivileged
// user (through util-linux `setpriv`), for the cases a test process cannot survive or cannot show
// from inside: abort-prone maps, permission checks as a user who may not write a file.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** The runtime running this test. */
export const runtime: "deno" | "bun" | "node" = "Bun" in globalThis
  ? "bun"
  : "Deno" in globalThis
  ? "deno"
  : "node";

/** The uid and gid of `nobody`, the unprivileged user the permission tests run as. */
export const nobody = 65534;

/** What a finished (or killed) child did. */
export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * The command that runs `script` in this same runtime; Deno gets `denoFlags` (by default what the
 * file API needs: reading and FFI).
 */
export function scriptCommand(
  script: string,
  args: string[] = [],
  denoFlags: string[] = ["--allow-read", "--allow-ffi"],
): string[] {
  if (runtime === "bun") return [process.execPath, script, ...args];
  if (runtime === "node") {
    // The flags this process runs with (a loader, if any) and V8's flags Deno would be given.
    // Node runs .ts by erasing the types, on by default in the versions the suite pins.
    const v8 = denoFlags.filter((flag) => flag.startsWith("--v8-flags="))
      .flatMap((flag) => flag.slice("--v8-flags=".length).split(","));
    return [process.execPath, ...process.execArgv, ...v8, script, ...args];
  }
  return [process.execPath, "run", "--quiet", "--no-lock", ...denoFlags, script, ...args];
}

/**
 * Runs `command` and collects its output; kills it with SIGKILL after `timeoutMs`, so a child that
 * hangs fails its test instead of stalling the suite.
 */
export function run(
  command: string[],
  options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {},
): Promise<RunResult> {
  const child = spawn(command[0], command.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child, options.timeoutMs);
}

/**
 * Like `run`, but when the child prints a line "hold" (and waits for a line on stdin), calls
 * `inspect(pid)` to look at the live child from outside (its /proc/PID/fd and maps, which Deno
 * would only let it read itself with --allow-all), then lets it go on.
 */
export async function runHeld<T>(
  command: string[],
  inspect: (pid: number) => T,
  options: { timeoutMs?: number } = {},
): Promise<RunResult & { inspected: T | undefined }> {
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let inspected: T | undefined;
  let held = false;
  const result = await collect(child, options.timeoutMs, (stdout) => {
    if (held || !/^hold$/m.test(stdout)) return;
    held = true;
    try {
      inspected = inspect(child.pid!);
    } finally {
      child.stdin!.end("\n");
    }
  });
  return { ...result, inspected };
}

/**
 * Collects the output of `child` until it closes, calling `onStdout` with all of stdout so far
 * after each piece; kills it with SIGKILL after `timeoutMs` (30 s by default).
 */
function collect(
  child: ChildProcess,
  timeoutMs = 30_000,
  onStdout?: (stdout: string) => void,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stderr!.setEncoding("utf8").on("data", (text: string) => stderr += text);
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      onStdout?.(stdout);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Parses the last line a child printed as JSON, with the whole output in the error otherwise. */
export function lastJson<T>(result: RunResult): T {
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(
      `child printed no JSON (code ${result.code}, signal ${result.signal}, timed out ${result.timedOut}):\n` +
        `${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Why tests cannot switch to an unprivileged user here, or false when they can. */
export const noSetprivReason: string | false = (() => {
  if (process.platform !== "linux") return "needs Linux (setpriv)";
  let uid: number | undefined;
  try {
    uid = process.getuid?.();
  } catch {
    // Deno without --allow-sys refuses even to say the uid.
    return "needs --allow-sys to read the uid (Deno)";
  }
  if (uid !== 0) return "needs root to switch to the unprivileged user nobody";
  const probe = spawnSync("setpriv", ["--version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) return "needs setpriv (util-linux) to drop privileges";
  return false;
})();

/**
 * `command` run as nobody with no supplementary groups, plus an environment whose home and cache
 * folders nobody may write (Deno caches transpiled code there). The caller removes `home`.
 */
export function asNobody(
  command: string[],
): { command: string[]; env: Record<string, string>; home: string } {
  const home = mkdtempSync(join(tmpdir(), "zc-nobody-"));
  chownSync(home, nobody, nobody);
  return {
    command: [
      "setpriv",
      `--reuid=${nobody}`,
      `--regid=${nobody}`,
      "--clear-groups",
      ...command,
    ],
    env: { HOME: home, DENO_DIR: join(home, "deno"), TMPDIR: home, XDG_CACHE_HOME: home },
    home,
  };
}
