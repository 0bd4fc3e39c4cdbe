// Named pipes for the tests: made with mkfifo(1) and written by a child process, because opening
// a FIFO blocks until both ends are open, and mapFile opens synchronously.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

/** Makes a FIFO called `name` in `dir` and returns its path. */
export function mkfifoSync(dir: string, name: string): string {
  const path = join(dir, name);
  const made = spawnSync("mkfifo", [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
  return path;
}

/** Why FIFOs cannot be made here, or false. */
mkfifoSync.skip = ((): string | false => {
  // Both must work: a FIFO opened synchronously with no writer would block the test for good.
  const mkfifo = spawnSync("mkfifo", ["--version"], { stdio: "ignore" });
  const sh = spawnSync("sh", ["-c", "exit 0"], { stdio: "ignore" });
  const works = !mkfifo.error && mkfifo.status === 0 && !sh.error && sh.status === 0;
  return works ? false : "needs mkfifo(1) and sh(1) (Deno: --allow-run)";
})();

/** Starts a child that writes `text` into the FIFO and exits; resolves when it has (10 s at most). */
mkfifoSync.writeLater = (fifo: string, text: string): Promise<void> => {
  const child = spawn("sh", ["-c", 'printf %s "$1" > "$2"', "sh", text, fifo], {
    stdio: "ignore",
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the FIFO writer did not finish in 10 s"));
    }, 10_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`the FIFO writer exited with ${code}`));
    });
  });
};
