// The async iterator behind chunks() and records(): one read step at a time, in call order, and a
// cancel (AbortError) when the loop is left early.

import { cancelQuietly } from "./_stream.ts";

/** The reads behind an iteration: one step at a time, then a cancel or a release. */
export interface Steps {
  step(): Promise<Uint8Array | null>;
  /** The next view when one is ready now (no waiting), else undefined: `step()` then waits. */
  ready?(): Uint8Array | undefined;
  cancel(reason: unknown): Promise<void>;
  release(): void;
}

/** How the steps on `reader` end: cancel (then release the lock), or just release the lock. */
export function readerEnding(
  reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>,
): Pick<Steps, "cancel" | "release"> {
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
export class ChunkIterator implements AsyncIterableIterator<Uint8Array> {
  #steps: Steps | null;
  #queue: Promise<unknown> = Promise.resolve();
  #running = 0; // steps queued or in flight

  constructor(steps: Steps) {
    this.#steps = steps;
  }

  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    // A view that is ready needs no step in flight first: one settled promise, not a chain.
    if (this.#running === 0) {
      const view = this.#steps?.ready?.();
      if (view !== undefined) return Promise.resolve({ done: false, value: view });
    }
    return this.#serially(() => this.#next());
  }

  return(): Promise<IteratorResult<Uint8Array, undefined>> {
    return this.#serially(() => this.#stop());
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  async #next(): Promise<IteratorResult<Uint8Array, undefined>> {
    const steps = this.#steps;
    if (steps === null) return DONE;
    let view: Uint8Array | null;
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

  async #stop(): Promise<IteratorResult<Uint8Array, undefined>> {
    const steps = this.#steps;
    if (steps !== null) {
      this.#steps = null;
      await steps.cancel(
        new DOMException("The iteration stopped before the end of the stream", "AbortError"),
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
