// Child process of random_access_child_test.ts, for what a test process cannot show from inside:
// `open PATH` opens a path that may be a FIFO with no writer (had the open blocked, the parent's
// time limit kills this process instead of the suite hanging) and prints the error's code;
// `forget PATH` opens the file, reads it, drops it without closing it, forces garbage collection,
// and prints how many descriptors of the file are open before and after.
import process from "node:process";
import { FileError, openRandomAccess } from "../../mod.ts";
import { countDescriptors } from "../file/_proc.ts";
import { collectGarbage } from "../file/_gc.ts";

const [mode, path] = process.argv.slice(2);

if (mode === "open") {
  const started = performance.now();
  try {
    (await openRandomAccess(path)).close();
    console.log(JSON.stringify({ opened: true }));
  } catch (error) {
    const { code, message } = error as FileError;
    const ms = Math.round(performance.now() - started);
    console.log(JSON.stringify({ isFileError: error instanceof FileError, code, message, ms }));
  }
} else {
  // Inside a function, so nothing it made stays reachable from this module's frame.
  const takeAndForget = async (): Promise<number> => {
    let sum = 0;
    for (let i = 0; i < 3; i++) {
      const file = await openRandomAccess(path);
      sum += (await file.readAt(new Uint8Array(4), i))[0];
    }
    return sum;
  };
  const sum = await takeAndForget();
  const before = countDescriptors(path);
  for (let round = 0; round < 50 && countDescriptors(path) > 0; round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  console.log(JSON.stringify({ before, after: countDescriptors(path), sum }));
}
