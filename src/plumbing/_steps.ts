// The async iterator behind chunks() and records(): one read step at a time, in call order, and a
// cancel (AbortError) when the loop is left early.

import { cancelQuietly } from "./_stream.ts";

/** The reads behind an iteration: one step at a time, then a cancel or a release. */
export interface Steps<T = Uint8Array> {
  step(): Promise<T | null>;
  /** The next value when one is ready now (no waiting), else undefined: `step()` then waits. */
  ready?(): T | undefined;
  cancel(reason: unknown): Promise<void>;
  /**
   * The reason to cancel with when the loop is left early, from the value given to `return()`
   * (a stream's own iterator cancels with it); an `AbortError` when absent.
   */
  stopReason?(value: unknown): unknown;
  release(): void;
}

/** How the steps on `reader` end: cancel (then release the lock), or just release the lock. */
export function readerEnding(
  reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>,
): Pick<Steps<unknown>, "cancel" | "release"> {
  return {
    async cancel(reason) {
      await cancelQuietly(reader, reason);
      reader.releaseLock();
    },
    release: () => reader.releaseLock(),
  };
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Runs the steps one at a time, in call order, even when `next()` is called without awaiting. */
export class ChunkIterator<T = Uint8Array> implements AsyncIterableIterator<T> {
  #steps: Steps<T> | null;
  #queue: Promise<unknown> = Promise.resolve();
  #running = 0; // steps queued or in flight

  constructor(steps: Steps<T>) {
    this.#steps = steps;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // A value that is ready needs no step in flight first: one settled promise, not a chain.
    if (this.#running === 0) {
      const value = this.#steps?.ready?.();
      if (value !== undefined) return Promise.resolve({ done: false, value });
    }
    return this.#serially(() => this.#next());
  }

  return(value?: unknown): Promise<IteratorResult<T, undefined>> {
    return this.#serially(() => this.#stop(value));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async #next(): Promise<IteratorResult<T, undefined>> {
    const steps = this.#steps;
    if (steps === null) return DONE;
    let view: T | null;
    try {
      view = await steps.step();
    } catch (error) {
      this.#steps = null;
      // The stream errored (nothing to cancel) or sent a bad chunk (cancel it with that error).
      await steps.cancel(error);
      throw error;
    }
    if (view === null) {
      this.#steps = null;
      steps.release();
      return DONE;
    }
    return { done: false, value: view };
  }

  async #stop(value: unknown): Promise<IteratorResult<T, undefined>> {
    const steps = this.#steps;
    if (steps !== null) {
      this.#steps = null;
      await steps.cancel(
        steps.stopReason !== undefined
          ? steps.stopReason(value)
          : new DOMException("The iteration stopped before the end of the stream", "AbortError"),
      );
    }
    return DONE;
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    this.#running++;
    const run = this.#queue.then(task);
    this.#queue = run.then(this.#settled, this.#settled);
    return run;
  }

  #settled = (): void => {
    this.#running--;
  };
}
