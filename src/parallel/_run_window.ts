// Runs a user's window scanner over one window, in a Worker or in the calling thread alike.
import { type ScanControl, windowChunks, type WindowPlan } from "./_window_chunks.ts";
import type { ScanWindow, WindowScanner } from "./scan_file.ts";

/** The scanner a module exports: its default export, else its export named `scan`. */
export async function loadScanner(moduleHref: string): Promise<WindowScanner<unknown>> {
  const module = await import(moduleHref);
  const scanner = typeof module.default === "function" ? module.default : module.scan;
  if (typeof scanner !== "function") {
    throw new TypeError(
      `Cannot scan with ${moduleHref} as it must export a function (default, or named scan)`,
    );
  }
  return scanner;
}

/** Calls `scanner` on the window's chunks; the window's file is released once it settles. */
export async function runWindow(
  scanner: WindowScanner<unknown>,
  plan: WindowPlan,
  index: number,
  data: unknown,
  control: ScanControl,
): Promise<unknown> {
  const window: ScanWindow = {
    path: plan.path,
    index,
    offset: plan.range.offset,
    length: plan.range.length,
    mapped: plan.mapped,
  };
  const chunks = windowChunks(plan, control);
  try {
    return await scanner(chunks, window, data);
  } finally {
    // Also when the scanner stopped early or never iterated: unmaps, closes the file.
    await chunks.return();
  }
}

/** An error as plain data a message can carry (an Error's own fields do not survive every clone). */
export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
}

export function toErrorData(error: unknown): ErrorData {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: "Error", message: String(error) };
}

export function fromErrorData(data: ErrorData): Error {
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
