// The Go programs of bench/go/: finding a Go toolchain on PATH, building the programs once per run,
// and the command line of one case. The programs run as whole processes, one per case, under the
// same memory sampler as the runtimes' worker (`runSampled` in _process.mjs).
//
// Everything `go` writes goes into the run's own folder (bench/.data/go/, or the smoke run's
// temporary folder): its build cache, its GOPATH and its configuration folder (where newer
// toolchains keep telemetry counters). Nothing is fetched: the programs are plain files that use the
// standard library only, built outside modules, with no toolchain switch and no proxy.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const sources = fileURLToPath(new URL("../go/", import.meta.url));

/** The environment of the `go` command: none of the user's Go settings, every write under `dir`. */
function goEnv(dir) {
  return {
    ...process.env,
    GO111MODULE: "off", // plain files, standard library only: no module to resolve or download
    GOTOOLCHAIN: "local", // never fetch another toolchain (Go 1.21 and later would)
    GOPROXY: "off",
    GOFLAGS: "",
    GOENV: "off", // ignore settings made with `go env -w`
    CGO_ENABLED: "0", // no C compiler needed, a static program
    GOCACHE: join(dir, "cache"),
    GOPATH: join(dir, "path"),
    XDG_CONFIG_HOME: join(dir, "config"),
  };
}

/**
 * Looks for `go` on PATH by running `go version` with the build's environment; returns
 * `{ version }` (e.g. "go1.19.8") or `{ missing }`, the reason the Go rows are skipped.
 */
export function findGo(dir) {
  mkdirSync(dir, { recursive: true });
  const run = spawnSync("go", ["version"], { env: goEnv(dir), encoding: "utf8" });
  if (run.error?.code === "ENOENT") return { missing: "go not found on PATH" };
  const version = run.stdout?.match(/\bgo version (go\S+)/)?.[1];
  if (run.status !== 0 || version === undefined) {
    const why = run.error ?? (run.stderr || run.stdout).trim().split("\n")[0];
    return { missing: `\`go version\` failed: ${why}` };
  }
  return { version };
}

/**
 * Builds each named program of bench/go/ (`measure.go` + `<name>.go`) into `dir`/bin; returns a
 * map from name to the program's path, or to an Error with go's own message when its build failed.
 */
export function buildGo(names, dir) {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  const built = new Map();
  for (const name of new Set(names)) {
    const program = join(bin, name);
    const run = spawnSync("go", ["build", "-o", program, "measure.go", `${name}.go`], {
      cwd: sources,
      env: goEnv(dir),
      encoding: "utf8",
    });
    built.set(
      name,
      run.status === 0
        ? program
        : new Error(`go build bench/go/${name}.go: ${(run.stderr || String(run.error)).trim()}`),
    );
  }
  return built;
}

/** The command-line options of a Go program for case `spec` (bench/go/measure.go reads them). */
export function goArgs(spec) {
  return [
    ["-file", spec.file],
    ["-warmup", spec.warmup],
    ["-reps", spec.reps],
    ["-min-reps", spec.minReps],
    ["-budget-ms", spec.budgetMs],
    ["-first", spec.first],
    ["-workers", spec.workers],
  ].filter(([, value]) => value !== undefined).flatMap(([flag, value]) => [flag, String(value)]);
}
