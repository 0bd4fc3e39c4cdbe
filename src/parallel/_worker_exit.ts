// Telling that a Worker of a scan died: the worker module called process.exit() or Deno.exit(), or
// its thread ended some other way. Bun's Worker says so with a "close" event, Node's with "exit";
// Deno's says nothing to the thread that started it (measured with Deno 2.9: no event, no
// message), but runs the Worker's own "unload" event on the way out. So each Worker also has a
// liveness word in a SharedArrayBuffer: its exit handler sets it, and the calling thread waits on
// it with Atomics.waitAsync: no message channel needed, and no timer or polling loop (a pending
// waitAsync keeps no event loop alive).
import { threads, type ThreadWorker } from "../runtime/threads.ts";

/** A Worker's liveness word: running until it exits. */
const RUNNING = 0;
const EXITED = 1;

/** The words of `count` Workers (word `index` is the pool's Worker `index`'s). */
export function livenessWords(count: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * Math.max(count, 1));
}

/** Marks word `index` running: a fresh Worker is started in that place. */
export function resetLiveness(liveness: SharedArrayBuffer, index: number): void {
  Atomics.store(new Int32Array(liveness), index, RUNNING);
}

let reporting = false;

/**
 * In a Worker, once: when this Worker's thread ends (Deno's unload event, Node's process exit),
 * calls `release` (synchronous cleanup: no finally block runs on process.exit()), then marks word
 * `index` exited.
 */
export function reportExit(liveness: SharedArrayBuffer, index: number, release: () => void): void {
  if (reporting) return;
  reporting = true;
  const words = new Int32Array(liveness);
  threads.atExit(() => {
    release();
    if (Atomics.compareExchange(words, index, RUNNING, EXITED) === RUNNING) {
      Atomics.notify(words, index);
    }
  });
}

/**
 * In the calling thread: calls `onExit(error)` once if `worker` (the pool's Worker `index`) exits
 * before the returned function is called (call it before terminating the Worker).
 */
export function watchExit(
  worker: ThreadWorker,
  liveness: SharedArrayBuffer,
  index: number,
  onExit: (error: Error) => void,
): () => void {
  const words = new Int32Array(liveness);
  let watching = true;
  const exited = (how: string) => {
    if (!watching) return;
    watching = false;
    onExit(new Error(`the Worker of window ${index} exited before it answered (${how})`));
  };
  // Bun and Node tell the parent; Deno does not.
  const unwatch = threads.watchExit(worker, exited);
  // Deno: the word its exit handler sets.
  const waiting = Atomics.waitAsync(words, index, RUNNING);
  const settled = waiting.async ? waiting.value : Promise.resolve(waiting.value);
  settled.then(() => {
    if (Atomics.load(words, index) === EXITED) {
      exited("process.exit() or Deno.exit() in the worker module, or its thread ended");
    }
  });
  return () => {
    watching = false;
    unwatch();
    Atomics.notify(words, index); // settles the wait, which then finds the Worker running
  };
}
