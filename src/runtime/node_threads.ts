// Worker threads where there is no global Worker (Node): node:worker_threads, wrapped into the web
// shape of threads.ts. Messages arrive as MessageEvents and failures as ErrorEvents, as they do
// from a web Worker, so the pool's code does not know the difference.
import process from "node:process";
import { parentPort, Worker } from "node:worker_threads";
import type { ParentThread, Threads, ThreadWorker } from "./threads.ts";

/** An ErrorEvent for an error a Worker threw (Node has no global ErrorEvent). */
class ThreadErrorEvent extends Event {
  readonly message: string;
  readonly error: unknown;
  readonly filename = "";
  readonly lineno = 0;
  readonly colno = 0;

  constructor(error: unknown) {
    super("error", { cancelable: true });
    this.error = error;
    this.message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

/** The node:worker_threads Worker behind each thread handed out. */
const underlying = new WeakMap<ThreadWorker, Worker>();

function start(url: URL): ThreadWorker {
  // The Worker inherits this process's flags (execArgv), type stripping included.
  const worker = new Worker(url);
  const thread: ThreadWorker = {
    onmessage: null,
    onerror: null,
    postMessage: (message) => worker.postMessage(message),
    terminate: () => void worker.terminate(),
  };
  worker.on("message", (data) => thread.onmessage?.(new MessageEvent("message", { data })));
  // Listened to always: an "error" nobody listens to would end the whole process.
  worker.on("error", (error) => thread.onerror?.(new ThreadErrorEvent(error)));
  underlying.set(thread, worker);
  return thread;
}

function watchExit(thread: ThreadWorker, onExit: (how: string) => void): () => void {
  const worker = underlying.get(thread);
  if (worker === undefined) return () => {};
  const onWorkerExit = (code: number) => onExit(`exit code ${code}`);
  worker.on("exit", onWorkerExit);
  return () => void worker.off("exit", onWorkerExit);
}

function atExit(callback: () => void): void {
  // In a Worker, process.exit() ends only its thread, and this thread's process emits "exit".
  process.on("exit", callback);
}

function parent(): ParentThread {
  const port = parentPort;
  if (port === null) throw new Error("Cannot talk to a parent thread outside a Worker");
  let listener: ParentThread["onmessage"] = null;
  port.on("message", (data) => listener?.(new MessageEvent("message", { data })));
  return {
    get onmessage() {
      return listener;
    },
    set onmessage(value) {
      listener = value;
    },
    postMessage: (message) => port.postMessage(message),
  };
}

/** Worker threads through node:worker_threads. */
export const nodeThreads: Threads = {
  name: "node:worker_threads",
  start,
  parent,
  watchExit,
  atExit,
};
