// Worker threads for the parallel scans: web Workers where the runtime has them (Deno, Bun), else
// node:worker_threads (Node). The choice is made once, like the file adapter's, by whether the
// global `Worker` exists (a feature, not a runtime's name); the Node module is loaded by a literal
// dynamic import() only where it is used. Both sides are shaped like the web's own, so the pool
// and its Worker module read the same in every runtime.

/** A Worker thread running a module, as the pool drives it: the part of a web `Worker` it uses. */
export interface ThreadWorker {
  /** Called with each message the Worker posts (its data structured-cloned). */
  onmessage: ((event: MessageEvent) => void) | null;
  /** Called when the Worker's module fails to load or throws outside a message handler. */
  onerror: ((event: ErrorEvent) => void) | null;
  /** Sends a message to the Worker (structured clone; a SharedArrayBuffer is shared). */
  postMessage(message: unknown): void;
  /** Stops the Worker. */
  terminate(): void;
}

/** The Worker's side: messages from the thread that started it, and the way to answer. */
export interface ParentThread {
  /** Called with each message the parent posts. */
  onmessage: ((event: MessageEvent) => void) | null;
  /** Sends a message to the parent (structured clone). */
  postMessage(message: unknown): void;
}

/** How this runtime starts Workers and how a Worker talks to its parent. */
export interface Threads {
  /** "web" (the global `Worker`) or "node:worker_threads". */
  readonly name: string;
  /** Starts a module Worker on `url`. */
  start(url: URL): ThreadWorker;
  /** The parent of the Worker this code runs in (only call it inside a Worker). */
  parent(): ParentThread;
  /**
   * Calls `onExit` (with how it ended) when `worker`'s thread ends on its own, before it was
   * terminated: Bun's "close" event, Node's "exit". Deno tells the parent nothing (see
   * src/parallel/_worker_exit.ts). Returns the function that stops watching.
   */
  watchExit(worker: ThreadWorker, onExit: (how: string) => void): () => void;
  /**
   * Inside a Worker: runs `callback` (synchronously) when this thread ends, also by
   * `process.exit()` or `Deno.exit()` in it: Deno's "unload" event, Node's process "exit".
   */
  atExit(callback: () => void): void;
}

const webThreads: Threads = {
  name: "web",
  start: (url) => new Worker(url, { type: "module" }),
  // A Worker's global scope has `onmessage` and `postMessage`, as the interface says.
  parent: () => globalThis as unknown as ParentThread,
  watchExit(worker, onExit) {
    // Bun: "close", with the exit code. Deno fires none.
    const onClose = (event: Event) => {
      const code = (event as Event & { code?: unknown }).code;
      onExit(typeof code === "number" ? `exit code ${code}` : "its thread closed");
    };
    const target = worker as unknown as EventTarget;
    target.addEventListener("close", onClose);
    return () => target.removeEventListener("close", onClose);
  },
  atExit(callback) {
    (globalThis as { addEventListener?: (type: string, listener: () => void) => void })
      .addEventListener?.("unload", callback);
  },
};

async function loadThreads(): Promise<Threads> {
  if (typeof (globalThis as { Worker?: unknown }).Worker === "function") return webThreads;
  return (await import("./node_threads.ts")).nodeThreads;
}

/** The Worker threads of the runtime this code runs in, chosen once when the module loads. */
export const threads: Threads = await loadThreads();
