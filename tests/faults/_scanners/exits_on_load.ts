// A worker module that ends its Worker's thread while it is being loaded, before any scanner runs.
import process from "node:process";

process.exit(7);

export default function never(): number {
  return 0;
}
