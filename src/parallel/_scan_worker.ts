// The Worker side of scanFile: it says it is ready once loaded, then one message names the window
// to scan and one message answers. (Work is sent only once every Worker is ready: Bun 1.4 can hang
// a Worker that is sent a message while another one is still loading the module graph.)
import { threads } from "../runtime/threads.ts";
import { loadScanner, runWindow, toErrorData } from "./_run_window.ts";
import { releaseHeldWindows, ScanControl, type WindowPlan } from "./_window_chunks.ts";
import { reportExit } from "./_worker_exit.ts";

/** What the caller's thread sends. */
export interface ScanRequest {
  readonly moduleHref: string;
  readonly plan: WindowPlan;
  readonly index: number;
  readonly data: unknown;
  readonly shared: SharedArrayBuffer;
  /** Which of the pool's Workers this is: its word among the liveness words. */
  readonly slot: number;
  /** The pool's liveness words (see _worker_exit.ts). */
  readonly liveness: SharedArrayBuffer;
}

// The global scope of a web Worker, or node:worker_threads' parentPort in its shape.
const scope = threads.parent();

scope.onmessage = async (event) => {
  const { moduleHref, plan, index, slot, data, shared, liveness } = event.data as ScanRequest;
  // The worker module may end this thread (process.exit()): the calling thread must hear of it.
  reportExit(liveness, slot, releaseHeldWindows);
  try {
    const scanner = await loadScanner(moduleHref);
    const result = await runWindow(scanner, plan, index, data, new ScanControl(shared));
    scope.postMessage({ type: "done", result });
  } catch (error) {
    scope.postMessage({ type: "error", error: toErrorData(error) });
  }
};

scope.postMessage({ type: "ready" });
