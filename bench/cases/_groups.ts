// Which builder makes the timed pass of each case group: the one place the worker
// (../harness/_worker.ts) reaches into the cases.
import type { CaseSpec, Pass } from "../harness/_case.ts";
import { bufferPass } from "./_buffer.ts";
import { parallelPass } from "./_parallel.ts";
import { recordsPass } from "./_records.ts";
import { scanPass } from "./_scan.ts";
import { transformPass } from "./_transform.ts";

/** Builds the timed pass of `spec` with its group's builder. */
export function buildPass(spec: CaseSpec): Promise<Pass> {
  switch (spec.group) {
    case "scan":
      return scanPass(spec);
    case "transform":
      return transformPass(spec);
    case "buffer":
      return bufferPass(spec);
    case "records":
      return recordsPass(spec);
    case "parallel":
      return parallelPass(spec);
  }
}
