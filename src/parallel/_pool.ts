// The Workers of a scan: started once, loaded, then sent one window each per scan. A pool made by
// scanFile lives for one call; one made by scanPool() serves scan after scan, its Workers loaded
// and waiting (a Deno Worker takes 20-30 ms to start, 45-60 ms with the package loaded: what two
// processes started beforehand do not pay). A Worker that dies, fails to load or does not stop in
// time is terminated and replaced by a fresh one at the next scan; the others are kept.
//
// What each Worker shares with this thread: the scan's ScanControl (bytes done, stop flag) and the
// pool's liveness words (one per Worker: see _worker_exit.ts).
import { ScanError } from "../errors.ts";
import { threads, type ThreadWorker } from "../runtime/threads.ts";
import { fromErrorData } from "./_run_window.ts";
import type { ScanRequest } from "./_scan_worker.ts";
import { scanWorkerUrl } from "./_scan_worker_url.ts";
import type { ScanControl, WindowPlan } from "./_window_chunks.ts";
import { livenessWords, resetLiveness, watchExit } from "./_worker_exit.ts";

/** How long Workers asked to stop may take before they are terminated. */
export const stopGrace = 2000;

/** What a scan needs besides its windows. */
export interface PoolScan {
  readonly moduleHref: string;
  readonly plans: readonly WindowPlan[];
  readonly control: ScanControl;
  readonly data: unknown;
  readonly signal: AbortSignal | undefined;
}

type Answer = { type: "done"; result: unknown } | { type: "error"; error: never };

/** One Worker of the pool, and what the scan it is in wants to hear from it. */
interface Slot {
  readonly index: number;
  readonly worker: ThreadWorker;
  /** Settles once the Worker is loaded, or has failed before. */
  readonly ready: Promise<void>;
  /** False once it died, failed or was terminated: replaced at the next scan. */
  alive: boolean;
  /** Stops watching for its exit (before it is terminated). */
  unwatch: () => void;
  onAnswer?: (answer: Answer) => void;
  onFailure?: (error: Error) => void;
  onExit?: (error: Error) => void;
}

export class WorkerPool {
  readonly size: number;
  readonly #liveness: SharedArrayBuffer;
  readonly #slots: Slot[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(size: number) {
    this.size = size;
    this.#liveness = livenessWords(size);
    for (let index = 0; index < size; index++) this.#slots.push(this.#start(index));
  }

  /** Runs one window per Worker; scans wait for the one before them. */
  run(scan: PoolScan): Promise<unknown[]> {
    const run = this.#queue.then(() => this.#run(scan));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Terminates every Worker; scans asked for after this reject. */
  close(): void {
    this.#closed = true;
    for (const slot of this.#slots) this.#retire(slot);
  }

  #start(index: number): Slot {
    resetLiveness(this.#liveness, index);
    const worker = threads.start(scanWorkerUrl());
    let loaded: () => void = () => {};
    const slot: Slot = {
      index,
      worker,
      ready: new Promise<void>((resolve) => loaded = resolve),
      alive: true,
      unwatch: () => {},
    };
    // Also while it waits between scans: a dead Worker is replaced, not sent a window.
    slot.unwatch = watchExit(worker, this.#liveness, index, (error) => {
      slot.alive = false;
      loaded();
      slot.onExit?.(error);
    });
    worker.onmessage = (event: MessageEvent) => {
      const message = event.data as Answer | { type: "ready" };
      if (message.type === "ready") return loaded();
      slot.onAnswer?.(message);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      slot.alive = false;
      loaded();
      slot.onFailure?.(new Error(event.message));
    };
    return slot;
  }

  #retire(slot: Slot): void {
    slot.alive = false;
    slot.onAnswer = slot.onFailure = slot.onExit = undefined;
    slot.unwatch();
    slot.worker.terminate();
  }

  async #run({ moduleHref, plans, control, data, signal }: PoolScan): Promise<unknown[]> {
    if (this.#closed) throw new TypeError("Cannot scan with a closed pool");
    const slots = this.#slots.slice(0, plans.length).map((slot) =>
      slot.alive ? slot : this.#slots[slot.index] = this.#start(slot.index)
    );
    const results: unknown[] = new Array(plans.length);
    let failure: { index: number; error: unknown; exit?: boolean } | undefined;
    let wakeStopped: () => void = () => {};
    const stopping = new Promise<void>((resolve) => wakeStopped = resolve);
    // The first failure is the one reported (the others stopped because of it), except that a
    // Worker's exit gives way to the error that caused it, which may arrive after it (Node sets the
    // liveness word before the error event arrives).
    const fail = (index: number, error: unknown, exit = false) => {
      if (failure === undefined || (failure.exit && !exit && failure.index === index)) {
        failure = { index, error, exit };
      }
      control.stop();
      wakeStopped();
    };
    const onAbort = () => {
      control.stop();
      wakeStopped();
    };
    signal?.addEventListener("abort", onAbort);
    const answered = new Set<number>();
    const answers = slots.map((slot, index) =>
      new Promise<void>((answer) => {
        slot.onAnswer = (message) => {
          answered.add(index);
          if (message.type === "done") results[index] = message.result;
          else fail(index, fromErrorData(message.error));
          answer();
        };
        slot.onFailure = (error) => {
          fail(index, error);
          answer();
        };
        // A Worker that dies (process.exit() in the worker module, ...) would never answer. Its
        // error event, if any, may come just after: waiting for it is one turn of the event loop.
        slot.onExit = (error) => {
          if (answered.has(index)) return;
          fail(index, error, true);
          setTimeout(answer, 0);
        };
      })
    );
    try {
      // Every Worker is loaded before any is sent its window (see _scan_worker.ts).
      await Promise.race([Promise.all(slots.map((slot) => slot.ready)), stopping]);
      if (!control.stopped) {
        for (const [index, slot] of slots.entries()) {
          const request: ScanRequest = {
            moduleHref,
            plan: plans[index],
            index,
            slot: slot.index,
            data,
            shared: control.shared,
            liveness: this.#liveness,
          };
          slot.worker.postMessage(request);
        }
        // Once stopping, the Workers have a grace period to release their windows and answer.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = stopping.then(() =>
          new Promise<void>((resolve) => timer = setTimeout(resolve, stopGrace))
        );
        await Promise.race([Promise.all(answers), grace]);
        clearTimeout(timer);
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      for (const [index, slot] of slots.entries()) {
        slot.onAnswer = slot.onFailure = slot.onExit = undefined;
        // Kept: a Worker that answered. Not kept: one that did not (dead, stuck, or never sent
        // its window because the scan stopped while it loaded), and one that failed.
        if (!answered.has(index) || !slot.alive) this.#retire(slot);
      }
    }
    signal?.throwIfAborted();
    if (failure !== undefined) {
      const plan = plans[failure.index];
      throw new ScanError(plan.path, { index: failure.index, ...plan.range }, failure.error);
    }
    return results;
  }
}
