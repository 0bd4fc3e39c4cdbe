// Telling that a Worker of a scan died before it answered: the worker module called process.exit()
// or Deno.exit(), or its thread ended some other way. Bun's Worker says so with a "close" event;
// Deno's says nothing to the thread that started it (measured with Deno 2.9: no event, no
// message), but runs the Worker's own "unload" event on the way out. So each Worker has a liveness
// word in a SharedArrayBuffer: its unload handler sets it, and the calling thread waits on it with
// Atomics.waitAsync: no message channel needed, and no timer or polling loop. Node, like Bun,
// tells the parent (its Worker's "exit" event) and runs the Worker's process "exit" event.
import { threads, type ThreadWorker } from "../runtime/threads.ts";

/** A Worker's liveness word: running until it exits, or until the scan stopped watching. */
const RUNNING = 0;
const EXITED = 1;
const UNWATCHED = 2;

/** The words of `count` Workers, for the scan request (word `index` is Worker `index`'s). */
export function livenessWords(count: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * Math.max(count, 1));
}

/**
 * In a Worker: when this Worker's thread ends (Deno's unload event), calls `release` (synchronous
 * cleanup: no finally block runs on process.exit()), then marks word `index` exited.
 */
export function reportExit(liveness: SharedArrayBuffer, index: number, release: () => void): void {
  const words = new Int32Array(liveness);
  threads.atExit(() => {
    release();
    if (Atomics.compareExchange(words, index, RUNNING, EXITED) === RUNNING) {
      Atomics.notify(words, index);
    }
  });
}

/** What `watchExits` returns: stop watching, once the scan is over (before Workers terminate). */
export interface ExitWatch {
  stop(): void;
}

/**
 * In the calling thread: calls `onExit(index, error)` once if Worker `index` exits before
 * `stop()`. Nothing keeps the event loop alive for it (a pending waitAsync does not, in Deno).
 */
export function watchExits(
  workers: readonly ThreadWorker[],
  liveness: SharedArrayBuffer,
  onExit: (index: number, error: Error) => void,
): ExitWatch {
  const words = new Int32Array(liveness);
  let watching = true;
  const exited = (index: number, how: string) => {
    if (!watching) return;
    onExit(index, new Error(`the Worker of window ${index} exited before it answered (${how})`));
  };
  const listeners = workers.map((worker, index) => {
    // Bun and Node tell the parent; Deno does not.
    const unwatch = threads.watchExit(worker, (how) => exited(index, how));
    // Deno: the word its unload handler sets.
    const waiting = Atomics.waitAsync(words, index, RUNNING);
    const settled = waiting.async ? waiting.value : Promise.resolve(waiting.value);
    settled.then(() => {
      if (Atomics.load(words, index) === EXITED) {
        exited(index, "process.exit() or Deno.exit() in the worker module, or its thread ended");
      }
    });
    return unwatch;
  });
  return {
    stop(): void {
      watching = false;
      for (const remove of listeners) remove();
      // Wakes the waits still pending, so none outlives the scan.
      for (let index = 0; index < workers.length; index++) {
        if (Atomics.compareExchange(words, index, RUNNING, UNWATCHED) === RUNNING) {
          Atomics.notify(words, index);
        }
      }
    },
  };
}
